import SimCore

/// Hystrix 1.5's `HystrixCircuitBreakerImpl`: CLOSED → OPEN when a health snapshot shows
/// at least `requestVolumeThreshold` requests and `errorThresholdPercentage` % errors;
/// after `sleepWindowInMilliseconds` exactly one call may try (HALF_OPEN); its success
/// closes the circuit and resets the metrics stream, its failure reopens it.
public final class HystrixCircuitBreaker {
    public enum State: String, Sendable { case closed = "CLOSED", open = "OPEN", halfOpen = "HALF_OPEN" }

    public private(set) var state: State = .closed
    private var openedAt = SimTime.zero
    var properties: HystrixCommandProperties
    /// Called on every state change with (from, to, the counts that caused it, if any).
    var onChange: ((State, State, HealthCounts?) -> Void)?

    init(properties: HystrixCommandProperties) { self.properties = properties }

    /// A new health snapshot (`onNext` of the health counts stream).
    func onHealth(_ hc: HealthCounts, now: SimTime) {
        guard hc.total >= Int64(properties.requestVolumeThreshold),
              hc.errorPercentage >= properties.errorThresholdPercentage,
              state == .closed else { return }
        openedAt = now
        move(to: .open, hc)
    }

    /// `attemptExecution()`: may this call run? After the sleep window (strictly after, as
    /// `isAfterSleepWindow` compares), the first caller becomes the half-open trial.
    func attemptExecution(now: SimTime) -> Bool {
        if properties.forceOpen { return false }
        if properties.forceClosed || !properties.breakerEnabled { return true }
        switch state {
        case .closed: return true
        case .halfOpen: return false
        case .open:
            guard now > openedAt + properties.sleepWindow else { return false }
            move(to: .halfOpen, nil)
            return true
        }
    }

    /// Returns whether the stream must be reset (the trial succeeded).
    func markSuccess() -> Bool {
        guard state == .halfOpen else { return false }
        move(to: .closed, nil)
        return true
    }

    func markNonSuccess(now: SimTime) {
        guard state == .halfOpen else { return }
        openedAt = now
        move(to: .open, nil)
    }

    /// `isOpen()`, as the dashboards show it.
    public var isOpen: Bool {
        if properties.forceOpen { return true }
        if properties.forceClosed { return false }
        return state != .closed
    }

    private func move(to s: State, _ hc: HealthCounts?) {
        let from = state
        state = s
        onChange?(from, s, hc)
    }
}
