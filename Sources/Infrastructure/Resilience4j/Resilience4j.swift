import SimCore

/// One service's Spring Cloud CircuitBreaker with Resilience4j (spring-cloud-circuitbreaker-
/// resilience4j 2.1, resilience4j 1.7.0), as Spring Cloud OpenFeign 3.1 uses it with
/// `feign.circuitbreaker.enabled`: one circuit breaker and one time limiter per Feign
/// method, named by its config key (`StockService#getStock(Long)`), created on
/// first use with the configuration the properties give it. Calls run on the factory's
/// `Executors.newCachedThreadPool()`, which has no bound: the starter brings no bulkhead
/// (resilience4j-bulkhead is optional and not on its classpath).
public final class Resilience4j {
    let sim: Simulation
    /// The wall clock's phase (time-based windows bucket by its seconds).
    public var clockPhase: SimDuration = .zero
    public private(set) var breakers: [(group: String, breaker: Resilience4jCircuitBreaker, limiter: TimeLimiter)] = []
    /// Called on every breaker transition: (breaker, its Feign client, from, to).
    public var onTransition: ((Resilience4jCircuitBreaker, String, Resilience4jCircuitBreaker.State, Resilience4jCircuitBreaker.State) -> Void)?

    public init(sim: Simulation) { self.sim = sim }

    /// The circuit breaker and time limiter of `id`, made on first use.
    public func instance(_ id: String, group: String, config: SpringBootConfig) -> (breaker: Resilience4jCircuitBreaker, limiter: TimeLimiter) {
        if let b = breakers.first(where: { $0.breaker.name == id }) { return (b.breaker, b.limiter) }
        let breaker = Resilience4jCircuitBreaker(name: id, config: Resilience4jProperties.circuitBreaker(id, in: config), sim: sim)
        let limiter = TimeLimiter(name: id, config: Resilience4jProperties.timeLimiter(id, in: config), sim: sim)
        breaker.clockPhase = clockPhase
        breaker.onTransition = { [unowned(unsafe) self, unowned(unsafe) breaker] from, to in self.onTransition?(breaker, group, from, to) }
        breakers.append((group, breaker, limiter))
        return (breaker, limiter)
    }

    /// The process died: the registries live in its memory.
    public func reset() {
        for b in breakers { b.breaker.shutDown() }
        breakers.removeAll()
    }
}
