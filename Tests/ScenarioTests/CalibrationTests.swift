import XCTest
import SimCore
import Report
@testable import Scenario

/// siege's output as calibration reads it, the params file, and the search on a small case.
final class CalibrationTests: XCTestCase {
    func testSiegeOutputIsReadFromTheDocumentedRun() throws {
        let text = """
        $ siege -v -c100 -t10S 'http://localhost:8081/reservations POST {"resortId":1}'
        HTTP/1.1 201     3.64 secs:     343 bytes ==> POST http://localhost:8081/reservations
        HTTP/1.1 500     4.07 secs:     183 bytes ==> POST http://localhost:8081/reservations
        HTTP/1.1 500     4.07 secs:     183 bytes ==> POST http://localhost:8081/reservations
        HTTP/1.1 201     4.12 secs:     343 bytes ==> POST http://localhost:8081/reservations
        HTTP/1.1 500     4.32 secs:     183 bytes ==> POST http://localhost:8081/reservations
        Lifting the server siege...
        Transactions:\t\t         152 hits
        Availability:                  80.85 %
        Elapsed time:                   9.66 secs
        Response time:                  4.92 secs
        Transaction rate:              15.73 trans/sec
        Failed transactions:              36
        Longest transaction:            9.70
        Shortest transaction:           1.33
        """
        let o = try SiegeOutput(text: text)
        XCTAssertEqual(o.transactions, 152)
        XCTAssertEqual(o.availability, 80.85)
        XCTAssertEqual(o.transactionRate, 15.73)
        XCTAssertEqual(o.responseTime, 4.92)
        XCTAssertEqual(o.failed, 36)
        XCTAssertEqual(o.lines.count, 5)
        XCTAssertEqual(o.lines[1], SiegeOutput.Line(status: 500, seconds: 4.07, bytes: 183))
        XCTAssertEqual(o.meanFailureCluster, 1.5) // runs of 2 and 1
        XCTAssertThrowsError(try SiegeOutput(text: "HTTP/1.1 201 0.1 secs: 3 bytes ==> GET /"))
    }

    func testParamsFilesAreCheckedLineByLine() {
        guard case .success(let ok) = ParamsFile.parse("# fitted\nresortsim.cost.console-write=lognormal(median: 26700ns, p99: 80100ns)\n\nresortsim.request-cpu = 1ms\n", file: "p") else {
            return XCTFail("a valid file was refused")
        }
        XCTAssertEqual(ok.settings.map { $0.0 }, ["resortsim.cost.console-write", "resortsim.request-cpu"])
        guard case .failure(let bad) = ParamsFile.parse("resortsim.request-cpu=1ms\n  resortsim.cost.nope=1ms\nno equals sign\n", file: "p.params") else {
            return XCTFail("an invalid file was accepted")
        }
        XCTAssertEqual(bad.diagnostics.map { "\($0.line):\($0.column)" }, ["2:3", "3:1"])
        XCTAssertTrue(bad.diagnostics[0].message.contains("unknown cost"))
        XCTAssertTrue(bad.diagnostics[1].message.contains("expected KEY=VALUE"))
    }

    func testFittedValuesAreSnappedToThreeDigits() {
        XCTAssertEqual(Calibration.threeDigits(0.00123456), 0.00123, accuracy: 1e-12)
        XCTAssertEqual(Calibration.threeDigits(2.68e-5), 2.68e-5, accuracy: 1e-15)
        XCTAssertEqual(Calibration.threeDigits(4.4e-7), 4.4e-7, accuracy: 1e-15)
    }

    func testTheSearchRecoversAKnownCost() throws {
        // Observed: the model itself with a 3 ms database statement; fitting that cost from
        // its default finds it again (within the bounds' resolution).
        let text = """
        seed 2
        siege -c5 -t5S http://localhost:8082/resorts
        """
        guard case .success(let s) = Parser.parse(bytes: Array(text.utf8), file: "c.scenario") else { return XCTFail("parse") }
        var o = RunOptions()
        o.params = [("resortsim.database-operation", "3ms")]
        let truth = Calibration.measure(s, settings: [], seeds: 2, options: o)
        let observed = try SiegeOutput(text: """
        Availability: \(truth.availability) %
        Response time: \(truth.responseTime) secs
        Transaction rate: \(truth.rate) trans/sec
        """)
        let p = Calibration.Parameter(key: "resortsim.database-operation", shape: .constant(.microseconds(100)), low: 1e-5, high: 0.02)
        let fit = Calibration.fit(s, observed: observed, parameters: [p], seeds: 2, options: RunOptions(), maxEvaluations: 30) { _, _, _ in }
        XCTAssertEqual(fit.values[0], 0.003, accuracy: 0.0006)
        XCTAssertLessThan(fit.loss, 0.5)
        XCTAssertLessThanOrEqual(fit.ranges[0].0, fit.values[0])
        XCTAssertGreaterThanOrEqual(fit.ranges[0].1, fit.values[0])
    }
}
