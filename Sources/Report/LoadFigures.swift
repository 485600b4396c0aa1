import SimCore

/// What one load command measured, kept as siege 4.0.4 keeps its books (`src/browser.c`
/// `__http`, `src/data.c`, `src/main.c`), so that 4xx answers are hits:
/// - Failed transactions = the requests for which `__request` returned FALSE: socket
///   errors, read time-outs, 408 and 500–509 (and 418, which is also a hit);
/// - Transactions (hits) = every other answer, 404, 403, 400 and 510+ included;
/// - Successful = answers below 400, and 401 and 407 (`response_success`);
/// - availability = hits / (hits + failed), response time = total / hits,
///   transaction rate = hits / elapsed, concurrency = total / elapsed, where total is the
///   time of every answered request, 5xx included (a refused connection adds none);
/// - longest and shortest are over every answered request; shortest prints 0 when nothing
///   succeeded (`data_get_lowest`).
public struct LoadFigures: Sendable {
    public var command: String
    public var line: Int
    public var users: Int
    /// siege's `hits`: answers other than 408 and 500–509 (418 counts here and in failed).
    public var hits = 0
    /// siege's `code`: answers below 400, and 401 and 407.
    public var successful = 0
    /// siege's `my.failed`: 408 and 500–509 answers (and 418), connection failures and
    /// time-outs. The 1024-failure abort counts these.
    public var failed = 0
    public var connectionFailures = 0
    public var elapsed: Double = 0
    public var bytes = 0
    /// Sum of the response times of every response (seconds).
    public var totalTime: Double = 0
    public var longest: Double = 0
    public var shortest: Double = -1
    /// Response times of every response, for percentiles.
    public var histogram = LatencyHistogram()
    public var statusCounts: [Int: Int] = [:]
    /// When the load started (seconds of virtual time).
    public var start: Double = 0
    /// Per breaker (`caller->client`), the seconds it was not CLOSED during the load and
    /// how many times it opened, in name order.
    public var breakers: [(name: String, notClosedSeconds: Double, openings: Int)] = []
    /// The pods whose process stopped for good while the load ran (a rollout's old pod, a
    /// deleted or killed one), with the seconds since the load started, in order.
    public var podsStopped: [(pod: String, atSeconds: Double)] = []
    /// How many did: `compare` counts the runs in which one did.
    public var podStops: Int { podsStopped.count }

    /// Share of the load's time the named breaker (or, with nil, any breaker) was open.
    public func breakerOpenShare(_ name: String? = nil) -> Double {
        guard elapsed > 0 else { return 0 }
        let b = breakers.filter { name == nil || $0.name == name }
        return (b.map { $0.notClosedSeconds }.max() ?? 0) / elapsed
    }

    public init(command: String, line: Int, users: Int) { self.command = command; self.line = line; self.users = users }

    /// Records one HTTP answer as `__http` does.
    public mutating func record(status: Int, seconds: Double, bytes b: Int) {
        totalTime += seconds
        histogram.record(Int64((seconds * 1e9).rounded()))
        statusCounts[status, default: 0] += 1
        if status == 418 {
            // "It's not an HTTP server": a hit and a failure, its body unread, no high or low mark.
            hits += 1; failed += 1
            return
        }
        bytes += b
        if seconds > longest { longest = seconds }
        if shortest < 0 || seconds < shortest { shortest = seconds }
        if LoadFigures.isSuccess(status) { successful += 1 }
        if LoadFigures.failsRequest(status) { failed += 1 } else { hits += 1 }
    }

    /// `response_success`: below 400, or 401 or 407.
    public static func isSuccess(_ status: Int) -> Bool { status < 400 || status == 401 || status == 407 }
    /// The answers for which `__http` returns FALSE, so that siege counts a failure: 408 and
    /// 500–509 (and 418). Every other answer is a hit.
    public static func failsRequest(_ status: Int) -> Bool { status == 408 || status == 418 || (500...509).contains(status) }

    /// Records a request that got no response (refused, reset, timed out).
    public mutating func recordConnectionFailure() {
        failed += 1
        connectionFailures += 1
    }

    public var availability: Double { hits == 0 ? 0 : Double(hits) / Double(hits + failed) * 100 }
    public var responseTime: Double { hits == 0 ? 0 : totalTime / Double(hits) }
    public var transactionRate: Double { elapsed == 0 ? 0 : Double(hits) / elapsed }
    public var megabytes: Double { Double(bytes) / (1024 * 1024) }
    public var throughput: Double { elapsed == 0 ? 0 : megabytes / elapsed }
    public var concurrency: Double { elapsed == 0 ? 0 : totalTime / elapsed }
    /// `data_get_lowest`: the shortest answer, or 0 when nothing succeeded.
    public var shortestOrZero: Double { successful == 0 || shortest < 0 ? 0 : shortest }
    public func percentile(_ q: Double) -> Double { Double(histogram.percentile(q)) / 1e9 }
}
