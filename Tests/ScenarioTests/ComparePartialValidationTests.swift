import XCTest
import SimCore
import Report
@testable import Scenario

/// `compare --merge` refuses partials that would give a wrong table: each grid point and
/// seed exactly once, and every figure in its range, named by its field.
final class ComparePartialValidationTests: XCTestCase {
    /// Two shards of a 2 x 2 grid, as compare --shard writes them (a run's figures made up
    /// but consistent: the histogram holds hits + failed responses).
    func shards() -> [ComparePartial] {
        var h = LatencyHistogram()
        for v in [1_000_000, 2_000_000, 3_000_000] as [Int64] { h.record(v) }
        let summary = RunSummary(hits: 2, failed: 1, elapsed: 1.5, totalTime: 0.006, breakerOpenShare: 0.25, histogram: h)
        return (1...2).map { k in
            let outcomes = Sweep.jobs(combinations: 2, seeds: 2, shard: k, of: 2).map {
                ComparePartial.Outcome(combination: $0.0, seed: $0.1, summary: summary, problem: nil)
            }
            return ComparePartial(scenario: "s", parameters: ["t"], combinations: [["1"], ["2"]], seeds: 2, baseSeed: 1, shard: k, shards: 2, outcomes: outcomes)
        }
    }

    /// Edits shard 1's JSON text and reads it back.
    func read(_ edit: (String) -> String) throws -> ComparePartial { try ComparePartial(json: edit(shards()[0].encode())) }

    func message(_ edit: @escaping (String) -> String) -> String {
        do { _ = try read(edit); return "accepted" } catch let p as ComparePartial.Problem { return p.message } catch { return "\(error)" }
    }

    func testWellFormedShardsMerge() throws {
        let parts = try shards().map { try ComparePartial(json: $0.encode()) }
        XCTAssertEqual(try ComparePartial.merge(parts).outcomes.count, 4)
    }

    /// A run's count of pods stopped during its load goes through a shard's file and back
    /// (absent when 0, so the files of runs without a stop are as before), and is range-checked.
    func testPodStopsRoundTripThroughAPartial() throws {
        var part = shards()[0]
        let s = try XCTUnwrap(part.outcomes[0].summary)
        var stopped = s
        stopped.podStops = 2
        part.outcomes[0] = ComparePartial.Outcome(combination: part.outcomes[0].combination, seed: part.outcomes[0].seed, summary: stopped, problem: nil)
        let text = part.encode()
        XCTAssertTrue(text.contains("\"podStops\":2"), text)
        XCTAssertFalse(shards()[0].encode().contains("podStops"))
        let back = try ComparePartial(json: text)
        XCTAssertEqual(back.outcomes[0].summary?.podStops, 2)
        XCTAssertEqual(back.outcomes[1].summary?.podStops, 0)
        XCTAssertTrue(message { _ in text.replacingOccurrences(of: "\"podStops\":2", with: "\"podStops\":-1") }
            .hasPrefix("outcomes[0].podStops: -1 is out of range"))
        XCTAssertEqual(message { _ in text.replacingOccurrences(of: "\"podStops\":2", with: "\"podStops\":\"2\"") },
                       "outcomes[0].podStops: is not a whole number")
    }

    func testOutOfRangeFiguresAreRefusedByField() {
        XCTAssertEqual(message { $0.replacingOccurrences(of: "\"hits\":2", with: "\"hits\":9223372036854775807") },
                       "outcomes[0].hits: 9223372036854775807 is out of range (0 to 1099511627776)")
        XCTAssertTrue(message { $0.replacingOccurrences(of: "\"hits\":2", with: "\"hits\":-40") }.hasPrefix("outcomes[0].hits: -40 is out of range"))
        // Counts that are not whole numbers, or too big for one, were taken for a run that
        // measured nothing, and silently dropped from the row.
        for bad in ["1.5", "1e30", "9223372036854775808", "\"2\""] {
            XCTAssertEqual(message { $0.replacingOccurrences(of: "\"hits\":2", with: "\"hits\":\(bad)") },
                           "outcomes[0].hits: a measured run needs hits and failed as whole numbers, and its histogram", bad)
        }
        XCTAssertEqual(message { $0.replacingOccurrences(of: "\"failed\":1,", with: "") },
                       "outcomes[0].hits: a measured run needs hits and failed as whole numbers, and its histogram")
        let nan = String(Double.nan.bitPattern, radix: 16), elapsed = String((1.5).bitPattern, radix: 16)
        XCTAssertTrue(message { $0.replacingOccurrences(of: elapsed, with: nan) }.hasPrefix("outcomes[0].elapsed: nan is not a finite figure"))
        XCTAssertTrue(message { $0.replacingOccurrences(of: "\"count\":\"3\"", with: "\"count\":\"300\"") }.hasPrefix("outcomes[0].histogram.count: 300 is not the sum of its buckets"))
        XCTAssertTrue(message { $0.replacingOccurrences(of: "\"min\":", with: "\"min\":9") }.hasPrefix("outcomes[0].histogram.min:"))
        let share = String((0.25).bitPattern, radix: 16), two = String((2.0).bitPattern, radix: 16)
        XCTAssertTrue(message { $0.replacingOccurrences(of: share, with: two) }.hasPrefix("outcomes[0].breakerOpenShare:"))
        XCTAssertTrue(message { _ in "[1," }.hasPrefix("not JSON: line 1, column 4:"), message { _ in "[1," })
    }

    func testARelabelledSeedIsNotTheShardsRun() {
        // Shard 1 of 2 holds jobs 0 and 2 (combination 0 seed 0, combination 1 seed 0).
        XCTAssertTrue(message { $0.replacingOccurrences(of: "\"combination\":0,\"seed\":0", with: "\"combination\":0,\"seed\":1") }
            .contains("is not shard 1's run"))
    }

    func testADroppedOrDuplicatedOutcomeIsRefusedAtTheMerge() throws {
        var parts = shards()
        parts[0].outcomes.removeLast()
        XCTAssertThrowsError(try ComparePartial.merge(parts)) { e in
            XCTAssertEqual((e as? ComparePartial.Problem)?.message, "combination 1 at seed 0 is missing (shard 1 of 2 should hold it)")
        }
        parts = shards()
        parts[1].outcomes.append(parts[1].outcomes[0])
        XCTAssertThrowsError(try ComparePartial.merge(parts)) { e in
            XCTAssertEqual((e as? ComparePartial.Problem)?.message, "combination 0 at seed 1 appears twice (shard 2 of 2)")
        }
    }

    func testHugeFiguresNoLongerOverflowTheTable() throws {
        // The largest counts a partial may hold still make a table.
        var parts = shards()
        let big = ComparePartial.maxRequests
        parts = try parts.map { p in
            try ComparePartial(json: p.encode().replacingOccurrences(of: "\"hits\":2", with: "\"hits\":\(big)").replacingOccurrences(of: "\"failed\":1", with: "\"failed\":\(big)"))
        }
        let merged = try ComparePartial.merge(parts)
        let rows = Sweep.rows(merged.combinations, merged.outcomes)
        XCTAssertEqual(rows[0].availabilityMean, 50, accuracy: 1e-9)
    }
}
