/// A log-linear histogram of non-negative integer values (nanoseconds) for percentiles,
/// after HdrHistogram: values below 256 have their own bucket; above, each power of two
/// is split into 128 sub-buckets, so a bucket's width is at most 1/128 of its lower bound
/// and the reported midpoint is within 0.4 % of any value in it.
/// Memory is bounded by the largest value seen (at most about 7 300 counters).
public struct LatencyHistogram: Sendable, Equatable {
    private var counts: [UInt64] = []
    public private(set) var count: UInt64 = 0
    public private(set) var min: Int64 = .max
    public private(set) var max: Int64 = 0
    public private(set) var sum: Double = 0

    public init() {}

    @inline(__always)
    static func index(_ v: Int64) -> Int {
        if v < 256 { return Int(v) }
        let msb = 63 - v.leadingZeroBitCount
        let shift = msb - 7
        let sub = Int(v >> Int64(shift)) - 128
        return 256 + (shift - 1) * 128 + sub
    }

    /// The [lower, upper) range of values in bucket `i`.
    static func range(_ i: Int) -> (Int64, Int64) {
        if i < 256 { return (Int64(i), Int64(i) + 1) }
        let shift = (i - 256) / 128 + 1
        let sub = Int64((i - 256) % 128 + 128)
        return (sub << Int64(shift), (sub + 1) << Int64(shift))
    }

    public mutating func record(_ value: Int64) {
        let v = Swift.max(0, value)
        let i = LatencyHistogram.index(v)
        if i >= counts.count { counts.append(contentsOf: repeatElement(0, count: i - counts.count + 1)) }
        counts[i] += 1
        count += 1
        sum += Double(v)
        if v < min { min = v }
        if v > max { max = v }
    }

    public mutating func merge(_ other: LatencyHistogram) {
        if other.counts.count > counts.count {
            counts.append(contentsOf: repeatElement(0, count: other.counts.count - counts.count))
        }
        for (i, c) in other.counts.enumerated() { counts[i] += c }
        count += other.count
        sum += other.sum
        if other.count > 0 {
            min = Swift.min(min, other.min)
            max = Swift.max(max, other.max)
        }
    }

    public var mean: Double { count == 0 ? 0 : sum / Double(count) }

    /// The non-empty buckets, by index: with `count`, `min`, `max` and `sum`, everything
    /// the histogram holds (for writing it out and reading it back exactly).
    public var buckets: [(index: Int, count: UInt64)] { counts.enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) } }

    /// A histogram read back from its buckets.
    public init(buckets: [(index: Int, count: UInt64)], count: UInt64, min: Int64, max: Int64, sum: Double) {
        let size = (buckets.map { $0.index }.max() ?? -1) + 1
        counts = Array(repeating: 0, count: size)
        for b in buckets where b.index >= 0 { counts[b.index] += b.count }
        self.count = count; self.min = min; self.max = max; self.sum = sum
    }

    /// The value at quantile `q` (0…1): the midpoint of the bucket holding the
    /// ceil(q·count)-th smallest value, clamped to the observed min and max.
    public func percentile(_ q: Double) -> Int64 {
        guard count > 0 else { return 0 }
        let rank = Swift.max(1, UInt64((q * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (i, c) in counts.enumerated() where c > 0 {
            seen += c
            if seen >= rank {
                let (lo, hi) = LatencyHistogram.range(i)
                let mid = lo + (hi - 1 - lo) / 2
                return Swift.min(Swift.max(mid, min), max)
            }
        }
        return max
    }
}
