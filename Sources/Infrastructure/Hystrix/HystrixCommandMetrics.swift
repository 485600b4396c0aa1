import SimCore

/// `HystrixCommandMetrics`: how a command's calls ended, by event type, and the health
/// counts stream its circuit breaker reads (Hystrix 1.5's `HealthCountsStream`).
public final class HystrixCommandMetrics {
    let sim: Simulation
    var properties: HystrixCommandProperties
    private var stream: HealthCountsStream
    /// Outcomes so far, by type.
    public private(set) var counts = Array(repeating: UInt64(0), count: HystrixEventType.allCases.count)

    init(sim: Simulation, properties: HystrixCommandProperties) {
        self.sim = sim
        self.properties = properties
        stream = HealthCountsStream(start: sim.now, properties: properties)
    }

    public func count(_ e: HystrixEventType) -> UInt64 { counts[e.rawValue] }

    func record(_ e: HystrixEventType) {
        counts[e.rawValue] += 1
        guard e != .shortCircuited else { return }
        stream.record(e, at: sim.now)
    }

    /// `metrics.resetStream()`: the breaker closed; counting starts again from now.
    func resetStream() {
        stream = HealthCountsStream(start: sim.now, properties: properties)
    }

    /// `metrics.getHealthCounts()`: the stream's latest emitted snapshot, the one at the end
    /// of the last whole bucket (empty before the first bucket ends).
    public var latestHealth: HealthCounts {
        let last = stream.index(sim.now) - 1
        return last < 0 ? HealthCounts() : stream.snapshot(endingWith: last)
    }

    /// The health counts the next snapshot would report (for tests and timelines).
    public var currentHealth: HealthCounts { stream.snapshot(endingWith: stream.index(sim.now)) }
}
