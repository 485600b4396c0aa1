import SimCore

/// The calls a Resilience4j circuit breaker has seen, in its sliding window: the last N
/// calls (`FixedSizeSlidingWindowMetrics`) or the calls of the last N whole seconds
/// (`SlidingTimeWindowMetrics`, one bucket per epoch second). Memory is fixed by N.
struct SlidingWindowMetrics {
    struct Snapshot: Equatable {
        var calls = 0, failed = 0, slow = 0
        var failureRate: Double { calls == 0 ? -1 : Double(failed) * 100 / Double(calls) }
        var slowCallRate: Double { calls == 0 ? -1 : Double(slow) * 100 / Double(calls) }
    }
    enum Outcome { case success, error, slowSuccess, slowError }

    private let timeBased: Bool
    private let size: Int
    // Count based: a ring of the last `size` outcomes.
    private var ring: [Outcome?]
    private var head = 0
    // Time based: one bucket per second, by epoch second.
    private var buckets: [(second: Int64, s: Snapshot)]
    private var total = Snapshot()

    init(timeBased: Bool, size: Int) {
        self.timeBased = timeBased
        self.size = max(1, size)
        ring = timeBased ? [] : Array(repeating: nil, count: max(1, size))
        buckets = timeBased ? Array(repeating: (-1, Snapshot()), count: max(1, size)) : []
    }

    private static func add(_ o: Outcome, to s: inout Snapshot, _ sign: Int) {
        s.calls += sign
        switch o {
        case .success: break
        case .error: s.failed += sign
        case .slowSuccess: s.slow += sign
        case .slowError: s.slow += sign; s.failed += sign
        }
    }

    /// Records a call and returns the window's totals. `now` is the wall clock's time (the
    /// buckets are the clock's epoch seconds, as Resilience4j's are).
    mutating func record(_ o: Outcome, at now: SimTime) -> Snapshot {
        if timeBased {
            let second = now.nanoseconds / 1_000_000_000
            moveWindow(to: second)
            let i = Int(second % Int64(size))
            SlidingWindowMetrics.add(o, to: &buckets[i].s, 1)
        } else {
            if let old = ring[head] { SlidingWindowMetrics.add(old, to: &total, -1) }
            ring[head] = o
            head = (head + 1) % size
        }
        SlidingWindowMetrics.add(o, to: &total, 1)
        return total
    }

    /// The window's totals now (a time-based window drops the seconds that left it).
    mutating func snapshot(at now: SimTime) -> Snapshot {
        if timeBased { moveWindow(to: now.nanoseconds / 1_000_000_000) }
        return total
    }

    private var lastSecond: Int64 = .min

    /// Moves the window's end to `second`: the buckets of the seconds that left it are
    /// emptied (at most the window's size of them, however long the gap).
    private mutating func moveWindow(to second: Int64) {
        if second == lastSecond { return }
        let first = lastSecond == .min ? second - Int64(size) + 1 : max(lastSecond + 1, second - Int64(size) + 1)
        var s = first
        while s <= second {
            let i = Int(((s % Int64(size)) + Int64(size)) % Int64(size))
            if buckets[i].second != s {
                total.calls -= buckets[i].s.calls; total.failed -= buckets[i].s.failed
                total.slow -= buckets[i].s.slow
                buckets[i] = (s, Snapshot())
            }
            s += 1
        }
        lastSecond = second
    }
}
