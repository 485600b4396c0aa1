import XCTest
import SimCore
@testable import Infrastructure

/// HikariCP's pool: a borrower waits in line for a connection up to `connection-timeout`,
/// then gets the SQLTransientConnectionException; a connection given back goes to the
/// longest waiter; the process's death drops its waiters.
final class HikariPoolTests: XCTestCase {
    let sim = Simulation()
    let lifetime = ProcessLifetime()
    lazy var pool = HikariPool(name: "reservation", size: 1, sim: sim, lifetime: lifetime)
    var outcomes: [(String, SimTime, Bool)] = []

    func borrow(_ who: String, timeout: SimDuration = .seconds(30)) {
        pool.getConnection(timeout: timeout, trace: nil) { [unowned self] ok in self.outcomes.append((who, self.sim.now, ok)) }
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
        lifetime.renew()
        sim.run(until: .zero + .seconds(60))
        XCTAssertEqual(outcomes.map { $0.0 }, ["a"], "b is neither granted nor timed out")
        XCTAssertEqual(pool.active, 0)
    }
}
