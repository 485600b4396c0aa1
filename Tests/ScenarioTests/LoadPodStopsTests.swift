import XCTest
import Report
import Formats
@testable import Scenario

/// A load's count of pods that stopped while it ran (what `compare` counts) agrees with the
/// line its summary prints, for resortsim's open-loop `load` as for siege.
final class LoadPodStopsTests: XCTestCase {
    func run(_ text: String) throws -> (result: RunResult, output: String) {
        try ScenarioTextRun.run(text, file: "stops.scenario")
    }

    func testAnOpenLoopLoadCountsThePodStoppedWhileItRan() throws {
        let (r, out) = try run("""
        seed 3
        load --rate 20/s --for 4s http://localhost:8082/resorts &
        wait 2s
        stop resort
        wait
        """)
        XCTAssertEqual(r.loads.count, 1, out)
        XCTAssertEqual(r.loads.first?.podStops, 1, out)
        XCTAssertTrue(out.contains("resortsim: pod stopped during this load: resort-"), out)
        // report.json names the pod and when, 2 s into the load.
        let json = try JSONParser.parse(JSONReport.render(r))
        guard case .array(let loads)? = json["loads"], case .array(let stops)? = loads.first?["podsStopped"] else {
            return XCTFail("report.json has no podsStopped: " + JSONReport.render(r))
        }
        XCTAssertEqual(stops.count, 1)
        XCTAssertEqual(stops.first?["pod"]?.stringValue?.hasPrefix("resort-"), true)
        XCTAssertEqual(stops.first?["atSeconds"]?.doubleValue ?? 0, 2, accuracy: 0.1)
        XCTAssertTrue(HTMLReport.render(r).contains("<p class=\"meta\">Pod stopped during this load: resort-"))
    }

    func testSiegeCountsNoStopWhenNoneHappened() throws {
        let (r, out) = try run("""
        seed 3
        siege -c2 -t2S http://localhost:8082/resorts
        """)
        XCTAssertEqual(r.loads.first?.podStops, 0, out)
        XCTAssertFalse(out.contains("stopped during this load"), out)
        XCTAssertFalse(JSONReport.render(r).contains("podsStopped"), "no stop, no field")
        XCTAssertFalse(HTMLReport.render(r).contains("stopped during this load"), "no stop, no line")
    }
}
