import XCTest
import SimCore
import Formats
import Infrastructure
import Report
@testable import Scenario

/// Zipkin spans of a breaker run: every request traced through reservation and resort.
final class TraceTests: XCTestCase {
    let scenario = """
    seed 3
    config reservation resortsim.warm=true
    config reservation reservation.resort-fallback=true reservation.null-resort=fail reservation.unavailable-resort=continue
    config reservation hystrix.command.default.execution.isolation.thread.timeoutInMilliseconds=610
    fault resort delay GET /resorts/{id} uniform(400ms, 620ms)
    http POST http://localhost:8082/resorts resortName=J resortStatus=Available resortPrice=1
    siege -c30 -t4S 'http://localhost:8081/reservations POST {"resortId":1, "memberName":"MK"}'
    """

    func traced(_ filter: TraceFilter) throws -> (RunResult, [[TraceView.Span]]) {
        guard case .success(let s) = Parser.parse(bytes: Array(scenario.utf8), file: "t.scenario") else {
            XCTFail("parse"); throw CancellationError()
        }
        var o = RunOptions(); o.quiet = true; o.trace = filter
        let r = Runner(scenario: s, options: o, output: { _ in }).run()
        let json = try XCTUnwrap(r.zipkinJSON)
        return (r, try TraceView(json: json).traces)
    }

    func testEveryRequestIsATraceThroughReservationAndResort() throws {
        let (r, traces) = try traced(.sample(1))
        let siege = traces.filter { $0.first?.service == "siege" }
        // Every request siege counted is one trace (requests abandoned at -t's end are not).
        XCTAssertEqual(siege.count, r.loads[0].hits + r.loads[0].failed)
        XCTAssertGreaterThan(siege.count, 50)
        for t in siege {
            let services = Set(t.map { $0.service })
            XCTAssertTrue(services.contains("reservation"))
            XCTAssertEqual(Set(t.map { $0.traceId }).count, 1)
            XCTAssertNil(t[0].parentId)
            // Every span hangs under a span of its trace.
            let ids = Set(t.map { $0.id })
            for s in t.dropFirst() { XCTAssertTrue(ids.contains(s.parentId ?? ""), s.name) }
        }
        // Calls that got to resort carry resort's server span under reservation's Feign span.
        let reached = siege.filter { t in t.contains { $0.service == "resort" && $0.name == "GET /resorts/{id}" } }
        XCTAssertGreaterThan(reached.count, siege.count / 2)
    }

    func testEveryChildLiesWithinItsParent() throws {
        let (_, traces) = try traced(.sample(1))
        for t in traces {
            var byId: [String: TraceView.Span] = [:]
            for s in t { byId[s.id] = s }
            for s in t {
                guard let p = s.parentId.flatMap({ byId[$0] }) else { continue }
                XCTAssertGreaterThanOrEqual(s.timestamp, p.timestamp, "\(s.name) starts before \(p.name)")
                XCTAssertLessThanOrEqual(s.timestamp + s.duration, p.timestamp + p.duration, "\(s.name) ends after \(p.name)")
            }
        }
    }

    func testFailedTracesCarryTheErrorAndTheHystrixEventAndHikariWaitAreVisible() throws {
        let (_, traces) = try traced(.failed)
        XCTAssertFalse(traces.isEmpty)
        for t in traces {
            XCTAssertEqual(t[0].tags.first { $0.0 == "error" }?.1, "java.lang.Exception: The resort is not in a usable status.")
            XCTAssertTrue(t.contains { $0.name == "HikariPool.getConnection" })
            let hystrix = t.first { $0.name == "hystrix ResortService#getResortStatus(Long)" }
            let event = hystrix?.tags.first { $0.0 == "hystrix.event" }?.1
            XCTAssertTrue(["TIMEOUT", "THREAD_POOL_REJECTED", "SHORT_CIRCUITED"].contains(event ?? ""), "\(event ?? "none")")
        }
    }

    func testTheFileIsDeterministicAndSamplingKeepsAStableShare() throws {
        let (a, _) = try traced(.sample(1))
        let (b, _) = try traced(.sample(1))
        XCTAssertEqual(a.zipkinJSON, b.zipkinJSON)
        let (_, all) = try traced(.sample(1))
        let (_, some) = try traced(.sample(0.25))
        let (_, again) = try traced(.sample(0.25))
        XCTAssertEqual(some.map { $0[0].traceId }, again.map { $0[0].traceId })
        XCTAssertTrue(Set(some.map { $0[0].traceId }).isSubset(of: Set(all.map { $0[0].traceId })))
        XCTAssertGreaterThan(some.count, all.count / 8)
        XCTAssertLessThan(some.count, all.count / 2)
    }

    func testSlowestKeepsTheNLongestRequests() throws {
        let (_, all) = try traced(.sample(1))
        let (_, slow) = try traced(.slowest(5))
        XCTAssertEqual(slow.count, 5)
        let longest = all.map { $0[0].duration }.sorted(by: >).prefix(5)
        XCTAssertEqual(slow.map { $0[0].duration }.sorted(by: >), Array(longest))
    }

    func testTheViewerShowsATreeAndWhereTheTimeWent() throws {
        let (_, traces) = try traced(.sample(1))
        let failed = try XCTUnwrap(traces.first { $0[0].tags.contains { $0.0 == "error" } })
        let tree = TraceView.tree(failed)
        XCTAssertTrue(tree.contains("[reservation] HikariPool.getConnection"))
        XCTAssertTrue(tree.contains("hystrix.event="))
        XCTAssertTrue(tree.hasPrefix("trace \(failed[0].traceId): POST /reservations (siege)"))
    }

    func testTheReportDrawsWhereTheTimeWentOnlyWhenTraced() throws {
        let (traced, _) = try traced(.sample(1))
        let page = HTMLReport.render(traced)
        XCTAssertTrue(page.contains("Where the time went (traced requests)"))
        XCTAssertTrue(page.contains("reservation HikariPool.getConnection"))
        var untraced = traced
        untraced.zipkinJSON = nil
        XCTAssertFalse(HTMLReport.render(untraced).contains("Where the time went"))
    }
}
