import SimCore

/// One row of `resortsim compare`: the figures of one combination of parameter values over
/// several seeds.
public struct CompareRow: Sendable {
    /// The value of each varied parameter, in the order they were given.
    public let values: [String]
    public var runs: [RunSummary] = []
    /// Runs whose scenario had no load to measure, or stopped at a bound.
    public var problems: [String] = []

    public init(values: [String]) { self.values = values }

    /// The values as one label (`500ms, 10`).
    public var value: String { values.joined(separator: ", ") }
    public var availability: [Double] { runs.map { $0.availability } }
    public var availabilityMean: Double { mean(availability) }
    /// Half-width of the 95 % confidence interval of the mean (Student's t), nil below 2 runs.
    public var availabilityCI95: Double? { CompareTable.ci95(availability) }
    public var transactionRate: Double { mean(runs.map { $0.transactionRate }) }
    public var responseTime: Double { mean(runs.map { $0.responseTime }) }
    /// p99 of every response of every seed (the histograms merged).
    public var p99: Double { CompareRow.percentile(runs.map { $0.histogram }, 0.99) }
    public var failed: Double { mean(runs.map { Double($0.failed) }) }
    public var breakerOpenShare: Double { mean(runs.map { $0.breakerOpenShare }) }
    /// How many runs saw a pod stop while their load ran (a rollout's old pod inside siege's window).
    public var runsWithPodStop: Int { runs.filter { $0.podStops > 0 }.count }

    func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }

    /// The value (seconds) at quantile `q` of the histograms merged: what
    /// `LatencyHistogram.merge` and `percentile` give, with every count summed saturating
    /// and every bucket bound checked, since a merge's histograms come from files whose
    /// counts may be anything up to 2^64 - 1.
    static func percentile(_ histograms: [LatencyHistogram], _ q: Double) -> Double {
        func add(_ a: UInt64, _ b: UInt64) -> UInt64 { let s = a.addingReportingOverflow(b); return s.overflow ? .max : s.partialValue }
        var counts: [UInt64] = []
        var count: UInt64 = 0, low = Int64.max, high: Int64 = 0
        for h in histograms {
            for b in h.buckets where (0..<16_384).contains(b.index) {
                if b.index >= counts.count { counts.append(contentsOf: repeatElement(0, count: b.index - counts.count + 1)) }
                counts[b.index] = add(counts[b.index], b.count)
            }
            count = add(count, h.count)
            if h.count > 0 { low = min(low, h.min); high = max(high, h.max) }
        }
        guard count > 0 else { return 0 }
        let r = (q * Double(count)).rounded(.up)
        let rank: UInt64 = r >= 0x1p64 ? .max : (r >= 1 ? UInt64(r) : 1)
        var seen: UInt64 = 0
        for (i, c) in counts.enumerated() where c > 0 {
            seen = add(seen, c)
            if seen >= rank { return Double(min(max(midpoint(i), low), high)) / 1e9 }
        }
        return Double(high) / 1e9
    }

    /// `LatencyHistogram`'s midpoint of bucket `i`, lo + (hi - 1 - lo) / 2; a bucket above
    /// every Int64 value gives Int64.max.
    static func midpoint(_ i: Int) -> Int64 {
        if i < 256 { return Int64(i) }
        let shift = (i - 256) / 128 + 1
        let sub = Int64((i - 256) % 128 + 128)
        guard shift <= 55 else { return .max }
        let mid = (sub << Int64(shift)).addingReportingOverflow((Int64(1) << Int64(shift - 1)) - 1)
        return mid.overflow ? .max : mid.partialValue
    }
}
