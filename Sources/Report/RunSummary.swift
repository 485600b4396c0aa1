import SimCore

/// What `compare` keeps of one run: enough for its row's figures, and nothing that grows
/// with the run (a shard writes these, a merge reads them back bit for bit).
///
/// A merge reads these from files, so every figure here is computed without a trap on any
/// value: sums of counts are taken in Double (exact below 2^53, and never an overflow).
public struct RunSummary: Sendable, Equatable {
    public var hits: Int
    public var failed: Int
    public var elapsed: Double
    public var totalTime: Double
    public var breakerOpenShare: Double
    public var histogram: LatencyHistogram
    /// How many pods stopped while the load ran (LoadFigures.podStops).
    public var podStops: Int

    public init(hits: Int, failed: Int, elapsed: Double, totalTime: Double, breakerOpenShare: Double, histogram: LatencyHistogram,
                podStops: Int = 0) {
        self.hits = hits; self.failed = failed; self.elapsed = elapsed; self.totalTime = totalTime
        self.breakerOpenShare = breakerOpenShare; self.histogram = histogram; self.podStops = podStops
    }

    public init(_ f: LoadFigures) {
        self.init(hits: f.hits, failed: f.failed, elapsed: f.elapsed, totalTime: f.totalTime,
                  breakerOpenShare: f.breakerOpenShare(), histogram: f.histogram, podStops: f.podStops)
    }

    // siege's formulas, as LoadFigures has them; hits + failed in Double, as it may not fit an Int.
    public var availability: Double { hits == 0 ? 0 : Double(hits) / (Double(hits) + Double(failed)) * 100 }
    public var responseTime: Double { hits == 0 ? 0 : totalTime / Double(hits) }
    public var transactionRate: Double { elapsed == 0 ? 0 : Double(hits) / elapsed }
}
