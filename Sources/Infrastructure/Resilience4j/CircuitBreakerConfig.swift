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
    /// `record-exceptions`: none, so every exception counts as a failure
    /// (DEFAULT_RECORD_EXCEPTION_PREDICATE, CircuitBreakerConfig.java:51). With classes, an
    /// exception that is none of them nor a subclass counts as a success
    /// (CircuitBreakerStateMachine.handleThrowable, lines 225-238). Binary names
    /// (`JavaExceptions.known`); `record-exceptions[0]`, `[1]`... set one element each.
    public var recordExceptions: [String] = []
    /// With `base-config`, the base's own predicate, ORed with the instance's classes:
    /// `Builder(baseConfig)` copies it (line 272) and `createRecordExceptionPredicate`
    /// (780-785) keeps it. nil without a base; empty when the base lists no class, and then
    /// every exception is recorded whatever the instance lists.
    public var baseRecordExceptions: [String]? = nil

    public init() {}

    /// Whether a call that ended with `exception` (its class and superclasses, as
    /// `JavaExceptions` gives them) counts as a failure; otherwise it counts as a success.
    public func recordsAsFailure(_ exception: [String]) -> Bool {
        let listed = recordExceptions.contains { exception.contains($0) }
        guard let base = baseRecordExceptions else { return recordExceptions.isEmpty || listed }
        return listed || base.isEmpty || base.contains { exception.contains($0) }
    }

    /// The keys the binding accepts, as written in application.yml (kebab case).
    public static let keys = ["failure-rate-threshold", "slow-call-rate-threshold", "slow-call-duration-threshold",
                              "permitted-number-of-calls-in-half-open-state", "sliding-window-type", "sliding-window-size",
                              "minimum-number-of-calls", "wait-duration-in-open-state",
                              "automatic-transition-from-open-to-half-open-enabled", "record-exceptions", "base-config"]
    /// resilience4j-spring-boot2 1.7.0's other circuit breaker properties
    /// (CircuitBreakerConfigurationProperties.InstanceProperties): refused as not modelled.
    public static let notModelled = ["max-wait-duration-in-half-open-state", "ignore-exceptions", "record-failure-predicate",
                                     "enable-exponential-backoff", "exponential-backoff-multiplier",
                                     "exponential-max-wait-duration-in-open-state", "enable-randomized-wait", "randomized-wait-factor",
                                     "ring-buffer-size-in-closed-state", "ring-buffer-size-in-half-open-state",
                                     "writable-stack-trace-enabled", "register-health-indicator", "allow-health-indicator-to-fail",
                                     "event-consumer-buffer-size"]

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
        case "recordexceptions":
            // Spring's ClassArrayEditor: comma-separated, each name trimmed and loaded.
            let names = value.trimmingSpaces.isEmpty ? [] : value.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
            recordExceptions = try names.map(JavaExceptions.resolve)
        case let k where k.hasPrefix("recordexceptions["):
            guard k.hasSuffix("]"), let i = Int(k.dropFirst("recordexceptions[".count).dropLast()), (0..<1000).contains(i) else {
                throw ValueError("unknown")
            }
            let name = try JavaExceptions.resolve(value.trimmingSpaces)
            while recordExceptions.count <= i { recordExceptions.append("") }
            recordExceptions[i] = name
        case "baseconfig":
            guard value == "default" else { throw ValueError("'\(value)' is not a config this model knows (expected default: configs.default)") }
        default: throw ValueError("unknown")
        }
    }
}

/// Resilience4j 1.7's `TimeLimiterConfig` (TimeLimiterConfig.java).
public struct TimeLimiterConfig: Sendable, Equatable {
    /// `timeout-duration`: 1 s.
    public var timeoutDuration: SimDuration = .seconds(1)
    /// `cancel-running-future`: true (line 15). On a time-out the limiter calls
    /// `future.cancel(true)` (TimeLimiterImpl.java:53-55), which interrupts the pool thread;
    /// Feign's blocking socket read ignores the interrupt and the cached pool never queues a
    /// task, so either value leaves the call running to its end and nothing else changes:
    /// the model honours both by doing the same (as Hystrix's interruptOnTimeout).
    public var cancelRunningFuture = true
    public init() {}
    public static let keys = ["timeout-duration", "cancel-running-future", "base-config"]
    /// resilience4j-spring-boot2 1.7.0's other time limiter property: refused as not modelled.
    public static let notModelled = ["event-consumer-buffer-size"]

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
