import SimCore

/// HikariCP's connection pool: `maximum-pool-size` connections (10); a borrower waits in
/// line up to `connection-timeout` (30 s), then gets an SQLTransientConnectionException.
public final class HikariPool {
    /// The pool's connections.
    public let connections: Resource

    init(name: String, size: Int, sim: Simulation) {
        connections = Resource(name: name + ".hikari", capacity: size, sim: sim)
    }

    /// Borrows a connection, waiting up to `timeout`; `then(false)` when it timed out.
    func getConnection(timeout: SimDuration, _ then: @escaping (Bool) -> Void) {
        connections.acquire(timeout: timeout, then)
    }

    func release() { connections.release() }
}
