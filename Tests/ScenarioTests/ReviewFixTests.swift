import XCTest
import SimCore
import Formats
import Infrastructure
import Report
@testable import Scenario

/// Inputs a review found to crash or hang the tools: each must now be refused or handled.
final class ReviewFixTests: XCTestCase {
    func run(_ text: String, seed: UInt64? = nil) throws -> (RunResult, String) {
        guard case .success(let s) = Parser.parse(bytes: Array(text.utf8), file: "r.scenario") else {
            XCTFail("parse"); throw CancellationError()
        }
        var o = RunOptions(); o.seed = seed
        var out = ""
        let r = Runner(scenario: s, options: o, output: { out += $0 }).run()
        return (r, out)
    }

    func testABreakerOfADeadProcessNeverFiresItsAutomaticTransition() throws {
        // The automatic OPEN -> HALF_OPEN timer used to outlive its breaker.
        let (r, out) = try run("""
        config reservation resortsim.feign.circuit-breaker=resilience4j
        config reservation resilience4j.circuitbreaker.configs.default.sliding-window-size=2 resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=2
        config reservation resilience4j.circuitbreaker.configs.default.automatic-transition-from-open-to-half-open-enabled=true
        config reservation resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=5s
        stop resort
        http POST :8081/reservations resortId:=1 memberName=MK
        http POST :8081/reservations resortId:=1 memberName=MK
        http POST :8081/reservations resortId:=1 memberName=MK
        fault reservation crash
        wait 10s
        """)
        XCTAssertTrue(out.contains("CLOSED -> OPEN"))
        XCTAssertFalse(out.contains("OPEN -> HALF_OPEN"), "the breaker died with its process")
        XCTAssertTrue(r.warnings.isEmpty)
    }

    func testHugeBareMillisecondsAreRefusedNotOverflowed() {
        var cfg = SpringBootConfig()
        XCTAssertThrowsError(try cfg.set("resilience4j.timelimiter.configs.default.timeout-duration", "9999999999999"))
        XCTAssertThrowsError(try cfg.set("feign.client.config.default.read-timeout", "9999999999999"))
        XCTAssertNoThrow(try cfg.set("feign.client.config.default.read-timeout", "60000"))
    }

    func testASiegeShorterThanASecondEndsAtOnceWhateverTheClocksPhase() throws {
        for seed in UInt64(1)...6 {
            let (r, _) = try run("siege -c1 -t0.5S http://localhost:8082/resorts", seed: seed)
            XCTAssertLessThanOrEqual(r.loads[0].elapsed, 0.5)
        }
    }

    func testAnImpossibleObservedRunIsRefused() {
        XCTAssertThrowsError(try SiegeOutput(text: "Availability: nan %\nResponse time: 1 secs\nTransaction rate: 2 trans/sec\n"))
        XCTAssertThrowsError(try SiegeOutput(text: "Availability: 120 %\nResponse time: 1 secs\nTransaction rate: 2 trans/sec\n"))
    }

    func testAtEchoesItsOwnCommandWhateverTheIndentOrParameters() throws {
        let (_, out) = try run("param t = 1s\n   at ${t} stop kafka\nwait 2s\n")
        XCTAssertTrue(out.contains("$ stop kafka\n"), out)
    }

    func testMalformedPartialsAreRefused() throws {
        let good = ComparePartial(scenario: "s", parameters: ["a"], combinations: [["1"], ["2"]], seeds: 2, baseSeed: nil,
                                  shard: 1, shards: 1, outcomes: [.init(combination: 1, seed: 1, summary: nil, problem: "x")])
        XCTAssertEqual(try ComparePartial(json: good.encode()), good)
        for (a, b) in [("\"shards\":1", "\"shards\":0"), ("\"combination\":1", "\"combination\":7"), ("[[\"1\"],[\"2\"]]", "[[\"1\",\"9\"],[\"2\"]]")] {
            let text = good.encode().replacingOccurrences(of: a, with: b)
            XCTAssertNotEqual(text, good.encode(), "the edit \(a) -> \(b) applies")
            XCTAssertThrowsError(try ComparePartial(json: text), "\(a) -> \(b)")
        }
        var other = good
        other.fingerprint = "set timeout=1s"
        XCTAssertThrowsError(try ComparePartial.merge([good, other]))
    }

    func testATraceFileWithASelfParentedSpanStillPrints() throws {
        let text = """
        [{"traceId":"1","id":"a","name":"root","timestamp":9223372036854775000,"duration":5},
         {"traceId":"1","id":"b","parentId":"b","name":"loop","timestamp":-9223372036854775000,"duration":9223372036854775000}]
        """
        let v = try TraceView(json: text)
        let tree = TraceView.tree(v.traces[0])
        XCTAssertTrue(tree.contains("root"))
        XCTAssertFalse(v.breakdown().isEmpty)
    }
}
