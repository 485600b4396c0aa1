/// A distribution of durations, written in scenarios as `610ms`, `uniform(400ms, 620ms)`,
/// `exponential(mean: 5ms)`, `normal(mean: 2ms, sd: 0.5ms)` or `lognormal(median: 3ms, p99: 40ms)`.
public enum Distribution: Equatable, Sendable, CustomStringConvertible {
    case constant(SimDuration)
    case uniform(SimDuration, SimDuration)
    case exponential(mean: SimDuration)
    case normal(mean: SimDuration, sd: SimDuration)
    /// Written `lognormal(median:p99:)`; it keeps its log-space parameters, computed once.
    case logNormal(LogNormal)

    /// A lognormal given by its median and 99th percentile.
    public static func lognormal(median: SimDuration, p99: SimDuration) -> Distribution {
        .logNormal(LogNormal(median: median, p99: p99))
    }

    /// A lognormal's median and 99th percentile, and the mu and sigma they give.
    public struct LogNormal: Equatable, Sendable {
        public let median: SimDuration
        public let p99: SimDuration
        let mu: Double
        let sigma: Double

        init(median: SimDuration, p99: SimDuration) {
            self.median = median
            self.p99 = p99
            mu = DeterministicMath.log(max(median.seconds, 1e-12))
            sigma = max(0, (DeterministicMath.log(max(p99.seconds, 1e-12)) - mu) / Distribution.z99)
        }

        public static func == (a: LogNormal, b: LogNormal) -> Bool { a.median == b.median && a.p99 == b.p99 }
    }

    /// z for the 99th percentile of the standard normal.
    static let z99 = 2.326347874040841

    /// Draws one duration; never negative (a normal sample below zero is clamped to zero).
    @inline(__always)
    public func sample(_ rng: inout Xoshiro256StarStar) -> SimDuration {
        switch self {
        case .constant(let d):
            return d
        case .uniform(let a, let b):
            let span = UInt64(b.nanoseconds - a.nanoseconds)
            if span == 0 { return a }
            return SimDuration(nanoseconds: a.nanoseconds + Int64(rng.next() % (span + 1)))
        case .exponential(let mean):
            return .fromSeconds(-DeterministicMath.log(rng.nextOpenDouble()) * mean.seconds)
        case .normal(let mean, let sd):
            let v = mean.seconds + sd.seconds * Distribution.standardNormal(&rng)
            return .fromSeconds(max(0, v))
        case .logNormal(let l):
            return .fromSeconds(DeterministicMath.exp(l.mu + l.sigma * Distribution.standardNormal(&rng)))
        }
    }

    /// The distribution's mean.
    public var mean: SimDuration {
        switch self {
        case .constant(let d): return d
        case .uniform(let a, let b): return SimDuration(nanoseconds: (a.nanoseconds + b.nanoseconds) / 2)
        case .exponential(let m): return m
        case .normal(let m, _): return m
        case .logNormal(let l):
            let median = l.median, p99 = l.p99
            let sigma = (DeterministicMath.log(p99.seconds) - DeterministicMath.log(median.seconds)) / Distribution.z99
            return .fromSeconds(median.seconds * DeterministicMath.exp(sigma * sigma / 2))
        }
    }

    /// Box–Muller; uses two uniforms per sample so the stream position is predictable.
    @inline(__always)
    static func standardNormal(_ rng: inout Xoshiro256StarStar) -> Double {
        let u1 = rng.nextOpenDouble(), u2 = rng.nextDouble()
        return (-2 * DeterministicMath.log(u1)).squareRoot() * DeterministicMath.cos(2 * Double.pi * u2)
    }

    public var description: String {
        switch self {
        case .constant(let d): return d.description
        case .uniform(let a, let b): return "uniform(\(a), \(b))"
        case .exponential(let m): return "exponential(mean: \(m))"
        case .normal(let m, let sd): return "normal(mean: \(m), sd: \(sd))"
        case .logNormal(let l): return "lognormal(median: \(l.median), p99: \(l.p99))"
        }
    }
}
