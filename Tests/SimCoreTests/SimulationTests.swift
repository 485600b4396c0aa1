import XCTest
@testable import SimCore

final class SimulationTests: XCTestCase {
    func testSameTimeEventsRunInSchedulingOrder() {
        let sim = Simulation()
        var order: [Int] = []
        for i in 0..<100 { sim.schedule(after: .milliseconds(5)) { order.append(i) } }
        sim.run(until: SimTime(nanoseconds: 10_000_000))
        XCTAssertEqual(order, Array(0..<100))
    }

    func testEventsRunInTimeOrderWhateverTheSchedulingOrder() {
        let sim = Simulation()
        var seen: [Int64] = []
        var rng = Xoshiro256StarStar(seed: 3)
        for _ in 0..<1000 {
            let t = Int64(rng.next() % 1_000_000)
            sim.schedule(after: .nanoseconds(t)) { seen.append(sim.now.nanoseconds) }
        }
        sim.run(until: SimTime(nanoseconds: 2_000_000))
        XCTAssertEqual(seen.count, 1000)
        XCTAssertEqual(seen, seen.sorted())
    }

    func testWeCantTimeTravel() {
        let sim = Simulation()
        var last = SimTime.zero
        var violations = 0
        func chain(_ n: Int) {
            guard n > 0 else { return }
            if sim.now < last { violations += 1 }
            last = sim.now
            sim.schedule(after: .nanoseconds(Int64(n % 3))) { chain(n - 1) }
        }
        sim.schedule(after: .zero) { chain(500) }
        sim.run(until: SimTime(nanoseconds: 1_000_000))
        XCTAssertEqual(violations, 0)
        XCTAssertEqual(sim.now, SimTime(nanoseconds: 1_000_000))
    }

    func testCancelledTimerNeverRuns() {
        let sim = Simulation()
        var ran = false
        let h = sim.schedule(after: .seconds(1)) { ran = true }
        var other = false
        sim.schedule(after: .seconds(2)) { other = true }
        sim.cancel(h)
        sim.cancel(h) // twice is harmless
        sim.run(until: SimTime(nanoseconds: 3_000_000_000))
        XCTAssertFalse(ran)
        XCTAssertTrue(other)
        XCTAssertEqual(sim.eventCount, 1)
    }

    func testCancellingAReusedSlotDoesNotCancelTheNewEvent() {
        let sim = Simulation()
        let old = sim.schedule(after: .seconds(1)) {}
        sim.run(until: SimTime(nanoseconds: 2_000_000_000))
        var ran = false
        sim.schedule(after: .seconds(1)) { ran = true } // reuses the slot
        sim.cancel(old)
        sim.run(until: SimTime(nanoseconds: 4_000_000_000))
        XCTAssertTrue(ran)
    }

    func testMaxEventsBoundStopsARunawayModel() {
        let sim = Simulation()
        sim.maxEvents = 1000
        func forever() { sim.schedule(after: .nanoseconds(1)) { forever() } }
        forever()
        sim.run(until: SimTime(nanoseconds: 1_000_000_000))
        XCTAssertEqual(sim.eventCount, 1000)
        XCTAssertEqual(sim.boundHit, .events(1000))
    }

    func testRunWhileStopsWhenConditionFails() {
        let sim = Simulation()
        var n = 0
        for i in 1...10 { sim.schedule(after: .seconds(Int64(i))) { n += 1 } }
        let ok = sim.run(until: .distantFuture) { n < 4 }
        XCTAssertTrue(ok)
        XCTAssertEqual(n, 4)
        XCTAssertEqual(sim.now, SimTime(nanoseconds: 4_000_000_000))
    }
}

/// Cancelled events leave the calendar at once, and the rest keep their order.
final class CalendarRemovalTests: XCTestCase {
    func testACancelledEventLeavesTheCalendarAtOnce() {
        let sim = Simulation()
        let timeout = sim.scheduleCancellable(after: .seconds(30)) {}
        sim.schedule(after: .milliseconds(5)) {}
        XCTAssertEqual(sim.pendingCount, 2)
        sim.cancel(timeout)
        XCTAssertEqual(sim.pendingCount, 1, "the cancelled 30 s time-out is gone before its time")
        sim.cancel(timeout)
        XCTAssertEqual(sim.pendingCount, 1, "cancelling twice does nothing")
        // A plain action cancelled stays, dead, until its time, and never runs.
        var ran = false
        let plain = sim.schedule(after: .seconds(1)) { ran = true }
        sim.cancel(plain)
        XCTAssertEqual(sim.pendingCount, 2)
        while sim.step() {}
        XCTAssertFalse(ran)
        XCTAssertEqual(sim.pendingCount, 0)
    }

    func testRandomCancelsKeepTheOrderOfTheRest() {
        // Against a plain list of (time, sequence): schedule, cancel at random, run.
        var rng = Xoshiro256StarStar(seed: 42)
        let sim = Simulation()
        var handles: [(TimerHandle, Int64, Int)] = []
        var ran: [Int] = []
        var expected: [(Int64, Int)] = []
        var live = 0 // tracked entries live in the calendar
        var tracked: Set<Int> = []
        for i in 0..<5000 {
            let t = Int64(rng.next() % 1000)
            // Half the actions are time-outs (tracked), half plain: slots are shared and reused.
            let isTracked = rng.next() % 2 == 0
            let h = isTracked ? sim.scheduleCancellable(after: .milliseconds(t)) { ran.append(i) }
                              : sim.schedule(after: .milliseconds(t)) { ran.append(i) }
            if isTracked { tracked.insert(i) }
            handles.append((h, t, i))
            if rng.next() % 3 == 0, !handles.isEmpty {
                let k = Int(rng.next() % UInt64(handles.count))
                sim.cancel(handles[k].0)
                if !tracked.contains(handles[k].2) { live += 1 } // a plain one stays, dead
                handles.remove(at: k)
            }
        }
        XCTAssertEqual(sim.pendingCount, handles.count + live)
        expected = handles.map { ($0.1, $0.2) }.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        while sim.step() {}
        XCTAssertEqual(ran, expected.map { $0.1 })
        XCTAssertEqual(sim.pendingCount, 0)
    }
}

/// The event fingerprint: equal for runs that ran events at the same instants, different
/// as soon as one event moves.
final class FingerprintTests: XCTestCase {
    func run(_ delays: [Int64]) -> UInt64 {
        let sim = Simulation()
        for d in delays { sim.schedule(after: .milliseconds(d)) {} }
        while sim.step() {}
        return sim.fingerprint
    }

    func testEqualRunsHaveEqualFingerprintsAndAMovedEventChangesIt() {
        XCTAssertEqual(run([1, 5, 9]), run([9, 1, 5]), "the same instants, scheduled in another order")
        XCTAssertNotEqual(run([1, 5, 9]), run([1, 5, 10]))
        XCTAssertNotEqual(run([1, 5, 9]), run([1, 5, 9, 9]))
        // A cancelled event does not count: it never ran.
        let sim = Simulation()
        sim.schedule(after: .milliseconds(1)) {}
        let h = sim.schedule(after: .milliseconds(2)) {}
        sim.cancel(h)
        while sim.step() {}
        XCTAssertEqual(sim.fingerprint, run([1]))
    }
}
