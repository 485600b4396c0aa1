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
        // Through the file, as `compare --merge` reads it: hits 2^63-1 (the reported crash)
        // is refused by the reader now, naming the field; the table itself, handed such
        // figures directly, still gives a table rather than a trap.
        let text = p.encode()
        XCTAssertTrue(text.contains("\"hits\":9223372036854775807"), text)
        XCTAssertThrowsError(try ComparePartial(json: text)) { e in
            XCTAssertTrue((e as? ComparePartial.Problem)?.message.hasPrefix("outcomes[0].hits: 9223372036854775807 is out of range") ?? false, "\(e)")
        }
        var r = CompareRow(values: ["1s"])
        for o in p.outcomes { if let s = o.summary { r.runs.append(s) } }
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

    // MARK: compare.svg's x axis

    /// The x of each availability point, in the rows' order.
    func xs(_ svg: String) -> [Double] {
        svg.components(separatedBy: "\n").filter { $0.contains("fill=\"#1f6feb\"><title>") }.compactMap { line -> Double? in
            guard let a = line.range(of: "cx=\""), let b = line[a.upperBound...].firstIndex(of: "\"") else { return nil }
            return Double(line[a.upperBound..<b])
        }
    }

    func testDurationsSitInProportionToTheirValues() {
        let values = ["500ms", "600ms", "610ms", "1s"]
        let svg = CompareTable.svg(values.map { row([$0], [summary()]) }, parameter: "timeout", title: "t")
        let x = xs(svg)
        XCTAssertEqual(x.count, 4)
        let ms = [500.0, 600, 610, 1000]
        for i in 0..<4 {
            // 70 px margin, 580 px axis, coordinates rounded to 0.1 px.
            XCTAssertEqual(x[i], 70 + 580 * (ms[i] - 500) / 500, accuracy: 0.051, "\(values[i]) at \(x)")
        }
        XCTAssertTrue(svg.contains(">timeout (to scale)</text>"))
        // 600ms and 610ms are 11.6 px apart: their labels go on two rows.
        XCTAssertTrue(svg.contains("y=\"360.0\" text-anchor=\"middle\">600ms</text>"), svg)
        XCTAssertTrue(svg.contains("y=\"374.0\" text-anchor=\"middle\">610ms</text>"), svg)
    }

    func testNumbersAndPercentagesAreToScaleAndInAnyOrder() {
        let numbers = CompareTable.svg(["10", "20", "50"].map { row([$0], [summary()]) }, parameter: "coreSize", title: "t")
        XCTAssertEqual(xs(numbers), [70, 70 + 580 * 0.25, 650])
        let shares = CompareTable.svg(["50%", "0%", "5%"].map { row([$0], [summary()]) }, parameter: "share", title: "t")
        XCTAssertEqual(xs(shares), [650, 70, 70 + 58])
        // The lines join neighbours on the axis, not the rows' order.
        XCTAssertTrue(shares.contains("points=\"70.0,"), shares)
        XCTAssertEqual(CompareAxis(["1m", "30s", "90s"].map { [$0] }).positions, [0.5, 0, 1])
    }

    func testOtherValuesAreSpacedEvenlyInTheOrderGiven() {
        // Not numbers; numbers of two kinds; two parameters; one value.
        XCTAssertEqual(CompareAxis([["hystrix"], ["resilience4j"], ["none"]]).positions, [0, 0.5, 1])
        XCTAssertNil(CompareAxis([["hystrix"], ["resilience4j"]]).kind)
        XCTAssertEqual(CompareAxis([["10"], ["1s"], ["20%"]]).positions, [0, 0.5, 1])
        XCTAssertEqual(CompareAxis([["500ms", "10"], ["1s", "10"], ["5s", "20"]]).positions, [0, 0.5, 1])
        XCTAssertEqual(CompareAxis([["1s"]]).positions, [0.5])
        XCTAssertEqual(CompareAxis([["1s"], ["1000ms"]]).positions, [0.5, 0.5])
        XCTAssertEqual(CompareAxis([["1e308"], ["-1e308"]]).positions, [1, 0])
        let svg = CompareTable.svg([["500ms", "10"], ["1s", "10"], ["5s", "20"]].map { row($0, [summary()]) }, parameter: "timeout, coreSize", title: "t")
        XCTAssertEqual(xs(svg), [70, 360, 650])
        XCTAssertTrue(svg.contains(">timeout, coreSize</text>"))
    }
}
