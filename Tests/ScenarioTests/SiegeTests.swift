import XCTest
import SimCore
import Report
import Systems
@testable import Scenario

/// siege's closed loop on the model: what siege's formulas give when every request takes
/// a known time.
final class SiegeTests: XCTestCase {
    func run(_ text: String) throws -> RunResultProxy {
        guard case .success(let s) = Parser.parse(bytes: Array(text.utf8), file: "s.scenario") else {
            XCTFail("the test scenario does not parse"); throw CancellationError()
        }
        var o = RunOptions(); o.quiet = true
        return RunResultProxy(Runner(scenario: s, options: o, output: { _ in }).run())
    }

    func testClosedLoopWithoutDelayIsBoundByTheHikariPool() throws {
        // Ten Hikari connections, each reservation holding one for a 500 ms resort call:
        // 20 reservations per second at most, whatever the number of users.
        let r = try run("""
        config reservation resortsim.warm=true
        fault resort delay GET /resorts/{id} 500ms
        http POST http://localhost:8082/resorts resortName=J resortStatus=Available resortPrice=1
        stop kafka
        siege -b -c50 -t60S 'http://localhost:8081/reservations POST {"resortId":1,"memberName":"MK"}'
        expect availability == 100%
        """)
        let f = r.result.loads[0]
        XCTAssertEqual(f.availability, 100)
        XCTAssertEqual(f.transactionRate, 20, accuracy: 1.0)
        // Little's law on the closed loop: 50 users / 20 per second = 2.5 s each (a little
        // less: the first wave, at t = 0, waits less).
        XCTAssertEqual(f.responseTime, 2.5, accuracy: 0.1)
        // siege's concurrency (total time / elapsed) misses the requests abandoned in flight
        // at -t's end (about 50 x 1.25 s of 3000 s).
        XCTAssertEqual(f.concurrency, 48.5, accuracy: 1.5)
    }

    /// Runs a scenario and returns what it printed.
    func printed(_ text: String) -> String {
        guard case .success(let s) = Parser.parse(bytes: Array(text.utf8), file: "s.scenario") else {
            XCTFail("the test scenario does not parse"); return ""
        }
        var o = RunOptions(); o.quiet = false
        var out = ""
        _ = Runner(scenario: s, options: o, output: { out += $0 }).run()
        return out
    }

    func testSiegeAbortsOnceTenTwentyFourRequestsHaveFailed() throws {
        // siege 4.0.4 (init.c `my.failures = 1024`, browser.c): each user stops at the end of
        // its iteration once 1024 requests have failed, and main.c says why.
        let text = """
        stop payment
        siege -c3 -t60S http://payment:8080/payments
        """
        let r = try run(text)
        let f = r.result.loads[0]
        XCTAssertEqual(f.hits, 0)
        // The three users each finish the request in hand: 1024 to 1026 failures.
        XCTAssertTrue((1024...1026).contains(f.failed), "\(f.failed)")
        XCTAssertLessThan(f.elapsed, 5, "refused connections fail in milliseconds, long before -t")
        let out = printed(text)
        XCTAssertTrue(out.contains("siege aborted due to excessive socket failure; you\ncan change the failure threshold in $HOME/.siegerc\n"))
        XCTAssertFalse(out.contains("Lifting the server siege..."))
    }

    func testServerErrorsCountTowardsTheAbortToo() throws {
        // __request returns FALSE for 500-509 as for a socket error, so 5xx answers count.
        let r = try run("""
        fault payment error 100% GET /payments
        siege -c1 -t60S http://payment:8080/payments
        """)
        let f = r.result.loads[0]
        XCTAssertEqual(f.failed, 1024)
        XCTAssertLessThan(f.elapsed, 30)
    }

    func testFewerFailuresThanTheLimitRunTheFullTime() throws {
        let r = try run("""
        fault payment error 1% GET /payments
        siege -c1 -t10S http://payment:8080/payments
        """)
        let f = r.result.loads[0]
        XCTAssertGreaterThan(f.failed, 0)
        XCTAssertLessThan(f.failed, 1024)
        XCTAssertGreaterThan(f.elapsed, 9)
    }

    func testRepsBoundTheRunAndTheDefaultDelayIsZero() throws {
        let r = try run("""
        config resort resortsim.warm=true
        siege -c4 -r5 http://localhost:8082/resorts
        """)
        let f = r.result.loads[0]
        XCTAssertEqual(f.hits, 20)
        XCTAssertEqual(f.successful, 20)
        XCTAssertLessThan(f.longest, 0.05)
        // siege 4.0.x's siegerc ships `delay = 0.0`: each user sends again at once.
        XCTAssertLessThan(f.elapsed, 0.5)
    }

    func testDelayOfOneSecondSleepsWholeSecondsAndAddsNoResponseTime() throws {
        let r = try run("""
        config resort resortsim.warm=true
        siege -c4 -r5 -d1 http://localhost:8082/resorts
        """)
        let f = r.result.loads[0]
        XCTAssertEqual(f.hits, 20)
        XCTAssertLessThan(f.longest, 0.05)
        // 0 or 1 whole second after each request (browser.c): 20 draws, so some are 1 s.
        XCTAssertGreaterThan(f.elapsed, 1)
    }

    func testTimeLimitEndsOnTheWallClocksWholeSecond() throws {
        // siege_timer waits until time() + secs: started f seconds into a wall-clock second,
        // -t2S runs 2 - f. The wall clock's phase at virtual time 0 is drawn per run.
        for seed in 1...4 {
            guard case .success(let s) = Parser.parse(bytes: Array("""
            seed \(seed)
            wait 300ms
            siege -c2 -t2S http://localhost:8082/resorts
            """.utf8), file: "s.scenario") else { return XCTFail("parse") }
            var o = RunOptions(); o.quiet = true
            let runner = Runner(scenario: s, options: o, output: { _ in })
            let r = runner.run()
            let start = runner.model.wallClock(at: .zero + .milliseconds(300))
            let fraction = Double(start.nanoseconds % 1_000_000_000) / 1e9
            XCTAssertEqual(r.loads[0].elapsed, 2 - fraction, accuracy: 0.0005)
            XCTAssertTrue(r.loads[0].elapsed > 1 && r.loads[0].elapsed <= 2)
        }
    }

    func testTheWallClocksPhaseIsDrawnPerRunFromItsOwnStream() {
        let phases = (1...8).map { SystemModel(system: TestSystems.resort, seed: UInt64($0)).wallClockPhase }
        XCTAssertTrue(phases.allSatisfy { $0 >= .zero && $0 < .seconds(1) })
        XCTAssertEqual(Set(phases.map { $0.nanoseconds }).count, 8)
        XCTAssertEqual(SystemModel(system: TestSystems.resort, seed: 3).wallClockPhase, SystemModel(system: TestSystems.resort, seed: 3).wallClockPhase)
    }

    func testServerErrorsCountAsFailedNotAsHits() throws {
        let r = try run("""
        fault resort error 50% GET /resorts
        siege -b -c5 -r40 http://localhost:8082/resorts
        """)
        let f = r.result.loads[0]
        XCTAssertEqual(f.hits + f.failed, 200)
        XCTAssertEqual(f.availability, Double(f.hits) / 200 * 100, accuracy: 1e-9)
        XCTAssertEqual(Double(f.failed), 100, accuracy: 25)
    }

    func testBackgroundLoadRunsWhileLaterCommandsHappen() throws {
        // A background siege against resort; resort is stopped 5 s in and started again:
        // the load sees refusals in between, and `wait` collects its figures. (With -d1
        // the users pause, so the refusals stay far below siege's 1024-failure abort.)
        let r = try run("""
        siege -d1 -c2 -t20S http://localhost:8082/resorts &
        wait 5s
        stop resort
        wait 3s
        start resort
        wait
        expect failed > 0
        """)
        let f = r.result.loads[0]
        XCTAssertGreaterThan(f.connectionFailures, 0)
        XCTAssertGreaterThan(f.successful, 0)
        XCTAssertTrue(f.elapsed > 19 && f.elapsed <= 20, "-t20S ends on a whole second of the wall clock")
        XCTAssertTrue(r.result.expectations[0].passed)
    }

    func testASlowNetworkTripsTheHystrixTimeoutAndHealingRestoresIt() throws {
        let r = try run("""
        config reservation hystrix.command.default.execution.isolation.thread.timeoutInMilliseconds=610
        http POST http://localhost:8082/resorts resortName=J resortStatus=Available resortPrice=1
        fault network reservation resort delay 400ms
        http POST http://localhost:8081/reservations resortId:=1 memberName=MK
        expect status 500
        expect body message == "ResortService#getResortStatus(Long) timed-out and no fallback available."
        fault network reservation resort heal
        http POST http://localhost:8081/reservations resortId:=1 memberName=MK
        expect status 201
        fault network reservation resort partition
        http POST http://localhost:8081/reservations resortId:=1 memberName=MK
        expect status 500
        """)
        XCTAssertEqual(r.result.expectations.map { $0.passed }, [true, true, true, true], "\(r.result.expectations.map { $0.measured })")
    }

    func testRefusedConnectionsAreFailures() throws {
        let r = try run("""
        stop resort
        siege -b -c2 -r3 http://localhost:8082/resorts
        """)
        XCTAssertEqual(r.result.loads[0].failed, 6)
        XCTAssertEqual(r.result.loads[0].availability, 0)
    }
}

struct RunResultProxy {
    let result: RunResult
    init(_ r: RunResult) { result = r }
}

/// `expect`'s comparisons: a closed set of operators, each with its own meaning.
final class ComparisonTests: XCTestCase {
    func testEachOperatorHoldsExactlyWhereItShould() {
        let cases: [(ComparisonOperator, [Bool])] = [ // at 4, 5, 6 against 5
            (.equal, [false, true, false]), (.notEqual, [true, false, true]),
            (.less, [true, false, false]), (.lessOrEqual, [true, true, false]),
            (.greater, [false, false, true]), (.greaterOrEqual, [false, true, true]),
        ]
        XCTAssertEqual(cases.count, ComparisonOperator.allCases.count)
        for (op, want) in cases {
            XCTAssertEqual([4.0, 5, 6].map { Comparison.op(op, 5).holds($0) }, want, op.rawValue)
        }
        XCTAssertNil(ComparisonOperator(rawValue: "=~"))
    }
}
