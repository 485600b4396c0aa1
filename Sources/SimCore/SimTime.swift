/// A point on the virtual clock: integer nanoseconds since the start of the run.
///
/// Time is never a `Double` in the model, so it never accumulates rounding error and
/// two runs agree to the nanosecond (the design of NIO's `NIODeadline`).
public struct SimTime: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = SimTime(nanoseconds: 0)
    /// Far enough in the future to mean "never" without overflowing when added to.
    public static let distantFuture = SimTime(nanoseconds: Int64.max / 4)

    public static func < (a: SimTime, b: SimTime) -> Bool { a.nanoseconds < b.nanoseconds }
    public static func + (a: SimTime, d: SimDuration) -> SimTime { SimTime(nanoseconds: a.nanoseconds + d.nanoseconds) }
    public static func - (a: SimTime, d: SimDuration) -> SimTime { SimTime(nanoseconds: a.nanoseconds - d.nanoseconds) }
    public static func - (a: SimTime, b: SimTime) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds - b.nanoseconds) }
    public static func += (a: inout SimTime, d: SimDuration) { a.nanoseconds += d.nanoseconds }

    /// Seconds since the start, for reporting only.
    public var seconds: Double { Double(nanoseconds) / 1e9 }
    public var description: String { SimDuration(nanoseconds: nanoseconds).description }
}

/// An interval of virtual time in integer nanoseconds (NIO's `TimeAmount`).
public struct SimDuration: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = SimDuration(nanoseconds: 0)
    public static func nanoseconds(_ n: Int64) -> SimDuration { SimDuration(nanoseconds: n) }
    public static func microseconds(_ n: Int64) -> SimDuration { SimDuration(nanoseconds: n * 1_000) }
    public static func milliseconds(_ n: Int64) -> SimDuration { SimDuration(nanoseconds: n * 1_000_000) }
    public static func seconds(_ n: Int64) -> SimDuration { SimDuration(nanoseconds: n * 1_000_000_000) }
    public static func minutes(_ n: Int64) -> SimDuration { .seconds(n * 60) }
    /// Converts a (sampled) number of seconds, rounding to the nearest nanosecond.
    public static func fromSeconds(_ s: Double) -> SimDuration {
        guard s.isFinite else { return SimDuration(nanoseconds: s > 0 ? Int64.max / 4 : 0) }
        let ns = DeterministicMath.round(s * 1e9)
        if ns >= 9.2e18 / 4 { return SimDuration(nanoseconds: Int64.max / 4) }
        if ns <= -9.2e18 / 4 { return SimDuration(nanoseconds: -Int64.max / 4) }
        return SimDuration(nanoseconds: Int64(ns))
    }

    public static func < (a: SimDuration, b: SimDuration) -> Bool { a.nanoseconds < b.nanoseconds }
    public static func + (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds + b.nanoseconds) }
    public static func - (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds - b.nanoseconds) }
    public static func * (a: SimDuration, k: Int64) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds * k) }
    public static func += (a: inout SimDuration, b: SimDuration) { a.nanoseconds += b.nanoseconds }

    public var seconds: Double { Double(nanoseconds) / 1e9 }
    public var milliseconds: Double { Double(nanoseconds) / 1e6 }

    /// The shortest exact spelling in the scenario language (`610ms`, `2s`, `1500us`).
    public var description: String {
        let n = nanoseconds
        if n == 0 { return "0s" }
        if n % 3_600_000_000_000 == 0 { return "\(n / 3_600_000_000_000)h" }
        if n % 60_000_000_000 == 0 && n >= 60_000_000_000 { return "\(n / 60_000_000_000)m" }
        if n % 1_000_000_000 == 0 { return "\(n / 1_000_000_000)s" }
        if n % 1_000_000 == 0 { return "\(n / 1_000_000)ms" }
        if n % 1_000 == 0 { return "\(n / 1_000)us" }
        return "\(n)ns"
    }
}
