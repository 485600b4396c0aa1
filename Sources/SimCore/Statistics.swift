/// Streaming summary of observations: count, mean, min, max, variance (Welford).
/// Constant memory whatever the number of observations.
public struct Tally: Sendable, Equatable {
    public private(set) var count: UInt64 = 0
    public private(set) var sum: Double = 0
    public private(set) var min: Double = .infinity
    public private(set) var max: Double = -.infinity
    private var m2: Double = 0
    private var meanValue: Double = 0

    public init() {}

    public mutating func add(_ x: Double) {
        count += 1
        sum += x
        if x < min { min = x }
        if x > max { max = x }
        let delta = x - meanValue
        meanValue += delta / Double(count)
        m2 += delta * (x - meanValue)
    }

    public var mean: Double { count == 0 ? 0 : meanValue }
    public var variance: Double { count < 2 ? 0 : m2 / Double(count - 1) }
}

/// A time-weighted average of a piecewise-constant value (queue length, pool use).
public struct TimeWeighted: Sendable {
    public private(set) var value: Double = 0
    public private(set) var maxValue: Double = 0
    private var lastChange: SimTime
    private var area: Double = 0
    private let start: SimTime

    public init(start: SimTime) { self.start = start; lastChange = start }

    public mutating func set(_ v: Double, at now: SimTime) {
        area += value * Double(now.nanoseconds - lastChange.nanoseconds)
        lastChange = now
        value = v
        if v > maxValue { maxValue = v }
    }

    /// The integral of the value over time from the start to `now` (value × nanoseconds).
    public func integral(at now: SimTime) -> Double {
        area + value * Double(now.nanoseconds - lastChange.nanoseconds)
    }

    /// The average from the start to `now`.
    public func average(at now: SimTime) -> Double {
        let total = Double(now.nanoseconds - start.nanoseconds)
        guard total > 0 else { return value }
        return (area + value * Double(now.nanoseconds - lastChange.nanoseconds)) / total
    }
}
