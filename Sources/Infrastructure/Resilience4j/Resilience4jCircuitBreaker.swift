import SimCore

/// Resilience4j 1.7's `CircuitBreakerStateMachine`: CLOSED, OPEN and HALF_OPEN.
///
/// - CLOSED lets every call through and records it in the sliding window; once the window
///   holds `minimumNumberOfCalls`, a failure rate or slow-call rate at or above its
///   threshold opens the circuit.
/// - OPEN refuses calls (`CallNotPermittedException`, not recorded) until
///   `waitDurationInOpenState` has passed; then the next permission request moves it to
///   HALF_OPEN (or a timer does, with `automaticTransitionFromOpenToHalfOpenEnabled`).
/// - HALF_OPEN lets `permittedNumberOfCallsInHalfOpenState` calls through and refuses the
///   rest; once they have all been recorded, the same thresholds decide OPEN or CLOSED.
public final class Resilience4jCircuitBreaker {
    public enum State: String, Sendable { case closed = "CLOSED", open = "OPEN", halfOpen = "HALF_OPEN" }

    public let name: String
    public private(set) var config: CircuitBreakerConfig
    public private(set) var state: State = .closed
    /// Calls refused while OPEN or HALF_OPEN (`numberOfNotPermittedCalls`).
    public private(set) var notPermitted: UInt64 = 0
    /// The window's calls and failures when the last call was recorded (what a transition
    /// decided on).
    public private(set) var lastWindow = (calls: 0, failed: 0, slow: 0)
    /// Told of every transition: (from, to).
    public var onTransition: ((State, State) -> Void)?
    /// Where virtual time 0 falls within the wall clock's second: a time-based window's
    /// buckets are the clock's seconds.
    public var clockPhase: SimDuration = .zero

    private let sim: Simulation
    private var metrics: SlidingWindowMetrics
    private var openedAt = SimTime.zero
    private var halfOpenPermits = 0
    private var autoTimer = TimerHandle.none

    public init(name: String, config: CircuitBreakerConfig, sim: Simulation) {
        self.name = name
        self.config = config
        self.sim = sim
        metrics = SlidingWindowMetrics(timeBased: config.slidingWindowType == .timeBased, size: config.slidingWindowSize)
    }

    /// The window's failure rate now, in percent (-1 with no call recorded).
    public var failureRate: Double { metrics.snapshot(at: sim.now + clockPhase).failureRate }
    public var slowCallRate: Double { metrics.snapshot(at: sim.now + clockPhase).slowCallRate }
    public var bufferedCalls: Int { metrics.snapshot(at: sim.now + clockPhase).calls }

    /// The process died: a pending automatic transition must not fire for a breaker that is gone.
    func shutDown() { sim.cancel(autoTimer) }

    /// `tryAcquirePermission()`: whether a call may go ahead now.
    public func tryAcquirePermission() -> Bool {
        switch state {
        case .closed:
            return true
        case .open:
            // Strictly after the wait. In 1.7.0 the request that moves the circuit to
            // HALF_OPEN is let through without taking one of its permits (1.7.1 changed
            // that), so N + 1 calls may go through; Spring Cloud 2021.0 ships 1.7.0.
            guard sim.now > openedAt + config.waitDurationInOpenState else { notPermitted += 1; return false }
            transition(to: .halfOpen)
            return true
        case .halfOpen:
            guard halfOpenPermits > 0 else { notPermitted += 1; return false }
            halfOpenPermits -= 1
            return true
        }
    }

    /// `onError`: a permitted call that ended with `exception` (its class and superclasses,
    /// `JavaExceptions`) after `duration`. It counts as a failure when `record-exceptions`
    /// records it, else as a success (CircuitBreakerStateMachine.handleThrowable, 1.7.0
    /// lines 225-238: "recorded an exception as success").
    public func onError(_ exception: [String], duration: SimDuration) {
        onResult(success: !config.recordsAsFailure(exception), duration: duration)
    }

    /// `onSuccess` / `onError`: records a permitted call that took `duration`.
    public func onResult(success: Bool, duration: SimDuration) {
        guard state != .open else { return } // a call that began before the circuit opened
        let slow = duration > config.slowCallDurationThreshold
        let outcome: SlidingWindowMetrics.Outcome = success ? (slow ? .slowSuccess : .success) : (slow ? .slowError : .error)
        let s = metrics.record(outcome, at: sim.now + clockPhase)
        lastWindow = (s.calls, s.failed, s.slow)
        // A count-based window never needs more calls than it holds.
        let minimum = state == .halfOpen ? config.permittedNumberOfCallsInHalfOpenState
            : config.slidingWindowType == .countBased ? min(config.minimumNumberOfCalls, config.slidingWindowSize) : config.minimumNumberOfCalls
        guard s.calls >= minimum else { return }
        let above = s.failureRate >= config.failureRateThreshold || s.slowCallRate >= config.slowCallRateThreshold
        switch state {
        case .closed: if above { transition(to: .open) }
        case .halfOpen: transition(to: above ? .open : .closed)
        case .open: break
        }
    }

    private func transition(to new: State) {
        let old = state
        state = new
        sim.cancel(autoTimer)
        switch new {
        case .closed:
            metrics = SlidingWindowMetrics(timeBased: config.slidingWindowType == .timeBased, size: config.slidingWindowSize)
        case .open:
            openedAt = sim.now
            if config.automaticTransitionFromOpenToHalfOpenEnabled {
                autoTimer = sim.schedule(after: config.waitDurationInOpenState) { [unowned(unsafe) self] in
                    if self.state == .open { self.transition(to: .halfOpen) }
                }
            }
        case .halfOpen:
            halfOpenPermits = config.permittedNumberOfCallsInHalfOpenState
            metrics = SlidingWindowMetrics(timeBased: false, size: config.permittedNumberOfCallsInHalfOpenState)
        }
        onTransition?(old, new)
    }
}
