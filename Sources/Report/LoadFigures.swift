import SimCore

/// What one load command measured, with siege 4's formulas (`src/data.c`):
/// availability = hits / (hits + failed), response time = total / hits,
/// transaction rate = hits / elapsed, concurrency = total / elapsed.
/// A 5xx response adds its time and a failure but no hit (`src/browser.c`).
public struct LoadFigures: Sendable {
    public var command: String
    public var line: Int
    public var users: Int
    /// siege's `hits`: responses other than 408 and 5xx.
    public var hits = 0
    /// siege's `code`: responses below 400 (or 401/407).
    public var successful = 0
    /// Responses of 400 and above (but 401/407), plus connection failures and timeouts.
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

    /// Share of the load's time the named breaker (or, with nil, any breaker) was open.
    public func breakerOpenShare(_ name: String? = nil) -> Double {
        guard elapsed > 0 else { return 0 }
        let b = breakers.filter { name == nil || $0.name == name }
        return (b.map { $0.notClosedSeconds }.max() ?? 0) / elapsed
    }

    public init(command: String, line: Int, users: Int) { self.command = command; self.line = line; self.users = users }

    /// Records one HTTP response.
    public mutating func record(status: Int, seconds: Double, bytes b: Int) {
        totalTime += seconds
        bytes += b
        if seconds > longest { longest = seconds }
        if shortest < 0 || seconds < shortest { shortest = seconds }
        histogram.record(Int64((seconds * 1e9).rounded()))
        statusCounts[status, default: 0] += 1
        let ok = status < 400 || status == 401 || status == 407
        if ok { successful += 1 } else { failed += 1 }
        if !(status == 408 || (500...509).contains(status)) { hits += 1 }
    }

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
    public var shortestOrZero: Double { shortest < 0 ? 0 : shortest }
    public func percentile(_ q: Double) -> Double { Double(histogram.percentile(q)) / 1e9 }
}
