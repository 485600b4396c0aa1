import XCTest
import SimCore
import Report
@testable import Scenario

/// Grids of parameter values, and sharded sweeps merged back byte for byte.
final class CompareGridTests: XCTestCase {
    let text = """
    param delay = 5ms
    param threads = 200
    config resort server.tomcat.max-threads=${threads}
    fault resort delay GET /resorts 5ms
    fault resort delay GET /resorts ${delay}
    siege -c8 -t2S http://localhost:8082/resorts
    """

    func file() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("grid-\(ProcessInfo.processInfo.processIdentifier).scenario").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testCombinationsVaryTheFirstParameterSlowest() {
        let c = Sweep.combinations([("timeout", ["500ms", "610ms", "700ms"]), ("coreSize", ["10", "20"])])
        XCTAssertEqual(c, [["500ms", "10"], ["500ms", "20"], ["610ms", "10"], ["610ms", "20"], ["700ms", "10"], ["700ms", "20"]])
        XCTAssertEqual(Sweep.combinations([]), [[]])
    }

    func testShardsCoverEveryRunOnceAndShareEveryCombination() {
        let all = Sweep.jobs(combinations: 6, seeds: 3)
        XCTAssertEqual(all.count, 18)
        let parts = (1...4).map { Sweep.jobs(combinations: 6, seeds: 3, shard: $0, of: 4) }
        XCTAssertEqual(parts.map { $0.count }.reduce(0, +), 18)
        let union = parts.flatMap { $0 }.map { "\($0.0)/\($0.1)" }
        XCTAssertEqual(Set(union).count, 18)
    }

    func testAGridRowsAndShardedRunsMergeToTheSameBytes() throws {
        let path = try file()
        let params = ["delay", "threads"]
        let combos = Sweep.combinations([("delay", ["1ms", "20ms"]), ("threads", ["1", "200"])])
        guard case .success(let scenarios) = Sweep.scenarios(file: path, parameters: params, combinations: combos, overrides: [:]) else {
            return XCTFail("the grid's scenarios do not parse")
        }
        let whole = Sweep.run(scenarios, jobs: Sweep.jobs(combinations: 4, seeds: 2), baseSeed: 1, options: RunOptions()) { _, _ in }
        let rows = Sweep.rows(combos, whole)
        XCTAssertEqual(rows.map { $0.value }, ["1ms, 1", "1ms, 200", "20ms, 1", "20ms, 200"])
        // One Tomcat thread and a 20 ms handler: fewer requests per second than 200 threads.
        XCTAssertLessThan(rows[2].transactionRate, rows[3].transactionRate / 2)
        let table = CompareTable.render(rows, parameters: params, seeds: 2)
        XCTAssertTrue(table.hasPrefix("delay  threads"))
        let csv = CompareTable.csv(rows, parameters: params)
        XCTAssertTrue(csv.hasPrefix("delay,threads,seeds,"))

        var parts: [ComparePartial] = []
        for k in 1...3 {
            let out = Sweep.run(scenarios, jobs: Sweep.jobs(combinations: 4, seeds: 2, shard: k, of: 3), baseSeed: 1, options: RunOptions()) { _, _ in }
            let p = ComparePartial(scenario: "grid", parameters: params, combinations: combos, seeds: 2, baseSeed: 1, shard: k, shards: 3, outcomes: out)
            parts.append(try ComparePartial(json: p.encode())) // through the file format
        }
        let merged = try ComparePartial.merge(parts.reversed())
        let mergedRows = Sweep.rows(merged.combinations, merged.outcomes)
        XCTAssertEqual(CompareTable.csv(mergedRows, parameters: params), csv)
        XCTAssertEqual(CompareTable.render(mergedRows, parameters: params, seeds: 2), table)
        XCTAssertEqual(CompareTable.svg(mergedRows, parameter: "delay, threads", title: "t"), CompareTable.svg(rows, parameter: "delay, threads", title: "t"))

        XCTAssertThrowsError(try ComparePartial.merge(Array(parts.prefix(2)))) { e in
            XCTAssertEqual((e as? ComparePartial.Problem)?.message, "shard(s) 3 of 3 missing")
        }
        var other = parts[2]
        other.seeds = 5
        XCTAssertThrowsError(try ComparePartial.merge([parts[0], parts[1], other]))
        XCTAssertThrowsError(try ComparePartial(json: "{\"x\":1}"))
    }
}
