import SimCore
import Formats

/// Resilience4j 1.7's `CircuitBreakerConfig`, with its defaults (`CircuitBreakerConfig`'s
/// DEFAULT_* constants), bound from `resilience4j.circuitbreaker.configs.default.*` and
/// `resilience4j.circuitbreaker.instances.NAME.*`.
public struct CircuitBreakerConfig: Sendable, Equatable {
    public enum SlidingWindowType: String, Sendable { case countBased = "COUNT_BASED", timeBased = "TIME_BASED" }

    /// `failure-rate-threshold`: 50 (%).
    public var failureRateThreshold = 50.0
    /// `slow-call-rate-threshold`: 100 (%).
    public var slowCallRateThreshold = 100.0
    /// `slow-call-duration-threshold`: 60 s.
    public var slowCallDurationThreshold: SimDuration = .seconds(60)
    /// `permitted-number-of-calls-in-half-open-state`: 10.
    public var permittedNumberOfCallsInHalfOpenState = 10
    /// `sliding-window-type`: COUNT_BASED.
    public var slidingWindowType = SlidingWindowType.countBased
    /// `sliding-window-size`: 100 (calls, or seconds for TIME_BASED).
    public var slidingWindowSize = 100
    /// `minimum-number-of-calls`: 100.
    public var minimumNumberOfCalls = 100
    /// `wait-duration-in-open-state`: 60 s.
    public var waitDurationInOpenState: SimDuration = .seconds(60)
    /// `automatic-transition-from-open-to-half-open-enabled`: false.
    public var automaticTransitionFromOpenToHalfOpenEnabled = false
    /// `record-exceptions`: empty, so every exception counts as a failure.
    public var recordExceptions: [String] = []

    public init() {}

    /// The keys the binding accepts, as written in application.yml (kebab case).
    public static let keys = ["failure-rate-threshold", "slow-call-rate-threshold", "slow-call-duration-threshold",
                              "permitted-number-of-calls-in-half-open-state", "sliding-window-type", "sliding-window-size",
                              "minimum-number-of-calls", "wait-duration-in-open-state",
                              "automatic-transition-from-open-to-half-open-enabled", "record-exceptions", "base-config"]

    /// Sets one property by its canonical (relaxed-binding) suffix.
    public mutating func set(_ canonical: String, _ value: String) throws {
        switch canonical {
        case "failureratethreshold": failureRateThreshold = try Resilience4jValues.percent(value)
        case "slowcallratethreshold": slowCallRateThreshold = try Resilience4jValues.percent(value)
        case "slowcalldurationthreshold": slowCallDurationThreshold = try Resilience4jValues.duration(value)
        case "permittednumberofcallsinhalfopenstate": permittedNumberOfCallsInHalfOpenState = try Resilience4jValues.int(value, 1...1_000_000)
        case "slidingwindowtype":
            guard let t = SlidingWindowType(rawValue: String(value.uppercased().map { $0 == "-" ? "_" : $0 })) else {
                throw ValueError("'\(value)' is not a sliding window type (expected COUNT_BASED or TIME_BASED)")
            }
            slidingWindowType = t
        case "slidingwindowsize": slidingWindowSize = try Resilience4jValues.int(value, 1...1_000_000)
        case "minimumnumberofcalls": minimumNumberOfCalls = try Resilience4jValues.int(value, 1...1_000_000)
        case "waitdurationinopenstate": waitDurationInOpenState = try Resilience4jValues.duration(value)
        case "automatictransitionfromopentohalfopenenabled": automaticTransitionFromOpenToHalfOpenEnabled = try Resilience4jValues.bool(value)
        case "recordexceptions": recordExceptions = value.split(separator: ",").map { String($0).trimmingSpaces }
        case "baseconfig":
            guard value == "default" else { throw ValueError("'\(value)' is not a config this model knows (expected default: configs.default)") }
        default: throw ValueError("unknown")
        }
    }
}

/// Resilience4j 1.7's `TimeLimiterConfig`: `timeout-duration` 1 s, `cancel-running-future` true.
public struct TimeLimiterConfig: Sendable, Equatable {
    public var timeoutDuration: SimDuration = .seconds(1)
    public var cancelRunningFuture = true
    public init() {}
    public static let keys = ["timeout-duration", "cancel-running-future", "base-config"]

    public mutating func set(_ canonical: String, _ value: String) throws {
        switch canonical {
        case "timeoutduration": timeoutDuration = try Resilience4jValues.duration(value)
        case "cancelrunningfuture": cancelRunningFuture = try Resilience4jValues.bool(value)
        case "baseconfig":
            guard value == "default" else { throw ValueError("'\(value)' is not a config this model knows (expected default: configs.default)") }
        default: throw ValueError("unknown")
        }
    }
}

/// Values as Spring Boot binds them for Resilience4j: durations with a unit (`610ms`, `5s`)
/// or bare milliseconds, integers, booleans, percentages.
enum Resilience4jValues {
    static func duration(_ v: String) throws -> SimDuration {
        if let ms = Int64(v), ms >= 0 {
            guard ms <= 1_000_000_000 else { throw ValueError("'\(v)' is too long (at most 1000000000 ms)") }
            return .milliseconds(ms)
        }
        return try ValueSyntax.duration(v)
    }
    static func int(_ v: String, _ range: ClosedRange<Int>) throws -> Int {
        guard let i = Int(v), range.contains(i) else { throw ValueError("'\(v)' is not valid here (expected a whole number from \(range.lowerBound) to \(range.upperBound))") }
        return i
    }
    static func percent(_ v: String) throws -> Double {
        guard let d = Double(v), d > 0, d <= 100 else { throw ValueError("'\(v)' is not valid here (expected a percentage above 0 and at most 100)") }
        return d
    }
    static func bool(_ v: String) throws -> Bool {
        guard let b = ValueSyntax.bool(v) else { throw ValueError("'\(v)' is not valid here (expected \(ValueSyntax.boolHelp))") }
        return b
    }
}
