import XCTest
@testable import SimCore

/// Reply or timeout: exactly one outcome per call.
final class OneShotTests: XCTestCase {
    func testAnAnswerBeforeTheDeadlineIsDeliveredAndTheDeadlineNeverFires() {
        let sim = Simulation()
        var got: [String] = []
        let o = OneShot<String>(sim: sim, timeout: .seconds(1), onTimeout: { "timeout" }) { got.append($0) }
        sim.schedule(after: .milliseconds(300)) { o.answer("reply") }
        sim.run(until: .zero + .seconds(5))
        XCTAssertEqual(got, ["reply"])
        XCTAssertTrue(o.isResolved)
        XCTAssertEqual(sim.eventCount, 1, "the cancelled deadline is not an event")
    }

    func testTheDeadlineWinsAndALateAnswerIsDropped() {
        let sim = Simulation()
        var got: [(String, SimTime)] = []
        let o = OneShot<String>(sim: sim, timeout: .seconds(1), onTimeout: { "timeout" }) { got.append(($0, sim.now)) }
        sim.schedule(after: .seconds(2)) { o.answer("late reply") }
        sim.run(until: .zero + .seconds(5))
        XCTAssertEqual(got.map { $0.0 }, ["timeout"])
        XCTAssertEqual(got.first?.1, .zero + .seconds(1))
    }

    func testNothingIsDeliveredOnceTheOwnerHasDied() {
        let sim = Simulation()
        var alive = true
        var got: [String] = []
        let a = OneShot<String>(sim: sim, timeout: .seconds(1), ownerAlive: { alive }, onTimeout: { "timeout" }) { got.append($0) }
        let b = OneShot<String>(sim: sim, timeout: .seconds(3), ownerAlive: { alive }, onTimeout: { "timeout" }) { got.append($0) }
        sim.schedule(after: .milliseconds(500)) { alive = false }
        sim.schedule(after: .seconds(2)) { b.answer("reply") }
        sim.run(until: .zero + .seconds(5))
        XCTAssertEqual(got, [])
        XCTAssertFalse(a.isResolved)
        XCTAssertFalse(b.isResolved)
    }

    func testWithoutADeadlineOnlyTheAnswerResolves() {
        let sim = Simulation()
        var got: [Int] = []
        let o = OneShot<Int>(sim: sim, timeout: nil, onTimeout: { -1 }) { got.append($0) }
        sim.run(until: .zero + .seconds(100))
        XCTAssertFalse(o.isResolved)
        o.answer(7)
        XCTAssertEqual(got, [7])
    }
}
