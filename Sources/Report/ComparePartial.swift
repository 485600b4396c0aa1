import Foundation
import SimCore
import Formats

/// A shard's share of a `compare` grid (`compare --shard K/N --report DIR`), written as
/// JSON so that `compare --merge` gives the table, CSV and SVG of the unsharded run byte
/// for byte: every floating-point figure is stored as its exact bits.
public struct ComparePartial: Equatable {
    public var scenario: String
    public var parameters: [String]
    public var combinations: [[String]]
    public var seeds: Int
    public var baseSeed: UInt64?
    public var shard: Int
    public var shards: Int
    /// What else decided the runs (overrides, params, bounds, version): shards merge only
    /// if theirs are equal.
    public var fingerprint: String
    public var outcomes: [Outcome]

    public struct Outcome: Equatable {
        public let combination: Int
        public let seed: Int
        public let summary: RunSummary?
        public let problem: String?
        public init(combination: Int, seed: Int, summary: RunSummary?, problem: String?) {
            self.combination = combination; self.seed = seed; self.summary = summary; self.problem = problem
        }
    }

    public init(scenario: String, parameters: [String], combinations: [[String]], seeds: Int, baseSeed: UInt64?,
                shard: Int, shards: Int, fingerprint: String = "", outcomes: [Outcome]) {
        self.scenario = scenario; self.parameters = parameters; self.combinations = combinations; self.seeds = seeds
        self.baseSeed = baseSeed; self.shard = shard; self.shards = shards; self.fingerprint = fingerprint; self.outcomes = outcomes
    }

    /// The shard (1-based) of `shards` that runs combination `c` at seed index `s`: job
    /// k = c × seeds + s belongs to shard k mod shards + 1, so every shard gets a share of
    /// every combination (`Sweep.jobs` slices by this rule, and a merge checks it).
    public static func shard(combination c: Int, seed s: Int, seeds: Int, shards: Int) -> Int { (c * seeds + s) % shards + 1 }

    /// The largest count of requests a partial may hold for one run (a run stops at
    /// `--max-events`, 2·10⁹ events by default, and a request takes several events).
    public static let maxRequests: Int64 = 1 << 40

    /// The file name a shard writes in its report directory.
    public static func fileName(shard: Int, of shards: Int) -> String { "compare-part-\(shard)-of-\(shards).json" }

    public struct Problem: Error { public let message: String }

    static func bits(_ d: Double) -> JSON { .string(String(d.bitPattern, radix: 16)) }
    static func double(_ j: JSON?) throws -> Double {
        guard let s = j?.stringValue, let b = UInt64(s, radix: 16) else { throw Problem(message: "a figure is not in the partial's exact form") }
        return Double(bitPattern: b)
    }

    public func encode() -> String {
        let runs: [JSON] = outcomes.map { o in
            var m: [(String, JSON)] = [("combination", .int(Int64(o.combination))), ("seed", .int(Int64(o.seed)))]
            if let p = o.problem { m.append(("problem", .string(p))) }
            if let s = o.summary {
                let h = s.histogram
                m += [("hits", .int(Int64(s.hits))), ("failed", .int(Int64(s.failed))), ("elapsed", ComparePartial.bits(s.elapsed)),
                      ("totalTime", ComparePartial.bits(s.totalTime)), ("breakerOpenShare", ComparePartial.bits(s.breakerOpenShare)),
                      ("histogram", .object([
                        ("count", .string(String(h.count))), ("min", .int(h.min)), ("max", .int(h.max)), ("sum", ComparePartial.bits(h.sum)),
                        ("buckets", .array(h.buckets.map { .array([.int(Int64($0.index)), .string(String($0.count))]) })),
                      ]))]
                if s.podStops > 0 { m.append(("podStops", .int(Int64(s.podStops)))) }
            }
            return .object(m)
        }
        let doc = JSON.object([
            ("resortsimComparePartial", .int(1)),
            ("scenario", .string(scenario)),
            ("parameters", .array(parameters.map { .string($0) })),
            ("combinations", .array(combinations.map { .array($0.map { .string($0) }) })),
            ("seeds", .int(Int64(seeds))),
            ("baseSeed", baseSeed.map { .string(String($0)) } ?? .null),
            ("shard", .int(Int64(shard))), ("shards", .int(Int64(shards))),
            ("fingerprint", .string(fingerprint)),
            ("outcomes", .array(runs)),
        ])
        return doc.compact + "\n"
    }

    public init(json text: String) throws {
        let d: JSON
        do { d = try JSONParser.parse(text) } catch let f as JSONParser.Failure { throw Problem(message: "not JSON: \(f.describe(in: text))") }
        guard d["resortsimComparePartial"]?.int64Value == 1 else { throw Problem(message: "not a compare partial (written by compare --shard)") }
        guard let scenario = d["scenario"]?.stringValue, case .array(let ps)? = d["parameters"], case .array(let cs)? = d["combinations"],
              let seeds = d["seeds"]?.int64Value, let shard = d["shard"]?.int64Value, let shards = d["shards"]?.int64Value,
              case .array(let os)? = d["outcomes"] else { throw Problem(message: "a compare partial lacks a field") }
        self.scenario = scenario
        parameters = ps.compactMap { $0.stringValue }
        combinations = cs.map { c -> [String] in if case .array(let v) = c { return v.compactMap { $0.stringValue } }; return [] }
        self.seeds = Int(seeds)
        baseSeed = d["baseSeed"]?.stringValue.flatMap { UInt64($0) }
        self.shard = Int(shard); self.shards = Int(shards)
        fingerprint = d["fingerprint"]?.stringValue ?? ""
        guard shards >= 1, shards <= 1_000_000, (1...shards).contains(shard) else { throw Problem(message: "shard \(shard) of \(shards) is not a shard (expected 1 <= K <= N)") }
        let parameterCount = parameters.count
        guard seeds >= 1, seeds <= 1_000_000, !combinations.isEmpty, combinations.allSatisfy({ $0.count == parameterCount }) else {
            throw Problem(message: "the grid is malformed (every combination needs one value per parameter, and seeds at least 1)")
        }
        let combos = combinations.count, seedCount = Int(seeds)
        let shardCount = Int(shards), shardNumber = Int(shard)
        outcomes = try os.enumerated().map { (n, o) in
            func bad(_ field: String, _ why: String) -> Problem { Problem(message: "outcomes[\(n)].\(field): \(why)") }
            guard let c = o["combination"]?.int64Value, let s = o["seed"]?.int64Value else { throw bad("combination", "an outcome lacks its combination or seed") }
            guard c >= 0, c < combos, s >= 0, s < seedCount else { throw bad("combination", "names combination \(c) or seed \(s) outside the grid (\(combos) combinations x \(seedCount) seeds)") }
            guard ComparePartial.shard(combination: Int(c), seed: Int(s), seeds: seedCount, shards: shardCount) == shardNumber else {
                throw bad("seed", "combination \(c) at seed \(s) is not shard \(shardNumber)'s run (it belongs to shard \(ComparePartial.shard(combination: Int(c), seed: Int(s), seeds: seedCount, shards: shardCount)))")
            }
            var summary: RunSummary? = nil
            if o["hits"] != nil || o["failed"] != nil || o["histogram"] != nil {
                // A measured run has all three, its counts whole numbers as written: one
                // missing or mistyped is refused, not taken for a run that measured nothing.
                guard case .int(let hits)? = o["hits"], case .int(let failed)? = o["failed"], let h = o["histogram"] else {
                    throw bad("hits", "a measured run needs hits and failed as whole numbers, and its histogram")
                }
                guard (0...ComparePartial.maxRequests).contains(hits) else { throw bad("hits", "\(hits) is out of range (0 to \(ComparePartial.maxRequests))") }
                guard (0...ComparePartial.maxRequests).contains(failed) else { throw bad("failed", "\(failed) is out of range (0 to \(ComparePartial.maxRequests))") }
                var buckets: [(index: Int, count: UInt64)] = []
                var bucketTotal: UInt64 = 0
                if case .array(let bs)? = h["buckets"] {
                    for b in bs {
                        guard case .array(let pair) = b, pair.count == 2, let i = pair[0].int64Value, (0..<16_384).contains(i),
                              let n = pair[1].stringValue.flatMap({ UInt64($0) }) else {
                            throw bad("histogram.buckets", "a bucket is not [index 0..16383, \"count\"]")
                        }
                        guard buckets.last.map({ $0.index < Int(i) }) ?? true else { throw bad("histogram.buckets", "bucket indexes must rise (\(i) after \(buckets.last?.index ?? 0))") }
                        let (sum, overflow) = bucketTotal.addingReportingOverflow(n)
                        guard !overflow else { throw bad("histogram.buckets", "the counts overflow") }
                        bucketTotal = sum
                        buckets.append((Int(i), n))
                    }
                }
                guard let count = h["count"]?.stringValue.flatMap({ UInt64($0) }), let mn = h["min"]?.int64Value, let mx = h["max"]?.int64Value else {
                    throw bad("histogram", "lacks its count, min or max")
                }
                guard count == bucketTotal else { throw bad("histogram.count", "\(count) is not the sum of its buckets (\(bucketTotal))") }
                guard count <= UInt64(hits + failed) else { throw bad("histogram.count", "\(count) responses, more than hits + failed (\(hits + failed))") }
                guard count == 0 || (0 <= mn && mn <= mx) else { throw bad("histogram.min", "min \(mn) and max \(mx) are not 0 <= min <= max") }
                func figure(_ j: JSON?, _ field: String, upTo limit: Double = .greatestFiniteMagnitude) throws -> Double {
                    let v = try ComparePartial.double(j)
                    guard v.isFinite, v >= 0, v <= limit else { throw bad(field, "\(v) is not a finite figure from 0 to \(limit == .greatestFiniteMagnitude ? "any" : String(format: "%g", limit))") }
                    return v
                }
                let podStops: Int64
                if let v = o["podStops"] {
                    guard case .int(let n) = v else { throw bad("podStops", "is not a whole number") }
                    podStops = n
                } else { podStops = 0 }
                guard (0...ComparePartial.maxRequests).contains(podStops) else { throw bad("podStops", "\(podStops) is out of range (0 to \(ComparePartial.maxRequests))") }
                let histogram = LatencyHistogram(buckets: buckets, count: count, min: mn, max: mx, sum: try figure(h["sum"], "histogram.sum"))
                summary = RunSummary(hits: Int(hits), failed: Int(failed), elapsed: try figure(o["elapsed"], "elapsed"),
                                     totalTime: try figure(o["totalTime"], "totalTime"),
                                     breakerOpenShare: try figure(o["breakerOpenShare"], "breakerOpenShare", upTo: 1 + 1e-9), histogram: histogram,
                                     podStops: Int(podStops))
            }
            return Outcome(combination: Int(c), seed: Int(s), summary: summary, problem: o["problem"]?.stringValue)
        }
    }

    /// Puts shards back together: they must come from one grid and cover every shard once.
    public static func merge(_ parts: [ComparePartial]) throws -> ComparePartial {
        guard let first = parts.first else { throw Problem(message: "no partial to merge") }
        for p in parts where p.scenario != first.scenario || p.parameters != first.parameters || p.combinations != first.combinations
            || p.seeds != first.seeds || p.baseSeed != first.baseSeed || p.shards != first.shards || p.fingerprint != first.fingerprint {
            throw Problem(message: "shard \(p.shard) of \(p.shards) comes from another grid than shard \(first.shard) (scenario, parameters, values, seeds, shard count, overrides, params or version differ)")
        }
        let have = parts.map { $0.shard }.sorted()
        guard have == Array(1...first.shards) else {
            let missing = (1...first.shards).filter { !have.contains($0) }
            throw Problem(message: missing.isEmpty ? "a shard appears twice (\(have.map(String.init).joined(separator: ", ")))"
                                                   : "shard(s) \(missing.map(String.init).joined(separator: ", ")) of \(first.shards) missing")
        }
        var merged = first
        merged.shard = 0
        merged.outcomes = parts.flatMap { $0.outcomes }.sorted { ($0.combination, $0.seed) < ($1.combination, $1.seed) }
        // Every run of the grid exactly once: a dropped or duplicated outcome would move a mean.
        var expected = 0
        for o in merged.outcomes {
            let (c, s) = (expected / first.seeds, expected % first.seeds)
            guard (o.combination, o.seed) == (c, s) else {
                if (o.combination, o.seed) < (c, s) {
                    let shard = ComparePartial.shard(combination: o.combination, seed: o.seed, seeds: first.seeds, shards: first.shards)
                    throw Problem(message: "combination \(o.combination) at seed \(o.seed) appears twice (shard \(shard) of \(first.shards))")
                }
                let shard = ComparePartial.shard(combination: c, seed: s, seeds: first.seeds, shards: first.shards)
                throw Problem(message: "combination \(c) at seed \(s) is missing (shard \(shard) of \(first.shards) should hold it)")
            }
            expected += 1
        }
        guard expected == first.combinations.count * first.seeds else {
            let (c, s) = (expected / first.seeds, expected % first.seeds)
            throw Problem(message: "combination \(c) at seed \(s) is missing (shard \(ComparePartial.shard(combination: c, seed: s, seeds: first.seeds, shards: first.shards)) of \(first.shards) should hold it)")
        }
        return merged
    }
}
