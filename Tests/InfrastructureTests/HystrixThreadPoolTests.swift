import XCTest
import SimCore
@testable import Infrastructure

/// `hystrix.threadpool.*` changed while running: 1.5.18's `touchConfig()` resizes the
/// executor at the next thread-isolated execution (HystrixThreadPool.java:205-235).
final class HystrixThreadPoolTests: XCTestCase {
    var sim: Simulation!
    var hystrix: Hystrix!
    var config: SpringBootConfig!
    var outcomes: [String] = []
    var finished: [Int64] = []

    override func setUp() {
        sim = Simulation()
        hystrix = Hystrix(sim: sim)
        config = SpringBootConfig()
    }

    var command: HystrixCommand { hystrix.command("Svc#get()", group: "svc", config: config) }
    var pool: HystrixThreadPool { command.pool }

    /// One call (with a fallback) whose callee answers after `takes` ms.
    func call(takes: Int64) {
        command.execute(hasFallback: true, run: { [unowned self] (done: @escaping (Int?) -> Void) in
            self.sim.schedule(after: .milliseconds(takes)) {
                self.finished.append(self.sim.now.nanoseconds / 1_000_000)
                done(1)
            }
        }, completion: { [unowned self] r in
            switch r {
            case .success: self.outcomes.append("SUCCESS")
            case .fallback(let e): self.outcomes.append(e.name)
            case .error(let e, _): self.outcomes.append("error:\(e.name)")
            }
        })
    }

    func at(_ ms: Int64, _ body: @escaping () -> Void) { sim.schedule(at: SimTime(nanoseconds: ms * 1_000_000), body) }
    func run(until ms: Int64) { sim.run(until: SimTime(nanoseconds: ms * 1_000_000)) }

    /// `config SERVICE hystrix.threadpool.svc.KEY=VALUE` while running.
    func change(_ settings: [(String, String)], at ms: Int64) {
        at(ms) {
            for (k, v) in settings { try? self.config.set("hystrix.threadpool.svc.\(k)", v) }
            self.hystrix.reconfigure(self.config)
        }
    }

    func testALargerCoreSizeTakesEffectAtTheNextExecution() throws {
        try config.set("hystrix.threadpool.svc.coreSize", "2")
        for _ in 0..<3 { at(0) { self.call(takes: 500) } }
        change([("coreSize", "4")], at: 100)
        run(until: 150)
        XCTAssertEqual(outcomes, ["THREAD_POOL_REJECTED"], "2 threads: the third call is rejected")
        XCTAssertEqual(pool.maximumPoolSize, 2, "the change waits for the next execution")
        for _ in 0..<3 { at(200) { self.call(takes: 500) } }
        run(until: 1000)
        XCTAssertEqual(pool.corePoolSize, 4)
        XCTAssertEqual(outcomes.filter { $0 == "THREAD_POOL_REJECTED" }.count, 2, "two more threads: two of the three run, one is rejected")
        XCTAssertEqual(finished, [500, 500, 700, 700])
    }

    func testASmallerCoreSizeStopsNoBusyThreadAndRejectsUntilBelowIt() throws {
        try config.set("hystrix.threadpool.svc.coreSize", "4")
        for i in 0..<4 { at(0) { self.call(takes: 100 * Int64(i + 1)) } } // end at 100, 200, 300, 400
        change([("coreSize", "2")], at: 50)
        at(150) { self.call(takes: 10) }  // 3 still busy, above 2: rejected
        at(250) { self.call(takes: 10) }  // 2 busy: still rejected
        at(350) { self.call(takes: 10) }  // 1 busy: runs
        run(until: 1000)
        XCTAssertEqual(pool.maximumPoolSize, 2)
        XCTAssertEqual(outcomes.filter { $0 == "THREAD_POOL_REJECTED" }.count, 2)
        XCTAssertEqual(finished, [100, 200, 300, 360, 400], "the four busy threads finish their work")
        XCTAssertEqual(pool.active, 0)
    }

    func testAGrowingPoolStartsTheQueuedTasksAtTheNextExecutionNotAtTheChange() throws {
        try config.set("hystrix.threadpool.svc.coreSize", "1")
        try config.set("hystrix.threadpool.svc.maxQueueSize", "10")
        for _ in 0..<3 { at(0) { self.call(takes: 100) } }      // 1 runs, 2 wait
        change([("coreSize", "3")], at: 10)
        at(50) { self.call(takes: 100) }                         // touchConfig: 2 new workers take the queue
        run(until: 1000)
        XCTAssertEqual(finished, [100, 150, 150, 200], "queued tasks start at 50 ms, not at the change (10 ms)")
        XCTAssertEqual(outcomes, ["SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS"])
    }

    func testMaximumSizeFollowsWithDivergenceAndStaysWhenOnlyDivergenceIsTurnedOff() throws {
        try config.set("hystrix.threadpool.svc.coreSize", "1")
        for _ in 0..<1 { at(0) { self.call(takes: 10) } }
        change([("allowMaximumSizeToDivergeFromCoreSize", "true"), ("maximumSize", "3")], at: 100)
        at(200) { self.call(takes: 10) }
        run(until: 300)
        XCTAssertEqual(pool.maximumPoolSize, 3)
        XCTAssertEqual(pool.corePoolSize, 1)
        // 1.5.18 compares the maximum only while divergence is on: turning it off alone
        // changes nothing until coreSize changes.
        change([("allowMaximumSizeToDivergeFromCoreSize", "false")], at: 400)
        at(500) { self.call(takes: 10) }
        run(until: 600)
        XCTAssertEqual(pool.maximumPoolSize, 3)
        change([("coreSize", "2")], at: 700)
        at(800) { self.call(takes: 10) }
        run(until: 900)
        XCTAssertEqual(pool.maximumPoolSize, 2)
    }

    func testMaxQueueSizeIsReadOnceButTheRejectionThresholdAtEverySubmission() throws {
        try config.set("hystrix.threadpool.svc.coreSize", "1")
        try config.set("hystrix.threadpool.svc.maxQueueSize", "10")
        try config.set("hystrix.threadpool.svc.queueSizeRejectionThreshold", "1")
        at(0) { self.call(takes: 100) }
        change([("queueSizeRejectionThreshold", "3"), ("maxQueueSize", "-1")], at: 10)
        for _ in 0..<4 { at(20) { self.call(takes: 100) } }     // 3 wait, the fourth is rejected
        run(until: 1000)
        XCTAssertEqual(pool.maxQueueSize, 10)
        XCTAssertEqual(outcomes.filter { $0 == "THREAD_POOL_REJECTED" }.count, 1)
        XCTAssertEqual(finished, [100, 200, 300, 400])
    }
}
