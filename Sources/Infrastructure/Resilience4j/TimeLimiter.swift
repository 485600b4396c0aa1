import SimCore

/// Resilience4j 1.7's `TimeLimiter` (TimeLimiterImpl.java) as spring-cloud-circuitbreaker-
/// resilience4j 2.1 uses it: the caller's thread waits for the call's future up to
/// `timeout-duration`; if the answer has not come by then it gets a `TimeoutException`
/// (`JavaExceptions.timeLimiterTimeout`), and an answer that comes later is dropped.
///
/// On a time-out the limiter cancels the future (`cancel-running-future`, see
/// `TimeLimiterConfig`): the pool thread's blocking socket read ignores the interrupt, so
/// the call itself runs on to its end either way.
public final class TimeLimiter {
    /// The instance's name (the Feign method's config key).
    public let name: String
    public let config: TimeLimiterConfig
    private unowned(unsafe) let sim: Simulation

    init(name: String, config: TimeLimiterConfig, sim: Simulation) {
        self.name = name
        self.config = config
        self.sim = sim
    }

    /// `timeout-duration`.
    public var timeoutDuration: SimDuration { config.timeoutDuration }

    /// Starts waiting for one call: returns the future the call answers. `completion` gets
    /// the answer if it comes within `timeoutDuration`, nil (the TimeoutException) at
    /// `timeoutDuration` otherwise; nothing once `ownerAlive` is false (the caller's process
    /// died).
    func waitFor<Answer>(ownerAlive: @escaping () -> Bool, _ completion: @escaping (Answer?) -> Void) -> OneShot<Answer?> {
        OneShot<Answer?>(sim: sim, timeout: config.timeoutDuration, ownerAlive: ownerAlive, onTimeout: { nil }, deliver: completion)
    }
}
