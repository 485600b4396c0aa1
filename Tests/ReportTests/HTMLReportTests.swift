import XCTest
import SimCore
@testable import Report

/// report.html gives each load its own window of virtual time.
final class HTMLReportTests: XCTestCase {
    /// F4's shape: a 35 s setup siege, then a 10 s siege; 44 timeline rows.
    func twoLoads() -> RunResult {
        var r = RunResult(scenario: "f4", file: "scenarios/f4.scenario", seed: 7, version: "0.1.0", params: [])
        var setup = LoadFigures(command: "siege -c1 -r66 http://x/", line: 51, users: 1)
        setup.start = 0.011; setup.elapsed = 34.916
        var breaker = LoadFigures(command: "siege -c100 -t10S http://x/", line: 54, users: 100)
        breaker.start = 34.957; breaker.elapsed = 9.439
        r.loads = [setup, breaker]
        r.timeline = (1...44).map { s in
            var row = TimelineRow(second: s)
            // 2 requests a second in the setup, 20 + s in the breaker run.
            row.succeeded = s <= 35 ? 2 : 20 + s
            row.failed = s <= 35 ? 0 : 5
            row.p50 = s <= 35 ? 0.5 : 4; row.p99 = s <= 35 ? 0.6 : 4.8
            row.breakers = [("reservation->resort", s == 40 ? "OPEN" : "CLOSED")]
            row.services = [.init(name: "mypage", replicas: 1, ready: 1, cpuMilli: 3, lag: s == 40 ? 8 : 0)]
            return row
        }
        r.virtualSeconds = 44.396
        return r
    }

    /// The `<section ...>` opening tags and their bodies, in page order.
    func sections(_ html: String) -> [(tag: String, body: String)] {
        html.components(separatedBy: "<section ").dropFirst().map { part in
            let tag = String(part.prefix { $0 != ">" })
            let body = part.components(separatedBy: "</section>")[0]
            return (tag, body)
        }
    }

    func points(_ svgLine: Substring) -> [(Double, Double)] {
        guard let a = svgLine.range(of: "points=\"") else { return [] }
        return svgLine[a.upperBound...].prefix { $0 != "\"" }.split(separator: " ").compactMap { p in
            let xy = p.split(separator: ",").compactMap { Double($0) }
            return xy.count == 2 ? (xy[0], xy[1]) : nil
        }
    }

    func testEachLoadHasItsOwnSectionOverItsOwnWindow() {
        let html = HTMLReport.render(twoLoads())
        let s = sections(html)
        XCTAssertEqual(s.map { $0.tag }, [
            "class=\"scenario\" data-from=\"0\" data-to=\"44\"",
            "class=\"load\" id=\"line-51\" data-line=\"51\" data-start=\"0.011\" data-end=\"34.927\" data-from=\"0\" data-to=\"35\"",
            "class=\"load\" id=\"line-54\" data-line=\"54\" data-start=\"34.957\" data-end=\"44.396\" data-from=\"34\" data-to=\"44\"",
        ])
        // Every section draws the same charts, over its window.
        for (_, body) in s {
            XCTAssertTrue(body.contains("Requests per second (ended) and availability"))
            XCTAssertTrue(body.contains("Response time (s)"))
            XCTAssertTrue(body.contains("Circuit breakers (red: open)"))
        }
        let breaker = s[2].body
        XCTAssertTrue(breaker.contains("<h2>Line 54: <code>siege -c100 -t10S http://x/</code></h2>"))
        XCTAssertTrue(breaker.contains("34.96 s to 44.40 s of virtual time (9.44 s); charts from 34 s to 44 s"))
        XCTAssertTrue(breaker.contains("Transactions:"), "the load's siege summary is in its section")
        // Ticks every second from 34 s to 44 s, none outside.
        XCTAssertTrue(breaker.contains(">34s</text>") && breaker.contains(">44s</text>"))
        XCTAssertFalse(breaker.contains(">33s</text>") || breaker.contains(">45s</text>") || breaker.contains(">0s</text>"))
        // The succeeded line: rows 34…43 only, 10 points, the first at second 34.5 of [34, 44]
        // (754 px of plot from x = 150), the last at 43.5; scaled to the window's own maximum
        // (69 requests ended in the second 43-44, 64 of them succeeded).
        let succeeded = breaker.split(separator: "\n").first { $0.contains("stroke=\"#1a7f37\"") && $0.contains("<polyline") } ?? ""
        let p = points(succeeded)
        XCTAssertEqual(p.count, 10, String(succeeded))
        XCTAssertEqual(p.first?.0 ?? 0, 150 + 754 * 0.05, accuracy: 0.051)
        XCTAssertEqual(p.last?.0 ?? 0, 150 + 754 * 0.95, accuracy: 0.051)
        XCTAssertEqual(p.last?.1 ?? 0, 28 + 150 * 5 / 69, accuracy: 0.051)
        XCTAssertTrue(breaker.contains(">69/s</text>"))
        // The breaker was open in the second 39-40: one red band, a tenth of the plot wide.
        XCTAssertTrue(breaker.contains("fill=\"#d1242f\"><title>reservation-&gt;resort OPEN at 39–40 s</title>"))
        XCTAssertTrue(breaker.contains("<rect x=\"\(String(format: "%.1f", 150 + 754 * 0.5))\" y=\"11.0\" width=\"75.4\""), breaker)
        // The setup's window has no lag: no lag chart; the breaker run's has one.
        XCTAssertFalse(s[1].body.contains("Broker lag"))
        XCTAssertTrue(breaker.contains("Broker lag"))
        // The whole scenario shades both loads, labelled.
        XCTAssertEqual(s[0].body.components(separatedBy: "class=\"load-span\"").count - 1, 2 * 3)
        XCTAssertTrue(s[0].body.contains(">line 54</text>"))
    }

    func testTheWholeScenarioIsDrawnOnlyWhenItAddsSomething() {
        var one = twoLoads()
        one.loads = [one.loads[1]]
        one.loads[0].start = 0.01; one.loads[0].elapsed = 44.3
        XCTAssertEqual(sections(HTMLReport.render(one)).map { $0.tag.hasPrefix("class=\"load\"") }, [true])
        // One load over a third of the run: the whole scenario too.
        one.loads[0].start = 30; one.loads[0].elapsed = 14
        XCTAssertEqual(sections(HTMLReport.render(one)).map { $0.tag.hasPrefix("class=\"load\"") }, [false, true])
        var none = twoLoads()
        none.loads = []
        XCTAssertEqual(sections(HTMLReport.render(none)).map { $0.tag }, ["class=\"scenario\" data-from=\"0\" data-to=\"44\""])
    }

    func testALoadOutsideTheTimelineOrWithoutTimesGetsAOneSecondWindow() {
        var r = twoLoads()
        r.loads[0].start = .nan; r.loads[0].elapsed = .infinity
        r.loads[1].start = 50; r.loads[1].elapsed = 2
        r.timeline = []
        let tags = sections(HTMLReport.render(r)).map { $0.tag }
        XCTAssertEqual(tags.count, 3)
        XCTAssertTrue(tags[1].hasSuffix("data-from=\"0\" data-to=\"1\""), tags[1])
        XCTAssertTrue(tags[2].hasSuffix("data-from=\"50\" data-to=\"51\""), tags[2])
    }
}
