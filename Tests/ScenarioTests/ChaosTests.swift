import XCTest
import SimCore
import Report
import Systems
@testable import Scenario

/// Fault schedules: the `at` and crash commands they are made of, the checks, the shrinking.
final class ChaosTests: XCTestCase {
    static let services = ["reservation", "resort", "mypage", "payment", "voucher"]
    let flow = """
    http POST :8080/resorts resortName="Jeju" resortType="Hotel" resortPrice=100000 resortStatus="Available" resortPeriod="7/23~25"
    http :8080/reservations resortId=1 memberName="MK"
    expect status 201
    settle
    """

    func run(_ text: String) throws -> (RunResult, Runner) {
        guard case .success(let s) = Parser.parse(bytes: Array(text.utf8), file: "c.scenario") else {
            XCTFail("parse"); throw CancellationError()
        }
        let runner = Runner(scenario: s, options: RunOptions(), output: { _ in })
        return (runner.run(), runner)
    }

    func testAtRunsAnInstantCommandAtItsTimeAndRefusesOthers() throws {
        let (_, runner) = try run("""
        at 2s stop kafka
        at 5s start kafka
        wait 3s
        """)
        XCTAssertFalse(runner.model.broker.running, "stopped at 2 s, not yet started at 3 s")
        guard case .failure(let e) = Parser.parse(bytes: Array("at 1s http :8080/resorts\nat x stop kafka\n".utf8), file: "bad.scenario") else {
            return XCTFail("accepted a timed http command")
        }
        XCTAssertTrue(e.diagnostics[0].message.contains("at runs an instant command"))
        XCTAssertEqual(e.diagnostics.count, 2)
    }

    func testACrashedPodRestartsAfterTheBackOffAndLosesItsDatabase() throws {
        let (r, runner) = try run(flow + "\nfault resort crash\nwait 1s\n")
        XCTAssertTrue(r.expectations.allSatisfy { $0.passed })
        let pod = try XCTUnwrap(runner.model.cluster.deployment("resort")?.alivePods.first)
        XCTAssertEqual(pod.restarts, 1)
        XCTAssertFalse(pod.containerRunning, "waiting out the 10 s back-off")
        let (_, later) = try run(flow + "\nfault resort crash\nwait 40s\nsettle\n")
        XCTAssertEqual(later.model.table("resort")?.count, 0, "the in-memory H2 went with the process")
    }

    func testAConsumerCrashBeforeItsCommitRedeliversTheRecord() throws {
        let (_, runner) = try run("fault payment consumer-crash\n" + flow + "\nwait 40s\nsettle\n")
        let v = ConsistencyChecker.violations(in: runner.model)
        XCTAssertTrue(v.contains("consumer group payment processed 1 event(s) twice"), "\(v)")
    }

    func testSchedulesAreDeterministicAndWithinTheHorizon() {
        let a = Chaos.schedule(seed: 5, index: 39, kinds: Chaos.kinds, horizon: 3, services: ChaosTests.services)
        XCTAssertEqual(a, Chaos.schedule(seed: 5, index: 39, kinds: Chaos.kinds, horizon: 3, services: ChaosTests.services))
        XCTAssertNotEqual(a, Chaos.schedule(seed: 5, index: 40, kinds: Chaos.kinds, horizon: 3, services: ChaosTests.services))
        for i in 0..<200 {
            let s = Chaos.schedule(seed: 1, index: i, kinds: ["broker", "kill"], horizon: 3, services: ChaosTests.services)
            XCTAssertTrue((1...3).contains(s.count))
            XCTAssertTrue(s.allSatisfy { ["broker", "kill"].contains($0.kind) && $0.start >= 0 && $0.start <= 3 })
            // Every schedule's text is a valid scenario.
            guard case .success = Parser.parse(bytes: Array(Chaos.text(s, scenario: flow).utf8), file: "s.scenario") else {
                return XCTFail("schedule \(i) does not parse")
            }
        }
    }

    func testShrinkingKeepsOnlyWhatBreaksAndMovesItEarly() {
        let keep = Chaos.Fault(kind: "consumer-crash", commands: [(2.718, "fault payment consumer-crash")])
        let noise = [Chaos.Fault(kind: "kill", commands: [(1.5, "fault voucher crash")]),
                     Chaos.Fault(kind: "broker", commands: [(0.3, "stop kafka"), (4.2, "start kafka")])]
        var checked = 0
        let minimal = Chaos.shrink(noise + [keep]) { faults in
            checked += 1
            return faults.contains { $0.kind == "consumer-crash" }
        }
        XCTAssertEqual(minimal.map { $0.kind }, ["consumer-crash"])
        XCTAssertEqual(minimal[0].start, 0, "moved to the earliest time that still breaks")
        XCTAssertGreaterThan(checked, 2)
    }

    func testAFaultFreeRunBreaksNothingAndTheSimulatorsOwnInvariantsHold() {
        let o = Chaos.check(text: Chaos.text([], scenario: flow), file: "c.scenario", options: RunOptions())
        XCTAssertEqual(o.violations, [])
        XCTAssertEqual(o.defects, [])
        let broken = Chaos.check(text: Chaos.text([Chaos.Fault(kind: "consumer-crash", commands: [(0, "fault payment consumer-crash")])], scenario: flow),
                                 file: "c.scenario", options: RunOptions(), lineOffset: 3)
        XCTAssertTrue(broken.violations.contains("consumer group payment processed N event(s) twice"), "\(broken.violations)")
        XCTAssertEqual(broken.defects, [])
    }
}
