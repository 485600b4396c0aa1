import XCTest
@testable import SimCore

/// Component events (values in the calendar), the slot arena, and a resource that grants
/// to components: the kernel's allocation-free path.
final class ComponentEventTests: XCTestCase {
    /// Records what it receives, with the time.
    final class Recorder: SimComponent {
        let sim: Simulation
        var log: [String] = []
        init(_ sim: Simulation) { self.sim = sim }
        override func handle(_ kind: UInt8, _ reference: UInt32) { log.append("\(sim.now.nanoseconds):\(kind):\(reference)") }
    }

    func testComponentEventsAndClosuresShareOneOrderByTimeThenSchedulingOrder() {
        let sim = Simulation()
        let r = Recorder(sim)
        let id = sim.register(r)
        sim.post(after: .nanoseconds(20), to: id, kind: 1, reference: 7)
        sim.schedule(after: .nanoseconds(10)) { r.log.append("10:closure") }
        sim.post(after: .nanoseconds(10), to: id, kind: 2, reference: 8)
        sim.schedule(after: .nanoseconds(20)) { r.log.append("20:closure") }
        sim.post(after: .nanoseconds(0), to: id, kind: 3, reference: UInt32.max)
        while sim.step() {}
        XCTAssertEqual(r.log, ["0:3:4294967295", "10:closure", "10:2:8", "20:1:7", "20:closure"])
        XCTAssertEqual(sim.eventCount, 5)
    }

    func testACancelledComponentEventLeavesTheCalendarAtOnceAndNeverRuns() {
        let sim = Simulation()
        let r = Recorder(sim)
        let id = sim.register(r)
        let timeout = sim.postCancellable(after: .seconds(30), to: id, kind: 9, reference: 1)
        let kept = sim.postCancellable(after: .seconds(40), to: id, kind: 9, reference: 2)
        XCTAssertEqual(sim.pendingCount, 2)
        sim.cancel(timeout)
        XCTAssertEqual(sim.pendingCount, 1, "a cancelled time-out must not wait in the heap")
        sim.cancel(timeout) // twice: nothing
        while sim.step() {}
        XCTAssertEqual(r.log, ["40000000000:9:2"])
        sim.cancel(kept) // after it ran: nothing
        XCTAssertNil(sim.nextEventTime)
    }

    func testAComponentEventKeepsTheFingerprintOfTheClosureItReplaces() {
        func run(typed: Bool) -> UInt64 {
            let sim = Simulation()
            let r = Recorder(sim)
            let id = sim.register(r)
            for i in 0..<50 {
                if typed { sim.post(after: .nanoseconds(Int64(i * 37 % 11)), to: id, kind: 0, reference: 0) }
                else { sim.schedule(after: .nanoseconds(Int64(i * 37 % 11))) {} }
            }
            while sim.step() {}
            return sim.fingerprint
        }
        XCTAssertEqual(run(typed: true), run(typed: false))
    }

    func testTheArenaReusesSlotsAndRefusesStaleReferences() {
        var arena = SlotArena<String>()
        guard let a = arena.insert("a"), let b = arena.insert("b") else { return XCTFail("arena refused") }
        XCTAssertEqual(arena.count, 2)
        XCTAssertEqual(arena.remove(a), "a")
        XCTAssertNil(arena.remove(a), "a freed slot's old reference is stale")
        guard let c = arena.insert("c") else { return XCTFail("arena refused") }
        XCTAssertNotEqual(c, a, "the reused slot has a new generation")
        XCTAssertNil(arena[a])
        XCTAssertEqual(arena[c], "c")
        XCTAssertFalse(arena.modify(a) { $0 = "x" })
        XCTAssertTrue(arena.modify(b) { $0 += "!" })
        XCTAssertEqual(arena[b], "b!")
        XCTAssertEqual(arena.count, 2)
        XCTAssertNil(arena[SlotReference(raw: 12345)], "a reference to a slot never taken")
    }

    func testRemoveAllMakesEveryReferenceStaleAndFreesTheSlotsForReuse() {
        var arena = SlotArena<Int>()
        guard let a = arena.insert(1), let b = arena.insert(2) else { return XCTFail("arena refused") }
        arena.removeAll()
        XCTAssertEqual(arena.count, 0)
        XCTAssertNil(arena[a], "a reference from before removeAll is stale")
        XCTAssertNil(arena.remove(b))
        guard let c = arena.insert(3), let d = arena.insert(4) else { return XCTFail("arena refused") }
        XCTAssertNotEqual(c, a); XCTAssertNotEqual(c, b); XCTAssertNotEqual(d, a); XCTAssertNotEqual(d, b)
        XCTAssertEqual(arena[c], 3)
        XCTAssertEqual(arena[d], 4)
        XCTAssertEqual(arena.count, 2)
    }

    func testAResourceGrantsComponentsAndClosuresInArrivalOrder() {
        let sim = Simulation()
        let r = Recorder(sim)
        let id = sim.register(r)
        let pool = Resource(name: "pool", capacity: 1, sim: sim)
        pool.acquire(for: id, kind: 1, reference: 1) // granted at once, inside this call
        XCTAssertEqual(r.log, ["0:1:1"])
        pool.acquire { _ in r.log.append("closure") }
        pool.acquire(for: id, kind: 1, reference: 3)
        XCTAssertEqual(pool.queueLength, 2)
        sim.schedule(after: .seconds(1)) { pool.release() }
        sim.schedule(after: .seconds(2)) { pool.release() }
        while sim.step() {}
        XCTAssertEqual(r.log, ["0:1:1", "closure", "2000000000:1:3"])
        XCTAssertEqual(pool.inUse, 1)
        XCTAssertEqual(pool.grants, 3)
        pool.acquire(for: id, kind: 1, reference: 4)
        pool.reset()
        XCTAssertEqual(pool.queueLength, 0)
        XCTAssertEqual(pool.inUse, 0)
        XCTAssertEqual(r.log.count, 3, "a reset drops waiting components without granting")
    }

    /// A component's grant after a wait is its own event, posted to the component at the
    /// release's instant. If the process dies in between, the component's emptied arena
    /// makes the grant's reference stale, and the grant does nothing.
    func testAComponentGrantPostedBeforeAResetFindsAStaleSlot() {
        final class Holder: SimComponent {
            var waiting = SlotArena<String>()
            var granted: [String] = []
            override func handle(_ kind: UInt8, _ reference: UInt32) {
                if let who = waiting.remove(SlotReference(raw: reference)) { granted.append(who) }
            }
        }
        let sim = Simulation()
        let holder = Holder()
        let id = sim.register(holder)
        let pool = Resource(name: "pool", capacity: 1, sim: sim)
        for who in ["a", "b"] {
            guard let slot = holder.waiting.insert(who) else { return XCTFail("arena full") }
            pool.acquire(for: id, kind: 0, reference: slot.raw)
        }
        XCTAssertEqual(holder.granted, ["a"], "a free unit is granted inside the call")
        sim.schedule(after: .seconds(1)) {
            pool.release()
            XCTAssertEqual(holder.granted, ["a"], "b hears of it in an event of its own")
            pool.reset(); holder.waiting.removeAll()   // the process died
        }
        while sim.step() {}
        XCTAssertEqual(holder.granted, ["a"])
        XCTAssertEqual(pool.inUse, 0)
    }
}
