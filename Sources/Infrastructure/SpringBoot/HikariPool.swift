import SimCore

/// HikariCP's connection pool: `maximum-pool-size` connections; a borrower waits in line up
/// to `connection-timeout`, then gets an SQLTransientConnectionException ("Connection is
/// not available, request timed out"). Its gauges are Micrometer's
/// `hikaricp.connections.active` and `hikaricp.connections.pending`. (The defaults, 10
/// and 30 s, are in `SpringBootConfig`.)
public final class HikariPool {
    /// The pool's connections.
    public let connections: Resource
    /// Records its span when the run is traced.
    var tracer: Tracer?
    private let name: String
    private let lifetime: ProcessLifetime

    init(name: String, size: Int, sim: Simulation, lifetime: ProcessLifetime) {
        self.name = name
        self.lifetime = lifetime
        connections = Resource(name: name + ".hikari", capacity: size, sim: sim)
    }

    /// Connections lent out (`hikaricp.connections.active`).
    public var active: Int { connections.inUse }
    /// Borrowers waiting (`hikaricp.connections.pending`).
    public var pending: Int { connections.queueLength }

    /// `HikariPool.getConnection`: borrows a connection, waiting up to `timeout`;
    /// `then(false)` when it timed out. Nothing runs once the process died.
    func getConnection(timeout: SimDuration, trace: TraceContext?, _ then: @escaping (Bool) -> Void) {
        let gen = lifetime.generation
        let span = tracer?.startSpan("HikariPool.getConnection", service: name, parent: trace,
                                     tags: [("hikari.active", String(active)), ("hikari.pending", String(pending))])
        connections.acquire(timeout: timeout) { [unowned(unsafe) self] ok in
            guard self.lifetime.isCurrent(gen) else { return }
            self.tracer?.finish(span, tags: ok ? [] : [("error", "Connection is not available, request timed out")])
            then(ok)
        }
    }

    /// Gives a connection back; the longest waiter gets it.
    func release() { connections.release() }

    /// `maximum-pool-size` changed.
    func resize(_ size: Int) { connections.resize(size) }

    /// The process died: the pool and its waiters are gone.
    func reset() { connections.reset() }
}
