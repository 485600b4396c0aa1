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

    init(name: String, size: Int, sim: Simulation) {
        self.name = name
        connections = Resource(name: name + ".hikari", capacity: size, sim: sim)
    }

    /// Connections lent out (`hikaricp.connections.active`).
    public var active: Int { connections.inUse }
    /// Borrowers waiting (`hikaricp.connections.pending`).
    public var pending: Int { connections.queueLength }

    /// The span of a borrower's wait, when the run is traced; `borrowed` ends it.
    func waitSpan(trace: TraceContext?) -> TraceContext? {
        tracer?.startSpan("HikariPool.getConnection", service: name, parent: trace,
                          tags: [("hikari.active", String(active)), ("hikari.pending", String(pending))])
    }

    /// `HikariPool.getConnection`: borrows a connection for `target`, waiting up to
    /// `timeout`: event `kind` with `reference` once it is lent (at once if one is free),
    /// `timeoutKind` when the wait timed out. No closure; when the process dies, `reset`
    /// drops the wait.
    func getConnection(timeout: SimDuration, for target: ComponentID, kind: UInt8, timeoutKind: UInt8, reference: UInt32) {
        connections.acquire(for: target, kind: kind, reference: reference, timeout: timeout, timeoutKind: timeoutKind)
    }

    /// A wait `waitSpan` began ended: lent (`ok`) or timed out.
    func borrowed(_ span: TraceContext?, ok: Bool) {
        tracer?.finish(span, tags: ok ? [] : [("error", "Connection is not available, request timed out")])
    }

    /// Gives a connection back; the longest waiter gets it.
    func release() { connections.release() }

    /// `maximum-pool-size` changed.
    func resize(_ size: Int) { connections.resize(size) }

    /// The process died: the pool and its waiters are gone.
    func reset() { connections.reset() }
}
