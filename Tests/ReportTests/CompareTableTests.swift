import XCTest
import SimCore
@testable import Report

final class CompareTableTests: XCTestCase {
    func summary(hits: Int = 90, failed: Int = 10, _ latencies: [Int64] = [500_000_000]) -> RunSummary {
        var h = LatencyHistogram()
        for l in latencies { h.record(l) }
        return RunSummary(hits: hits, failed: failed, elapsed: 10, totalTime: 45, breakerOpenShare: 0.25, histogram: h)
    }

    func row(_ values: [String], _ runs: [RunSummary]) -> CompareRow {
        var r = CompareRow(values: values); r.runs = runs; return r
    }

    // MARK: values from a merged partial

    func testAMergedPartialHoldingTheLargestCountsGivesATableNotATrap() throws {
        let huge = LatencyHistogram(buckets: [(index: 100, count: .max), (index: 7295, count: .max), (index: 16_383, count: .max)],
                                    count: .max, min: 0, max: .max, sum: .greatestFiniteMagnitude)
        let run = RunSummary(hits: Int.max, failed: Int.max, elapsed: 1, totalTime: 1, breakerOpenShare: 0, histogram: huge)
        let p = ComparePartial(scenario: "s", parameters: ["timeout"], combinations: [["1s"]], seeds: 2, baseSeed: 1, shard: 1, shards: 1,
                               outcomes: [.init(combination: 0, seed: 0, summary: run, problem: nil), .init(combination: 0, seed: 1, summary: run, problem: nil)])
        // Through the file, as `compare --merge` reads it: hits 2^63-1 (the reported crash).
        let text = p.encode()
        XCTAssertTrue(text.contains("\"hits\":9223372036854775807"), text)
        let merged = try ComparePartial.merge([try ComparePartial(json: text)])
        var r = CompareRow(values: ["1s"])
        for o in merged.outcomes { if let s = o.summary { r.runs.append(s) } }
        XCTAssertEqual(r.runs.count, 2)
        XCTAssertEqual(r.availabilityMean, 50, accuracy: 1e-9)
        // Bucket 100 holds the 99th percentile of 3 * (2^64 - 1) values, saturated to 2^64 - 1.
        XCTAssertEqual(r.p99, 100e-9, accuracy: 1e-15)
        let table = CompareTable.render([r], parameters: ["timeout"], seeds: 2)
        XCTAssertTrue(table.contains("50.00 % ± 0.00"), table)
        XCTAssertTrue(CompareTable.csv([r], parameters: ["timeout"]).contains("\n1s,2,50.0000,0.0000,"))
        XCTAssertTrue(CompareTable.svg([r], parameter: "timeout", title: "t").hasSuffix("</svg>\n"))
        // A histogram whose only values sit in the bucket above every Int64: its max.
        let top = LatencyHistogram(buckets: [(index: 16_383, count: .max)], count: .max, min: 0, max: 5_000_000_000, sum: 0)
        XCTAssertEqual(CompareRow.percentile([top, top], 0.99), 5)
        XCTAssertEqual(CompareRow.midpoint(7295), Int64.max - (Int64(1) << 55) + (Int64(1) << 54))
    }

    func testP99IsWhatTheMergedHistogramGives() {
        var seed: UInt64 = 12345
        func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed >> 11 }
        for trial in 0..<30 {
            var hs: [LatencyHistogram] = []
            for _ in 0..<(1 + trial % 4) {
                var h = LatencyHistogram()
                for _ in 0..<(trial % 7 == 0 ? 0 : 1 + Int(next() % 300)) {
                    // From nanoseconds to an hour, across every magnitude.
                    h.record(Int64(next() % 3_600_000_000_000) >> Int64(next() % 40))
                }
                hs.append(h)
            }
            var merged = LatencyHistogram()
            for h in hs { merged.merge(h) }
            for q in [0.5, 0.9, 0.99, 1.0] {
                XCTAssertEqual(CompareRow.percentile(hs, q), Double(merged.percentile(q)) / 1e9, "trial \(trial), q \(q)")
            }
        }
    }
}
