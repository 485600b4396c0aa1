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

    func testClientErrorsAreHitsAndFailures() {
        var f = LoadFigures(command: "siege", line: 1, users: 1)
        f.record(status: 404, seconds: 0.1, bytes: 0)
        f.record(status: 200, seconds: 0.1, bytes: 0)
        XCTAssertEqual(f.hits, 2)
        XCTAssertEqual(f.successful, 1)
        XCTAssertEqual(f.failed, 1)
    }

    func testSummaryUsesSiegesFormat() {
        var f = LoadFigures(command: "siege", line: 1, users: 100)
        for _ in 0..<8036 { f.record(status: 200, seconds: 0.25, bytes: 1024) }
        for _ in 0..<109 { f.recordConnectionFailure() }
        f.elapsed = 59.5
        let text = SiegeSummary.render(f)
        XCTAssertTrue(text.hasPrefix("Transactions:\t\t        8036 hits\nAvailability:\t\t       98.66 %\n"), text)
        XCTAssertTrue(text.contains("Successful transactions:        8036\nFailed transactions:\t         109\n"), text)
        XCTAssertEqual(SiegeSummary.verboseLine(status: 201, seconds: 0.52, bytes: 207, method: "POST", url: "http://localhost:8081/reservations"),
                       "HTTP/1.1 201     0.52 secs:     207 bytes ==> POST http://localhost:8081/reservations")
    }
}
