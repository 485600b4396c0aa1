import SimCore
import Formats

/// `hystrix.command.*` properties with Hystrix 1.5's defaults (`HystrixCommandProperties.java`).
public struct HystrixCommandProperties: Sendable, Equatable {
    public enum Isolation: String, Sendable { case thread = "THREAD", semaphore = "SEMAPHORE" }
    /// `execution.isolation.strategy`: THREAD.
    public var isolation: Isolation = .thread
    /// `execution.isolation.thread.timeoutInMilliseconds`: 1000.
    public var timeout: SimDuration = .milliseconds(1000)
    /// `execution.timeout.enabled`: true.
    public var timeoutEnabled = true
    /// `execution.isolation.thread.interruptOnTimeout`: true. Feign's blocking socket read
    /// ignores the interrupt, so the pool thread stays busy until the answer arrives either way.
    public var interruptOnTimeout = true
    /// `execution.isolation.semaphore.maxConcurrentRequests`: 10.
    public var semaphoreMaxConcurrent = 10
    /// `fallback.enabled`: true.
    public var fallbackEnabled = true
    /// `circuitBreaker.enabled`: true.
    public var breakerEnabled = true
    /// `circuitBreaker.requestVolumeThreshold`: 20.
    public var requestVolumeThreshold = 20
    /// `circuitBreaker.errorThresholdPercentage`: 50.
    public var errorThresholdPercentage = 50
    /// `circuitBreaker.sleepWindowInMilliseconds`: 5000.
    public var sleepWindow: SimDuration = .milliseconds(5000)
    /// `circuitBreaker.forceOpen` / `forceClosed`: false / false.
    public var forceOpen = false
    public var forceClosed = false
    /// `metrics.rollingStats.timeInMilliseconds`: 10000.
    public var rollingWindow: SimDuration = .milliseconds(10_000)
    /// `metrics.healthSnapshot.intervalInMilliseconds`: 500. The health counts stream buckets
    /// by this interval over the rolling window (`HealthCountsStream`).
    public var healthSnapshotInterval: SimDuration = .milliseconds(500)

    public init() {}

    /// Property suffixes after `hystrix.command.<key>.`, with what each accepts.
    public static let suffixes: [String] = [
        "execution.isolation.strategy", "execution.isolation.thread.timeoutInMilliseconds", "execution.timeout.enabled",
        "execution.isolation.thread.interruptOnTimeout", "execution.isolation.semaphore.maxConcurrentRequests",
        "fallback.enabled", "fallback.isolation.semaphore.maxConcurrentRequests", "circuitBreaker.enabled",
        "circuitBreaker.requestVolumeThreshold", "circuitBreaker.errorThresholdPercentage",
        "circuitBreaker.sleepWindowInMilliseconds", "circuitBreaker.forceOpen", "circuitBreaker.forceClosed",
        "metrics.rollingStats.timeInMilliseconds", "metrics.rollingStats.numBuckets",
        "metrics.healthSnapshot.intervalInMilliseconds",
    ]

    /// Applies one property by its suffix; throws for a value of the wrong kind.
    public mutating func apply(suffix: String, value: String) throws {
        switch HystrixCommandProperties.canonical(suffix) {
        case "executionisolationstrategy":
            guard let i = Isolation(rawValue: value.uppercased()) else { throw ValueError("'\(value)' is not an isolation strategy (expected THREAD or SEMAPHORE)") }
            isolation = i
        case "executionisolationthreadtimeoutinmilliseconds": timeout = try HystrixProperties.millis(value)
        case "executiontimeoutenabled": timeoutEnabled = try HystrixProperties.bool(value)
        case "executionisolationthreadinterruptontimeout": interruptOnTimeout = try HystrixProperties.bool(value)
        case "executionisolationsemaphoremaxconcurrentrequests": semaphoreMaxConcurrent = try HystrixProperties.int(value, 1...100_000)
        case "fallbackenabled": fallbackEnabled = try HystrixProperties.bool(value)
        case "fallbackisolationsemaphoremaxconcurrentrequests":
            // Checked, then not kept: the fallback semaphore (10) bounds fallbacks running at
            // once, and the seed's fallbacks return at once, so it never fills.
            _ = try HystrixProperties.int(value, 1...100_000)
        case "circuitbreakerenabled": breakerEnabled = try HystrixProperties.bool(value)
        case "circuitbreakerrequestvolumethreshold": requestVolumeThreshold = try HystrixProperties.int(value, 0...1_000_000)
        case "circuitbreakererrorthresholdpercentage": errorThresholdPercentage = try HystrixProperties.int(value, 0...100)
        case "circuitbreakersleepwindowinmilliseconds": sleepWindow = try HystrixProperties.millis(value)
        case "circuitbreakerforceopen": forceOpen = try HystrixProperties.bool(value)
        case "circuitbreakerforceclosed": forceClosed = try HystrixProperties.bool(value)
        case "metricsrollingstatstimeinmilliseconds": rollingWindow = try HystrixProperties.millis(value)
        case "metricsrollingstatsnumbuckets":
            // Checked, then not kept: in 1.5 only the dashboard's rolling counters use
            // numBuckets (10); the breaker's HealthCountsStream buckets by the snapshot interval.
            _ = try HystrixProperties.int(value, 1...10_000)
        case "metricshealthsnapshotintervalinmilliseconds": healthSnapshotInterval = try HystrixProperties.millis(value)
        default:
            throw ValueError("unknown Hystrix command property '\(suffix)'" + HystrixProperties.hint(suffix, HystrixCommandProperties.suffixes))
        }
        if healthSnapshotInterval.nanoseconds <= 0 || rollingWindow.nanoseconds < healthSnapshotInterval.nanoseconds {
            throw ValueError("metrics.rollingStats.timeInMilliseconds must be at least metrics.healthSnapshot.intervalInMilliseconds (above 0)")
        }
    }

    static func canonical(_ s: String) -> String { SpringBootConfig.canonical(s) }
}

/// `hystrix.threadpool.*` properties (`HystrixThreadPoolProperties.java`).
public struct HystrixThreadPoolProperties: Sendable, Equatable {
    /// `coreSize`: 10.
    public var coreSize = 10
    /// `maximumSize`: 10, used only with `allowMaximumSizeToDivergeFromCoreSize` (false).
    public var maximumSize = 10
    public var allowMaximumSizeToDivergeFromCoreSize = false
    /// `maxQueueSize`: -1, a SynchronousQueue: no queue, a call finding every thread busy is rejected.
    /// Read once, when the pool is created (the queue is built then).
    public var maxQueueSize = -1
    /// `queueSizeRejectionThreshold`: 5, only when `maxQueueSize` > 0.
    public var queueSizeRejectionThreshold = 5
    /// `keepAliveTimeMinutes`: 1 (threads above coreSize; no effect on the model's figures).
    public var keepAliveTimeMinutes = 1

    public init() {}

    /// Threads the pool may run at once: `actualMaximumSize()` (HystrixThreadPoolProperties.java:138).
    public var threads: Int { allowMaximumSizeToDivergeFromCoreSize ? max(coreSize, maximumSize) : coreSize }

    public static let suffixes = ["coreSize", "maximumSize", "allowMaximumSizeToDivergeFromCoreSize", "maxQueueSize",
                                  "queueSizeRejectionThreshold", "keepAliveTimeMinutes"]

    public mutating func apply(suffix: String, value: String) throws {
        switch SpringBootConfig.canonical(suffix) {
        case "coresize": coreSize = try HystrixProperties.int(value, 1...100_000)
        case "maximumsize": maximumSize = try HystrixProperties.int(value, 1...100_000)
        case "allowmaximumsizetodivergefromcoresize": allowMaximumSizeToDivergeFromCoreSize = try HystrixProperties.bool(value)
        case "maxqueuesize": maxQueueSize = try HystrixProperties.int(value, -1...1_000_000)
        case "queuesizerejectionthreshold": queueSizeRejectionThreshold = try HystrixProperties.int(value, 0...1_000_000)
        case "keepalivetimeminutes": keepAliveTimeMinutes = try HystrixProperties.int(value, 0...100_000)
        default:
            throw ValueError("unknown Hystrix thread pool property '\(suffix)'" + HystrixProperties.hint(suffix, HystrixThreadPoolProperties.suffixes))
        }
    }
}

/// Resolution of Hystrix properties from a service's Spring properties, most specific
/// first: `hystrix.command.<CommandKey>.x`, then `hystrix.command.default.x`, then the default.
public enum HystrixProperties {
    public static func command(_ key: String, in config: SpringBootConfig) -> HystrixCommandProperties {
        var p = HystrixCommandProperties()
        for scope in ["default", key] {
            for suffix in HystrixCommandProperties.suffixes {
                if let v = config.property("hystrix.command.\(scope).\(suffix)") { try? p.apply(suffix: suffix, value: v) }
            }
        }
        return p
    }

    public static func threadPool(_ key: String, in config: SpringBootConfig) -> HystrixThreadPoolProperties {
        var p = HystrixThreadPoolProperties()
        for scope in ["default", key] {
            for suffix in HystrixThreadPoolProperties.suffixes {
                if let v = config.property("hystrix.threadpool.\(scope).\(suffix)") { try? p.apply(suffix: suffix, value: v) }
            }
        }
        return p
    }

    /// Checks a `hystrix.*` key and value as `config` gives them; nil for keys outside Hystrix.
    static func validate(key: String, value: String) throws {
        let parts = key.split(separator: ".", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0].lowercased() == "hystrix" else { return }
        // The command key may itself contain dots only in its argument list; split at the
        // first dot after the key: hystrix.command.<key>.<suffix>.
        let rest = parts[2]
        guard let dot = rest.firstIndex(of: ".") else {
            throw ValueError("'\(key)' names no property (expected hystrix.command.<CommandKey|default>.<property> or hystrix.threadpool.<key|default>.<property>)")
        }
        var keyEnd = dot
        if let close = rest.firstIndex(of: ")"), close > dot, let after = rest[close...].firstIndex(of: ".") { keyEnd = after }
        let suffix = String(rest[rest.index(after: keyEnd)...])
        switch parts[1].lowercased() {
        case "command": var p = HystrixCommandProperties(); try p.apply(suffix: suffix, value: value)
        case "threadpool": var p = HystrixThreadPoolProperties(); try p.apply(suffix: suffix, value: value)
        default: throw ValueError("unknown Hystrix scope '\(parts[1])' (expected command or threadpool)")
        }
    }

    static func int(_ v: String, _ range: ClosedRange<Int>) throws -> Int {
        guard let i = Int(v), range.contains(i) else { throw ValueError("'\(v)' is not valid here (expected a whole number from \(range.lowerBound) to \(range.upperBound))") }
        return i
    }

    static func bool(_ v: String) throws -> Bool {
        guard let b = ValueSyntax.bool(v) else { throw ValueError("'\(v)' is not valid here (expected \(ValueSyntax.boolHelp))") }
        return b
    }

    /// Milliseconds as Hystrix writes them (`610`), or a duration (`610ms`).
    static func millis(_ v: String) throws -> SimDuration {
        if let ms = Int64(v), ms >= 0, ms <= 86_400_000 { return .milliseconds(ms) }
        if let d = try? ValueSyntax.duration(v) { return d }
        throw ValueError("'\(v)' is not valid here (expected milliseconds such as 610, or a duration such as 610ms)")
    }

    static func hint(_ s: String, _ known: [String]) -> String {
        DidYouMean.hint(s, among: known, normalize: SpringBootConfig.canonical)
    }
}
