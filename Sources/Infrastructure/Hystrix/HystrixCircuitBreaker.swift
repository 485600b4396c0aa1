import SimCore

/// Hystrix 1.5.18's `HystrixCircuitBreakerImpl` (1.5.18 re-releases 1.5.11, whose breaker
/// has no HALF_OPEN state; 1.5.12's state machine was reverted in 1.5.13). Spring Cloud
/// Greenwich, the seed's release train, ships 1.5.18.
///
/// - `allowRequest()` is `!isOpen() || allowSingleTest()`.
/// - `isOpen()` reads the latest health snapshot on every request while the circuit is
///   closed, and trips it when the volume and the error percentage pass their thresholds;
///   the circuit opens at that request, not when the snapshot is emitted.
/// - `allowSingleTest()` lets one request through once the sleep window has passed since
///   the circuit opened or was last tested, and moves the test time to now: while a test
///   is in flight the others short-circuit, and if it does not succeed the next test is
///   allowed one sleep window after it. A failed test changes nothing else.
/// - `markSuccess()`, called on every successful execution, closes an open circuit and
///   resets the health counts stream: any success closes it, a test or a call that
///   started before the circuit opened.
public final class HystrixCircuitBreaker {
    /// What `isOpen()` answers; Hystrix 1.5.18 has no other state.
    public enum State: String, Sendable { case closed = "CLOSED", open = "OPEN" }

    public private(set) var state: State = .closed
    /// `circuitOpenedOrLastTestedTime`.
    private var openedOrLastTested = SimTime.zero
    var properties: HystrixCommandProperties
    /// Called on every state change with (from, to, the counts that tripped it, if any).
    var onChange: ((State, State, HealthCounts?) -> Void)?

    init(properties: HystrixCommandProperties) { self.properties = properties }

    /// `allowRequest()`. `health` is the health counts stream's latest snapshot; it is
    /// read only while the circuit is closed (as `isOpen()` reads it).
    func allowRequest(now: SimTime, health: @autoclosure () -> HealthCounts) -> Bool {
        guard properties.breakerEnabled else { return true } // a NoOpCircuitBreaker
        if properties.forceOpen { return false }
        if properties.forceClosed {
            _ = isOpen(now: now, health: health())
            return true
        }
        return !isOpen(now: now, health: health()) || allowSingleTest(now: now)
    }

    /// `isOpen()`: open stays open; closed trips when the latest counts pass the thresholds.
    private func isOpen(now: SimTime, health: @autoclosure () -> HealthCounts) -> Bool {
        if state == .open { return true }
        let hc = health()
        guard hc.total >= Int64(properties.requestVolumeThreshold),
              hc.errorPercentage >= properties.errorThresholdPercentage else { return false }
        openedOrLastTested = now
        move(to: .open, hc)
        return true
    }

    /// `allowSingleTest()`: strictly after the sleep window (`now > opened + window`).
    private func allowSingleTest(now: SimTime) -> Bool {
        guard state == .open, now > openedOrLastTested + properties.sleepWindow else { return false }
        openedOrLastTested = now
        return true
    }

    /// `markSuccess()`. Returns whether the circuit closed (the caller resets the stream).
    func markSuccess() -> Bool {
        guard state == .open else { return false }
        move(to: .closed, nil)
        return true
    }

    /// `isOpen()`, as the dashboards show it.
    public var isOpen: Bool {
        guard properties.breakerEnabled else { return false }
        if properties.forceOpen { return true }
        if properties.forceClosed { return false }
        return state == .open
    }

    private func move(to s: State, _ hc: HealthCounts?) {
        let from = state
        state = s
        onChange?(from, s, hc)
    }
}
