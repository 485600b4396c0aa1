import XCTest
import SimCore
@testable import Infrastructure
import Formats

/// Reference cases B1–B11 (SEMANTICS.md, after Hystrix's own `HystrixCircuitBreakerTest`):
/// timed sequences of calls with the breaker state expected after each step.
final class HystrixTests: XCTestCase {
    var sim: Simulation!
    var hystrix: Hystrix!
    var config: SpringBootConfig!
    var calleeCalls = 0
    var calleeFinished: [Double] = []
    var outcomes: [String] = []
    var transitions: [String] = []

    override func setUp() {
        sim = Simulation()
        hystrix = Hystrix(sim: sim)
        config = SpringBootConfig()
        hystrix.onBreakerChange = { [unowned self] _, from, to, _ in
            self.transitions.append("\(from.rawValue)->\(to.rawValue)@\(self.sim.now.nanoseconds / 1_000_000)")
        }
    }

    var command: HystrixCommand { hystrix.command("Svc#get()", group: "svc", config: config) }

    /// One call whose callee answers after `takes` with success or failure.
    func call(succeeds: Bool, takes: SimDuration = .milliseconds(1), fallback: Bool = true) {
        command.execute(hasFallback: fallback, run: { [unowned self] (done: @escaping (Int?) -> Void) in
            self.calleeCalls += 1
            self.sim.schedule(after: takes) {
                self.calleeFinished.append(self.sim.now.seconds)
                done(succeeds ? 1 : nil)
            }
        }, completion: { [unowned self] r in
            switch r {
            case .success: self.outcomes.append("SUCCESS")
            case .fallback(let e): self.outcomes.append("fallback:\(e.name)")
            case .error(let e, let m): self.outcomes.append("error:\(e.name):\(m)")
            }
        })
    }

    func at(_ ms: Int64, _ body: @escaping () -> Void) { sim.schedule(at: SimTime(nanoseconds: ms * 1_000_000), body) }
    func run(until ms: Int64) { sim.run(until: SimTime(nanoseconds: ms * 1_000_000)) }
    var state: HystrixCircuitBreaker.State { command.breaker.state }

    /// `n` calls spread over the first second, the first `failing` of them failing.
    func burst(_ n: Int, failing: Int, from start: Int64 = 0) {
        for i in 0..<n { at(start + Int64(i) * 1000 / Int64(n)) { self.call(succeeds: i >= failing) } }
    }

    func testB1_BelowTheVolumeThresholdNeverOpens() {
        burst(19, failing: 19)
        run(until: 3000)
        XCTAssertEqual(state, .closed)
        XCTAssertEqual(command.currentHealth.total, 19)
    }

    func testB2_FiftyPercentOfTwentyOpensAtTheFirstRequestAfterTheSnapshot() {
        burst(20, failing: 10)
        run(until: 1500)
        // 1.5.18's isOpen() reads the counts on each request: no request, no trip.
        XCTAssertEqual(state, .closed, "the circuit trips at a request, not at the snapshot")
        XCTAssertEqual(command.latestHealth, HealthCounts(total: 20, errors: 10))
        at(1600) { self.call(succeeds: true) }
        run(until: 1700)
        XCTAssertEqual(state, .open)
        XCTAssertEqual(transitions, ["CLOSED->OPEN@1600"])
        XCTAssertEqual(outcomes.last, "fallback:SHORT_CIRCUITED", "the tripping request is itself short-circuited")
    }

    func testB2b_ARequestBeforeTheSnapshotSeesTheOldCounts() {
        burst(20, failing: 10)   // the 20th call at 950 ms
        at(998) { self.call(succeeds: true) }  // answers at 999 ms, in the second bucket
        run(until: 999)
        XCTAssertEqual(state, .closed, "the latest snapshot (at 500 ms) holds 10 calls")
        at(1000) { self.call(succeeds: true) }
        run(until: 1001)
        XCTAssertEqual(state, .closed, "21 calls, 10 errors: 47 %")
    }

    func testB3_FortyFivePercentStaysClosed() {
        burst(20, failing: 9)
        for t in stride(from: 1000 as Int64, to: 3000, by: 250) { at(t) { self.call(succeeds: true) } }
        run(until: 3000)
        XCTAssertEqual(state, .closed)
    }

    /// Opens the circuit as B2 does: 20 calls, 10 failing, then a call at 1000 ms.
    func openAt1000() {
        burst(20, failing: 10)
        at(1000) { self.call(succeeds: true) }
        run(until: 1500)
        XCTAssertEqual(transitions, ["CLOSED->OPEN@1000"])
    }

    func testB4_WhileOpenEveryCallShortCircuitsAndTheCalleeIsNotCalled() {
        openAt1000()
        let before = calleeCalls
        outcomes.removeAll()
        for t in stride(from: 1500 as Int64, to: 5900, by: 100) { at(t) { self.call(succeeds: true) } }
        run(until: 5950)
        XCTAssertEqual(calleeCalls, before)
        XCTAssertEqual(Set(outcomes), ["fallback:SHORT_CIRCUITED"])
        XCTAssertEqual(command.count(.shortCircuited), 45)
        XCTAssertEqual(command.latestHealth.total, 20, "short-circuited calls do not count")
    }

    func testB5_AfterTheSleepWindowExactlyOneTestPasses() {
        openAt1000()
        at(6000) { self.call(succeeds: true, takes: .milliseconds(100)) } // not strictly after 1000 + 5000
        at(6001) {
            self.call(succeeds: true, takes: .milliseconds(100))
            self.call(succeeds: true, takes: .milliseconds(100))
        }
        let before = calleeCalls
        run(until: 6050)
        XCTAssertEqual(calleeCalls, before + 1)
        XCTAssertEqual(state, .open, "1.5.18 has no HALF_OPEN: the circuit stays open during the test")
        XCTAssertEqual(outcomes.suffix(2), ["fallback:SHORT_CIRCUITED", "fallback:SHORT_CIRCUITED"])
    }

    func testB6_ASuccessfulTestClosesAndResetsTheMetrics() {
        openAt1000()
        at(6001) { self.call(succeeds: true, takes: .milliseconds(100)) }
        run(until: 6200)
        XCTAssertEqual(state, .closed)
        XCTAssertEqual(transitions, ["CLOSED->OPEN@1000", "OPEN->CLOSED@6101"])
        XCTAssertEqual(command.currentHealth.total, 0, "the earlier failures no longer count")
        // Ten more failures alone cannot reopen it: the volume is below 20 again.
        for i in 0..<10 { at(6300 + Int64(i)) { self.call(succeeds: false) } }
        for t in stride(from: 6500 as Int64, to: 8000, by: 100) { at(t) { self.call(succeeds: true) } }
        run(until: 8000)
        XCTAssertEqual(state, .closed)
    }

    func testB7_ATimedOutTestLeavesItOpenAndTheNextTestComesAWindowAfterTheLast() {
        try? config.set("hystrix.command.default.execution.isolation.thread.timeoutInMilliseconds", "610")
        openAt1000()
        at(6001) { self.call(succeeds: true, takes: .milliseconds(700)) }
        run(until: 6700)
        XCTAssertEqual(state, .open)
        XCTAssertEqual(outcomes.last, "fallback:TIMEOUT")
        XCTAssertEqual(transitions, ["CLOSED->OPEN@1000"], "a failed test changes no state")
        // The next test is one window after the last test (6001), not after the timeout.
        at(11_001) { self.call(succeeds: true) }
        at(11_002) { self.call(succeeds: true) }
        run(until: 11_100)
        XCTAssertEqual(outcomes.suffix(2), ["fallback:SHORT_CIRCUITED", "SUCCESS"])
        XCTAssertEqual(transitions.last, "OPEN->CLOSED@11003")
    }

    func testAnySuccessClosesAnOpenCircuit() {
        // 1.5.18's markSuccess() closes the circuit whichever call succeeded: here one that
        // started before the circuit opened and answers while it is open.
        burst(20, failing: 10)
        at(960) { self.call(succeeds: true, takes: .milliseconds(200)) }
        at(1000) { self.call(succeeds: true) }
        run(until: 1100)
        XCTAssertEqual(state, .open)
        run(until: 1200)
        XCTAssertEqual(transitions, ["CLOSED->OPEN@1000", "OPEN->CLOSED@1160"])
        XCTAssertEqual(command.currentHealth.total, 0, "the stream was reset")
    }

    func testB8_BucketsRollingOutOfTheWindowDropTheirCounts() {
        // 15 failures at t = 0; 10 more calls, all successes, at t = 11 s: the failures have
        // rolled out, so the window holds 10 calls (below the volume threshold): closed.
        for _ in 0..<15 { at(0) { self.call(succeeds: false) } }
        for _ in 0..<10 { at(11_000) { self.call(succeeds: true) } }
        at(11_600) { self.call(succeeds: true) }
        run(until: 12_000)
        XCTAssertEqual(state, .closed)
        // The same 10 at t = 5 s: 25 in the window, 60 % errors: open at the next request.
        setUp()
        for _ in 0..<15 { at(0) { self.call(succeeds: false) } }
        for _ in 0..<10 { at(5_000) { self.call(succeeds: true) } }
        at(5_400) { self.call(succeeds: true) } // the snapshot at 5 s holds 15 calls: no trip
        at(5_500) { self.call(succeeds: true) }
        run(until: 6_000)
        XCTAssertEqual(state, .open)
        XCTAssertEqual(transitions, ["CLOSED->OPEN@5500"])
    }

    func testB9_AnEleventhConcurrentCallIsRejectedAndCountsAsAnError() {
        for _ in 0..<11 { at(0) { self.call(succeeds: true, takes: .milliseconds(500)) } }
        run(until: 1)
        XCTAssertEqual(outcomes, ["fallback:THREAD_POOL_REJECTED"])
        XCTAssertEqual(calleeCalls, 10)
        run(until: 1000)
        XCTAssertEqual(command.currentHealth, HealthCounts(total: 11, errors: 1))
    }

    func testB10_ForceOpenShortCircuitsEverything() throws {
        try config.set("hystrix.command.Svc#get().circuitBreaker.forceOpen", "true")
        for i in 0..<5 { at(Int64(i)) { self.call(succeeds: true) } }
        run(until: 100)
        XCTAssertEqual(calleeCalls, 0)
        XCTAssertEqual(outcomes.count, 5)
        XCTAssertTrue(command.breaker.isOpen)
    }

    func testB11_TimeoutAt610msWhileTheCalleeFinishesAt700ms() throws {
        try config.set("hystrix.command.default.execution.isolation.thread.timeoutInMilliseconds", "610")
        at(0) { self.call(succeeds: true, takes: .milliseconds(700), fallback: false) }
        run(until: 610)
        XCTAssertEqual(outcomes, ["error:TIMEOUT:Svc#get() timed-out and no fallback available."])
        XCTAssertEqual(calleeFinished, [])
        XCTAssertEqual(command.pool.active, 1, "the pool thread waits for the callee")
        run(until: 800)
        XCTAssertEqual(calleeFinished, [0.7])
        XCTAssertEqual(command.pool.active, 0)
        XCTAssertEqual(outcomes.count, 1, "the late answer is dropped")
    }

    func testQueueWhenMaxQueueSizeIsSet() throws {
        try config.set("hystrix.threadpool.svc.coreSize", "1")
        try config.set("hystrix.threadpool.svc.maxQueueSize", "10")
        try config.set("hystrix.threadpool.svc.queueSizeRejectionThreshold", "2")
        for _ in 0..<4 { at(0) { self.call(succeeds: true, takes: .milliseconds(100)) } }
        run(until: 1000)
        XCTAssertEqual(outcomes, ["fallback:THREAD_POOL_REJECTED", "SUCCESS", "SUCCESS", "SUCCESS"])
        XCTAssertEqual(calleeFinished, [0.1, 0.2, 0.3])
    }

    func testSemaphoreIsolationRejectsAboveItsLimit() throws {
        try config.set("hystrix.command.default.execution.isolation.strategy", "SEMAPHORE")
        try config.set("hystrix.command.default.execution.isolation.semaphore.maxConcurrentRequests", "2")
        for _ in 0..<3 { at(0) { self.call(succeeds: true, takes: .milliseconds(100)) } }
        run(until: 1000)
        XCTAssertEqual(outcomes.first, "fallback:SEMAPHORE_REJECTED")
        XCTAssertEqual(calleeCalls, 2)
    }

    func testUnknownOrBadPropertiesAreRefused() {
        XCTAssertThrowsError(try config.set("hystrix.command.default.execution.isolation.thread.timeoutInMiliseconds", "610")) { e in
            XCTAssertTrue((e as? ValueError)?.message.contains("did you mean 'execution.isolation.thread.timeoutInMilliseconds'") ?? false, "\(e)")
        }
        XCTAssertThrowsError(try config.set("hystrix.threadpool.resort.coreSize", "ten"))
        XCTAssertThrowsError(try config.set("hystrix.command.default.circuitBreaker.errorThresholdPercentage", "150"))
        XCTAssertNoThrow(try config.set("hystrix.command.ResortService#getResortStatus(Long).execution.isolation.thread.timeoutInMilliseconds", "610"))
    }

    func testCommandSpecificPropertiesWinOverDefault() throws {
        try config.set("hystrix.command.default.execution.isolation.thread.timeoutInMilliseconds", "610")
        try config.set("hystrix.command.Svc#get().execution.isolation.thread.timeoutInMilliseconds", "300")
        XCTAssertEqual(command.properties.timeout, .milliseconds(300))
        XCTAssertEqual(hystrix.command("Other#x()", group: "svc", config: config).properties.timeout, .milliseconds(610))
    }
}
