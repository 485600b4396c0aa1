import XCTest
import Report
@testable import Scenario

/// The runs of a real siege 4.0.7 binary recorded in `shared/reference/siege-real-runs.md`,
/// replayed on the model wherever the model can express the server's behaviour: a missing
/// resort for 404s, `fault SERVICE error RATE` for 500s, a stopped service for refusals.
/// Latencies differ (a Python server there, Spring Boot here); the bookkeeping, the abort and
/// the lines printed must not.
final class SiegeRealRunsTests: XCTestCase {
    /// Runs a scenario; returns its loads and the siege output of its last load (from the
    /// banner to the end of the summary).
    func siege(_ text: String, from first: String = "** SIEGE 4.0.4\n") throws -> (figures: LoadFigures, printed: String) {
        guard case .success(let s) = Parser.parse(bytes: Array(text.utf8), file: "s.scenario") else {
            XCTFail("the test scenario does not parse"); throw CancellationError()
        }
        var o = RunOptions(); o.quiet = false
        var out = ""
        let r = Runner(scenario: s, options: o, output: { out += $0 }).run()
        guard let f = r.loads.last, let start = out.range(of: first, options: .backwards) else {
            XCTFail("no siege ran:\n\(out)"); throw CancellationError()
        }
        let rest = out[start.lowerBound...]
        let end = rest.range(of: "\nresortsim: response time")?.lowerBound ?? rest.endIndex
        return (f, String(rest[..<end]) + "\n")
    }

    static let resort = "http POST http://localhost:8082/resorts resortName=Jeju resortStatus=Available resortPrice=100000\n"

    /// r15_all404: `siege -c20 -t10S .../resorts/999` without -v.
    func testAllNotFoundIsFullAvailabilityWithoutAbort() throws {
        let (f, out) = try siege("siege -c20 -t10S http://localhost:8082/resorts/999\n")
        XCTAssertGreaterThan(f.hits, 1043, "more answers than the old abort allowed")
        XCTAssertEqual(f.failed, 0)
        XCTAssertEqual(f.successful, 0)
        XCTAssertEqual(f.statusCounts[404], f.hits)
        XCTAssertTrue(out.hasPrefix("** SIEGE 4.0.4\n** Preparing 20 concurrent users for battle.\nThe server is now under siege...\nLifting the server siege...\nTransactions:\t\t"), out)
        XCTAssertTrue(out.contains("Availability:\t\t      100.00 %\n"), out)
        XCTAssertTrue(out.contains("Successful transactions:           0\nFailed transactions:\t           0\n"), out)
        XCTAssertTrue(out.hasSuffix("Shortest transaction:\t        0.00\n \n"), out)
        XCTAssertFalse(out.contains("aborted"))
        XCTAssertGreaterThan(f.elapsed, 9)
    }

    /// "10 % 500s among 404s give about 90 % and abort after 1024 failures".
    func testServerErrorsAmongNotFoundAbortAfterTheFailureLimit() throws {
        let (f, out) = try siege("""
        fault resort error 10% GET /resorts/{id}
        siege -c20 -t120S http://localhost:8082/resorts/999

        """)
        XCTAssertTrue((1024...1043).contains(f.failed), "\(f.failed)")
        XCTAssertEqual(f.availability, 90, accuracy: 1.5)
        XCTAssertEqual(f.successful, 0)
        XCTAssertLessThan(f.elapsed, 119)
        // Without -v the abort notice follows the banner on its line, then the blank line.
        XCTAssertTrue(out.contains("The server is now under siege...siege aborted due to excessive socket failure; you\ncan change the failure threshold in $HOME/.siegerc\n\nTransactions:"), out)
        XCTAssertFalse(out.contains("Lifting"))
    }

    /// r12_refused_nov: refusals print their `[error]` line without -v too, the first right
    /// after the banner, and the users stop once 1024 have failed (each finishes the request
    /// in hand: at most 1024 + 9 with ten users).
    func testRefusedConnectionsPrintWithoutVerboseAndAbort() throws {
        let (f, out) = try siege("stop payment\nsiege -c10 -t10S http://payment:8080/payments\n")
        XCTAssertTrue((1024...1033).contains(f.failed), "\(f.failed)")
        XCTAssertEqual(f.hits, 0)
        XCTAssertEqual(f.connectionFailures, f.failed)
        XCTAssertLessThan(f.elapsed, 1)
        let refused = "[error] socket: unable to connect sock.c:249: Connection refused\n"
        XCTAssertTrue(out.contains("The server is now under siege...\(refused)\(refused)"), out)
        XCTAssertEqual(out.components(separatedBy: refused).count - 1, f.failed)
        XCTAssertTrue(out.contains("\(refused)siege aborted due to excessive socket failure; you\n"), out)
        for line in ["Transactions:\t\t           0 hits", "Availability:\t\t        0.00 %", "Response time:\t\t        0.00 secs",
                     "Concurrency:\t\t        0.00", "Shortest transaction:\t        0.00"] {
            XCTAssertTrue(out.contains(line + "\n"), line)
        }
    }

    /// r06_err500 with -v: every answer a 500. No hits, response time 0.00, the abort notice
    /// straight after the last -v line.
    func testEveryAnswerAServerErrorAbortsWithNoHits() throws {
        let (f, out) = try siege("""
        fault payment error 100% GET /payments
        siege -v -c10 -t30S http://payment:8080/payments

        """)
        XCTAssertEqual(f.hits, 0)
        XCTAssertTrue((1024...1033).contains(f.failed), "\(f.failed)")
        XCTAssertGreaterThan(f.concurrency, 0, "the 500s' time counts in concurrency")
        XCTAssertTrue(out.contains("The server is now under siege...\nHTTP/1.1 500 "), out)
        XCTAssertTrue(out.contains(" ==> GET  /payments\nsiege aborted due to excessive socket failure; you\ncan change the failure threshold in $HOME/.siegerc\n\nTransactions:"), out)
        XCTAssertTrue(out.contains("Response time:\t\t        0.00 secs\n"), out)
    }

    /// r11_reps: a -r run prints no "Lifting the server siege..."; a GET line shows the path.
    func testRepetitionsPrintNoLiftingAndGetLinesShowThePath() throws {
        let (f, out) = try siege(Self.resort + "siege -v -c10 -r5 http://localhost:8082/resorts/1\n")
        XCTAssertEqual(f.hits, 50)
        XCTAssertEqual(f.successful, 50)
        XCTAssertFalse(out.contains("Lifting"))
        XCTAssertTrue(out.contains("The server is now under siege...\nHTTP/1.1 200 "), out)
        XCTAssertTrue(out.contains(" bytes ==> GET  /resorts/1\n\nTransactions:\t\t          50 hits\n"), out)
        XCTAssertFalse(out.contains("http://localhost:8082/resorts/1"))
    }

    /// r03_c100_post: a POST line shows the whole URL; requests in flight when -t runs out
    /// are dropped, neither hit nor failure, so concurrency stays under the users.
    func testPostLinesShowTheWholeURLAndInFlightRequestsAreDropped() throws {
        let (f, out) = try siege("""
        fault resort delay GET /resorts/{id} uniform(400ms, 620ms)
        \(Self.resort)stop kafka
        siege -v -c100 -t10S --content-type application/json 'http://localhost:8081/reservations POST {"resortId":1, "memberName":"MK"}'

        """)
        XCTAssertTrue(out.contains(" bytes ==> POST http://localhost:8081/reservations\n"), out)
        XCTAssertTrue(out.contains("\n\nLifting the server siege...\nTransactions:"), out)
        let answered = f.statusCounts.values.reduce(0, +)
        XCTAssertEqual(answered, f.hits + f.failed - f.connectionFailures)
        XCTAssertLessThan(f.concurrency, 100)
    }

    /// r04_c100_pool10: -t with -r prints 4.0.4's conflict notice before the banner and
    /// runs on time.
    func testTimeAndRepetitionsConflictDefaultsToTime() throws {
        let (f, out) = try siege(Self.resort + "siege -c2 -t2S -r1 http://localhost:8082/resorts/1\n", from: "[error] CONFIG")
        XCTAssertTrue(out.contains("[error] CONFIG conflict: selected time and repetition based testing\ndefaulting to time-based testing: 2 seconds\n** SIEGE 4.0.4\n"), out)
        XCTAssertGreaterThan(f.hits, 2, "time-based: more than one repetition per user")
        XCTAssertTrue(out.contains("Lifting the server siege..."))
    }

    /// r01_c1_fast: one user, answers in a few milliseconds. siege's Concurrency is total
    /// measured time / elapsed, and siege spends its own time between requests outside what
    /// it measures, so it prints 0.98 against a fast server, not 1.00.
    func testOneUserSpendsItsOwnTimeBetweenRequests() throws {
        let (f, out) = try siege(Self.resort + "siege -c1 -t10S http://localhost:8082/resorts/1\n")
        let unmeasured = f.elapsed - f.totalTime
        // The time siege spent on its own: 33 us per request, give or take the request in
        // flight when -t ran out (dropped, so its time is in elapsed only).
        XCTAssertEqual(unmeasured, Double(f.hits) * SiegeClient.ownTimePerRequest.seconds, accuracy: f.longest + 1e-6)
        XCTAssertLessThan(f.concurrency, 0.995)
        XCTAssertGreaterThan(f.concurrency, 0.95)
        XCTAssertFalse(out.contains("Concurrency:\t\t        1.00\n"), out)
    }
}
