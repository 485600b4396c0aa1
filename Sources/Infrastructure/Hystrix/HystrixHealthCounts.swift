import SimCore

/// What a Hystrix command execution ended as (`HystrixEventType`).
public enum HystrixEventType: Int, Sendable, CaseIterable {
    case success, failure, timeout, threadPoolRejected, semaphoreRejected, shortCircuited

    public var name: String {
        switch self {
        case .success: return "SUCCESS"
        case .failure: return "FAILURE"
        case .timeout: return "TIMEOUT"
        case .threadPoolRejected: return "THREAD_POOL_REJECTED"
        case .semaphoreRejected: return "SEMAPHORE_REJECTED"
        case .shortCircuited: return "SHORT_CIRCUITED"
        }
    }
}

/// The breaker's view of the rolling window (`HystrixCommandMetrics.HealthCounts`):
/// total = success + failure + timeout + thread-pool-rejected + semaphore-rejected;
/// errors = total − success; short-circuited calls do not count.
public struct HealthCounts: Equatable, Sendable {
    public var total: Int64 = 0
    public var errors: Int64 = 0
    /// `(int) (errors / total * 100)`, truncated as Hystrix does.
    public var errorPercentage: Int { total == 0 ? 0 : Int(Double(errors) / Double(total) * 100) }

    public init(total: Int64 = 0, errors: Int64 = 0) { self.total = total; self.errors = errors }
}

/// Hystrix 1.5's `HealthCountsStream`: events are counted into buckets of
/// `healthSnapshot.intervalInMilliseconds` from the stream's start, and at each bucket's
/// end the sum of the last `rollingStats.timeInMilliseconds / interval` buckets is emitted.
/// The stream starts with empty buckets, so a window is always full. Memory is fixed.
struct HealthCountsStream {
    private let bucket: Int64
    private let buckets: Int
    private(set) var start: SimTime
    private var counts: [(index: Int64, total: Int64, errors: Int64)]

    init(start: SimTime, properties: HystrixCommandProperties) {
        bucket = max(1, properties.healthSnapshotInterval.nanoseconds)
        buckets = max(1, Int(properties.rollingWindow.nanoseconds / bucket))
        self.start = start
        counts = Array(repeating: (-1, 0, 0), count: buckets)
    }

    /// Index of the bucket holding time `t`.
    func index(_ t: SimTime) -> Int64 { (t.nanoseconds - start.nanoseconds) / bucket }


    mutating func record(_ e: HystrixEventType, at t: SimTime) {
        guard e != .shortCircuited else { return }
        let i = index(t)
        let slot = Int(i % Int64(buckets))
        if counts[slot].index != i { counts[slot] = (i, 0, 0) }
        counts[slot].total += 1
        if e != .success { counts[slot].errors += 1 }
    }

    /// The snapshot emitted at the end of bucket `last`: the sum of buckets last−n+1 … last.
    func snapshot(endingWith last: Int64) -> HealthCounts {
        var h = HealthCounts()
        for c in counts where c.index > last - Int64(buckets) && c.index <= last {
            h.total += c.total
            h.errors += c.errors
        }
        return h
    }
}
