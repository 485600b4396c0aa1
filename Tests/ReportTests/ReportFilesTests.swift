import XCTest
import SimCore
@testable import Report

final class ReportFilesTests: XCTestCase {
    func sampleResult(availability: Double = 80) -> RunResult {
        var r = RunResult(scenario: "demo", file: "scenarios/demo.scenario", seed: 7, version: "0.1.0", params: [("timeout", "610ms")])
        var f = LoadFigures(command: "siege -c2 -t2S http://x/", line: 3, users: 2)
        for _ in 0..<Int(availability) { f.record(status: 200, seconds: 0.1, bytes: 10) }
        for _ in 0..<(100 - Int(availability)) { f.record(status: 500, seconds: 0.2, bytes: 10) }
        f.elapsed = 2
        r.loads = [f]
        r.expectations = [ExpectationResult(line: 4, text: "expect availability >= 90% & <ok>", passed: false, measured: "availability 80.00 %")]
        var row = TimelineRow(second: 1)
        row.offered = 10; row.succeeded = 8; row.failed = 2; row.p50 = 0.1; row.p99 = 0.2
        row.breakers = [("reservation->resort", "OPEN")]
        row.services = [.init(name: "payment", replicas: 1, ready: 1, cpuMilli: 90, lag: 0)]
        r.timeline = [row, TimelineRow(second: 2)]
        return r
    }

    func testTimelineCSVHasOneRowPerSecondAndAColumnPerBreakerAndService() {
        var r = sampleResult()
        r.timeline[1].breakers = [("reservation->resort", "CLOSED")]
        r.timeline[1].services = [.init(name: "payment", replicas: 3, ready: 2, cpuMilli: 150, lag: 4)]
        let lines = TimelineCSV.render(r).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(lines[0], "second,offered,succeeded,failed,availability,p50_s,p99_s,breaker:reservation->resort,payment:replicas,payment:ready,payment:cpu_m,payment:lag")
        XCTAssertEqual(lines[1], "1,10,8,2,80.00,0.1000,0.2000,OPEN,1,1,90,0")
        XCTAssertEqual(lines[2], "2,0,0,0,,,,CLOSED,3,2,150,4")
    }

    func testJUnitHasATestCasePerExpectationWithEscapedFailures() {
        let xml = JUnitXML.render([sampleResult()])
        XCTAssertTrue(xml.contains("<testsuite name=\"demo\" tests=\"1\" failures=\"1\" errors=\"0\""), xml)
        XCTAssertTrue(xml.contains("name=\"line 4: expect availability &gt;= 90% &amp; &lt;ok&gt;\""), xml)
        XCTAssertTrue(xml.contains("<failure type=\"expectation\" message=\"availability 80.00 %\">"), xml)
    }

    func testHTMLIsSelfContained() {
        var r = sampleResult()
        r.timeline[1].breakers = [("reservation->resort", "CLOSED")]
        let html = HTMLReport.render(r)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("src=\"http"))
        XCTAssertFalse(html.contains("<link"))
        XCTAssertTrue(html.contains("<svg"))
        XCTAssertTrue(html.contains("Circuit breakers"))
        XCTAssertTrue(html.contains("FAIL"))
    }

    func testBaselineRoundTripsAndFlagsOnlyWorseFiguresBeyondTolerance() throws {
        let now = sampleResult(availability: 80)
        let f = now.loads[0]
        let b = Baseline(scenario: "demo", seed: 7, version: "0.1.0", loads: [
            .init(line: 3, command: f.command, availability: 90, transactionRate: f.transactionRate, p99: f.percentile(0.99) * 0.5,
                  tolerance: (availability: 5, transactionRate: 1, p99: 0.01)),
        ])
        let parsed = try Baseline.parse(b.json())
        XCTAssertEqual(parsed.loads[0].availability, 90)
        XCTAssertEqual(parsed.loads[0].tolerance.availability, 5)
        let v = BaselineVerdict.compare(now, parsed)
        XCTAssertEqual(v.map { $0.regression }, [true, false, true])
        XCTAssertTrue(v[0].verdict.hasPrefix("REGRESSION"))
        // Within tolerance: not a regression.
        var lenient = parsed
        lenient.loads[0].tolerance = (availability: 15, transactionRate: 1, p99: 1)
        XCTAssertEqual(BaselineVerdict.compare(now, lenient).filter { $0.regression }.count, 0)
        XCTAssertThrowsError(try Baseline.parse("{\"schemaVersion\": 2}"))
    }

    /// A hand-edited baseline with a figure no run can have is refused, not compared with.
    func testBaselineFiguresOutOfRangeAreRefused() throws {
        func baseline(_ load: String) -> String {
            "{\"schemaVersion\": 1, \"scenario\": \"demo\", \"loads\": [{" + load + "}]}"
        }
        let good = "\"availability\": 99.5, \"transactionRate\": 12.5, \"p99Seconds\": 0.8"
        XCTAssertEqual(try Baseline.parse(baseline(good)).loads[0].availability, 99.5)
        for bad in ["\"availability\": 200, \"transactionRate\": 12.5, \"p99Seconds\": 0.8",
                    "\"availability\": -5, \"transactionRate\": 12.5, \"p99Seconds\": 0.8",
                    "\"availability\": 99, \"transactionRate\": 1e308, \"p99Seconds\": 0.8",
                    "\"availability\": 99, \"transactionRate\": 12.5, \"p99Seconds\": -1",
                    good + ", \"tolerance\": {\"availability\": -1}"] {
            XCTAssertThrowsError(try Baseline.parse(baseline(bad)), bad)
        }
    }
}
