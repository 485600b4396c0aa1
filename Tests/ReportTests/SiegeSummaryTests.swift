import XCTest
@testable import Report

final class SiegeSummaryTests: XCTestCase {
    /// The seed's F4 summary: 152 hits and 36 failures give siege's 80.85 % availability.
    func testAvailabilityIsHitsOverHitsPlusFailures() {
        var f = LoadFigures(command: "siege", line: 1, users: 100)
        for _ in 0..<152 { f.record(status: 201, seconds: 0.5, bytes: 300) }
        for _ in 0..<36 { f.record(status: 500, seconds: 0.6, bytes: 200) }
        XCTAssertEqual(f.hits, 152)
        XCTAssertEqual(f.failed, 36)
        XCTAssertEqual(String(format: "%.2f", f.availability), "80.85")
        f.elapsed = 10
        // Response time divides every response's time by the hits only, as data.c does.
        XCTAssertEqual(f.responseTime, (152 * 0.5 + 36 * 0.6) / 152, accuracy: 1e-12)
        XCTAssertEqual(f.concurrency, (152 * 0.5 + 36 * 0.6) / 10, accuracy: 1e-12)
        XCTAssertEqual(f.transactionRate, 15.2, accuracy: 1e-12)
    }

    /// siege 4.0.4's `__http` returns FALSE, so that a failure is counted, only for 408 and
    /// 500-509 (and 418); every other answer is a hit. `response_success` counts below 400,
    /// 401 and 407 as successful. A real siege 4.0.7 against an all-404 server printed 6026
    /// hits, 100.00 %, Successful 0, Failed 0 (siege-real-runs.md r15).
    func testClientErrorsAreHitsNotFailures() {
        var f = LoadFigures(command: "siege", line: 1, users: 1)
        f.record(status: 404, seconds: 0.1, bytes: 34)
        f.record(status: 200, seconds: 0.1, bytes: 0)
        XCTAssertEqual(f.hits, 2)
        XCTAssertEqual(f.successful, 1)
        XCTAssertEqual(f.failed, 0)
        XCTAssertEqual(f.availability, 100)
    }

    func testEachStatusCountsWhereSiegeCountsIt() {
        // (status, hit, successful, failed)
        let cases: [(Int, Int, Int, Int)] = [
            (200, 1, 1, 0), (201, 1, 1, 0), (204, 1, 1, 0), (302, 1, 1, 0), (399, 1, 1, 0),
            (400, 1, 0, 0), (401, 1, 1, 0), (403, 1, 0, 0), (404, 1, 0, 0), (407, 1, 1, 0),
            (408, 0, 0, 1), (418, 1, 0, 1), (429, 1, 0, 0), (499, 1, 0, 0),
            (500, 0, 0, 1), (503, 0, 0, 1), (509, 0, 0, 1), (510, 1, 0, 0), (599, 1, 0, 0),
        ]
        for (status, hit, ok, failed) in cases {
            var f = LoadFigures(command: "siege", line: 1, users: 1)
            f.record(status: status, seconds: 0.25, bytes: 10)
            XCTAssertEqual([f.hits, f.successful, f.failed], [hit, ok, failed], "status \(status)")
            // Every answered request adds its time, whatever its status.
            XCTAssertEqual(f.totalTime, 0.25, "status \(status)")
        }
    }

    func testAllNotFoundIsFullAvailabilityWithShortestZero() {
        var f = LoadFigures(command: "siege", line: 1, users: 20)
        for i in 0..<6026 { f.record(status: 404, seconds: 0.01 + Double(i % 7) * 0.01, bytes: 34) }
        f.elapsed = 9.03
        XCTAssertEqual(f.hits, 6026)
        XCTAssertEqual(f.failed, 0)
        XCTAssertEqual(f.successful, 0)
        XCTAssertEqual(f.availability, 100)
        // data_get_lowest prints 0 when nothing succeeded; the longest is over every answer.
        XCTAssertEqual(f.shortestOrZero, 0)
        XCTAssertEqual(f.longest, 0.07, accuracy: 1e-12)
        let text = SiegeSummary.render(f)
        XCTAssertTrue(text.contains("Successful transactions:           0\nFailed transactions:\t           0\n"), text)
        XCTAssertTrue(text.contains("Shortest transaction:\t        0.00\n"), text)
    }

    func testServerErrorsOnlyGiveZeroHitsAndZeroResponseTime() {
        // siege-real-runs.md r06: every answer a 500 -> 0 hits, 0.00 %, response time 0.00
        // (total / hits with no hits), concurrency from the 500s' time, shortest 0.00.
        var f = LoadFigures(command: "siege", line: 1, users: 10)
        for _ in 0..<1033 { f.record(status: 500, seconds: 0.015, bytes: 89) }
        f.elapsed = 1.57
        XCTAssertEqual(f.hits, 0)
        XCTAssertEqual(f.availability, 0)
        XCTAssertEqual(f.responseTime, 0)
        XCTAssertEqual(f.concurrency, 1033 * 0.015 / 1.57, accuracy: 1e-9)
        XCTAssertEqual(f.shortestOrZero, 0)
        XCTAssertEqual(f.longest, 0.015)
    }

    func testRefusedConnectionsAddAFailureAndNoTime() {
        var f = LoadFigures(command: "siege", line: 1, users: 10)
        f.record(status: 201, seconds: 0.5, bytes: 343)
        f.recordConnectionFailure()
        XCTAssertEqual(f.totalTime, 0.5)
        XCTAssertEqual(f.failed, 1)
        XCTAssertEqual(f.hits, 1)
        XCTAssertEqual(f.availability, 50)
    }

    func testSummaryUsesSiegesFormat() {
        var f = LoadFigures(command: "siege", line: 1, users: 100)
        for _ in 0..<8036 { f.record(status: 200, seconds: 0.25, bytes: 1024) }
        for _ in 0..<109 { f.recordConnectionFailure() }
        f.elapsed = 59.5
        let text = SiegeSummary.render(f)
        // main.c opens the summary with a blank line and ends it with a line holding one space.
        XCTAssertTrue(text.hasPrefix("\nTransactions:\t\t        8036 hits\nAvailability:\t\t       98.66 %\n"), text)
        XCTAssertTrue(text.hasSuffix("Shortest transaction:\t        0.25\n \n"), text)
        XCTAssertTrue(text.contains("Successful transactions:        8036\nFailed transactions:\t         109\n"), text)
        XCTAssertEqual(SiegeSummary.verboseLine(status: 201, seconds: 0.52, bytes: 207, method: "POST", url: "http://localhost:8081/reservations"),
                       "HTTP/1.1 201     0.52 secs:     207 bytes ==> POST http://localhost:8081/reservations")
        // A GET shows the request's path only (url_get_display), as siege-real-runs.md r01 printed.
        XCTAssertEqual(SiegeSummary.verboseLine(status: 201, seconds: 0, bytes: 343, method: "GET", url: "/resorts/1"),
                       "HTTP/1.1 201     0.00 secs:     343 bytes ==> GET  /resorts/1")
    }
}
