import SimCore

/// One service's Hystrix: command keys and thread pools, created on first use with the
/// properties the service's configuration gives them.
public final class Hystrix {
    let sim: Simulation
    public private(set) var commands: [HystrixCommand] = []
    public private(set) var pools: [HystrixThreadPool] = []
    /// Called on every breaker state change: (command, from, to, counts).
    public var onBreakerChange: ((HystrixCommand, HystrixCircuitBreaker.State, HystrixCircuitBreaker.State, HealthCounts?) -> Void)?

    public init(sim: Simulation) { self.sim = sim }

    /// The command `name` in group (and thread pool) `group`.
    public func command(_ name: String, group: String, config: SpringBootConfig) -> HystrixCommand {
        if let c = commands.first(where: { $0.name == name }) { return c }
        let pool: HystrixThreadPool
        if let p = pools.first(where: { $0.key == group }) { pool = p } else {
            pool = HystrixThreadPool(key: group, properties: HystrixProperties.threadPool(group, in: config))
            pools.append(pool)
        }
        let c = HystrixCommand(name: name, group: group, properties: HystrixProperties.command(name, in: config), pool: pool, sim: sim)
        c.breaker.onChange = { [unowned(unsafe) self, unowned(unsafe) c] from, to, hc in self.onBreakerChange?(c, from, to, hc) }
        commands.append(c)
        return c
    }

    /// The configuration changed: properties are read again (Archaius reads them
    /// dynamically); a thread pool resizes at its next execution (`touchConfig`).
    public func reconfigure(_ config: SpringBootConfig) {
        for c in commands { c.properties = HystrixProperties.command(c.name, in: config) }
        for p in pools { p.reconfigure(HystrixProperties.threadPool(p.key, in: config)) }
    }

    /// The process died: Hystrix's state lives in its memory.
    public func reset() { commands.removeAll(); pools.removeAll() }
}
