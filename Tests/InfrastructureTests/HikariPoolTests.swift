import XCTest
import SimCore
@testable import Infrastructure

/// HikariCP's pool: a borrower waits in line for a connection up to `connection-timeout`,
/// then gets the SQLTransientConnectionException; a connection given back goes to the
/// longest waiter; the process's death drops its waiters.
final class HikariPoolTests: XCTestCase {
    /// The borrowers, as one component. Kind 1: lent; kind 2: timed out; the reference is
    /// the borrower's index.
    final class Borrowers: SimComponent {
        let sim: Simulation
        var names: [String] = []
        var outcomes: [(String, SimTime, Bool)] = []
        init(sim: Simulation) { self.sim = sim }
        override func handle(_ kind: UInt8, _ reference: UInt32) {
            outcomes.append((names[Int(reference)], sim.now, kind == 1))
        }
    }

    let sim = Simulation()
    lazy var pool = HikariPool(name: "reservation", size: 1, sim: sim)
    lazy var component = Borrowers(sim: sim)
    lazy var id = sim.register(component)
    var borrowers: [String] {
        get { component.names }
        set { component.names = newValue }
    }
    var outcomes: [(String, SimTime, Bool)] { component.outcomes }

    func borrow(_ who: String, timeout: SimDuration = .seconds(30)) {
        borrowers.append(who)
        pool.getConnection(timeout: timeout, for: id, kind: 1, timeoutKind: 2, reference: UInt32(borrowers.count - 1))
    }

    func testABorrowerWaitingPastConnectionTimeoutGetsTheTimeout() {
        borrow("a")
        borrow("b")
        sim.run(until: .zero + .seconds(60))
        XCTAssertEqual(outcomes.map { $0.0 }, ["a", "b"])
        XCTAssertEqual(outcomes.map { $0.2 }, [true, false])
        XCTAssertEqual(outcomes[1].1, .zero + .seconds(30), "the timeout comes at connection-timeout")
        XCTAssertEqual(pool.active, 1)
        XCTAssertEqual(pool.pending, 0)
    }

    func testAReleasedConnectionGoesToTheLongestWaiter() {
        borrow("a"); borrow("b"); borrow("c")
        XCTAssertEqual(pool.pending, 2)
        sim.schedule(after: .seconds(1)) { self.pool.release() }
        sim.run(until: .zero + .seconds(5))
        XCTAssertEqual(outcomes.map { $0.0 }, ["a", "b"])
        XCTAssertEqual(outcomes[1].1, .zero + .seconds(1))
        XCTAssertEqual(pool.pending, 1)
    }

    func testTheProcessDeathDropsItsWaiters() {
        borrow("a"); borrow("b")
        pool.reset()
        sim.run(until: .zero + .seconds(60))
        XCTAssertEqual(outcomes.map { $0.0 }, ["a"], "b is neither granted nor timed out")
        XCTAssertEqual(pool.active, 0)
    }

    /// A connection given back at the instant a waiter's time-out falls: the calendar's
    /// order decides, and the waiter gets exactly one outcome.
    func testAWaiterGetsOneOutcomeWhenTheReleaseMeetsItsTimeout() {
        borrow("a"); borrow("b", timeout: .seconds(2))
        sim.schedule(after: .seconds(2)) { self.pool.release() }
        sim.run(until: .zero + .seconds(10))
        XCTAssertEqual(outcomes.map { $0.0 }, ["a", "b"])
        XCTAssertEqual(outcomes[1].1, .zero + .seconds(2))
        XCTAssertEqual(pool.active + pool.pending, outcomes[1].2 ? 1 : 0, "a unit lent is in use; a time-out left none")
    }

    /// A release after a time-out does not lend the connection to the waiter that left.
    func testAReleaseAfterATimeoutSkipsTheWaiterThatLeft() {
        borrow("a"); borrow("b", timeout: .seconds(1)); borrow("c")
        sim.schedule(after: .seconds(3)) { self.pool.release() }
        sim.run(until: .zero + .seconds(10))
        XCTAssertEqual(outcomes.map { "\($0.0):\($0.2)" }, ["a:true", "b:false", "c:true"])
        XCTAssertEqual(outcomes[2].1, .zero + .seconds(3))
        XCTAssertEqual(pool.active, 1)
        XCTAssertEqual(pool.connections.timeouts, 1)
    }
}
