import XCTest
import SimCore
import Formats
@testable import Infrastructure

/// Resilience4j 1.7.0's circuit breaker, on the reference cases of its own
/// CircuitBreakerStateMachineTest: failure threshold 50 %, slow-call threshold 50 % above
/// 4 s, 4 calls in HALF_OPEN, a 20 s time-based window with a minimum of 5 calls, 5 s open.
final class Resilience4jTests: XCTestCase {
    var sim: Simulation!
    var breaker: Resilience4jCircuitBreaker!

    override func setUp() {
        sim = Simulation()
        var c = CircuitBreakerConfig()
        c.failureRateThreshold = 50
        c.slowCallRateThreshold = 50
        c.slowCallDurationThreshold = .seconds(4)
        c.permittedNumberOfCallsInHalfOpenState = 4
        c.slidingWindowType = .timeBased
        c.slidingWindowSize = 20
        c.minimumNumberOfCalls = 5
        c.waitDurationInOpenState = .seconds(5)
        breaker = Resilience4jCircuitBreaker(name: "testName", config: c, sim: sim)
    }

    func advance(_ d: SimDuration) { sim.run(until: sim.now + d) }

    func call(_ success: Bool, _ duration: SimDuration = .milliseconds(10)) {
        XCTAssertTrue(breaker.tryAcquirePermission())
        breaker.onResult(success: success, duration: duration)
    }

    func testOpensOnceTheFailureRateReachesTheThresholdAfterTheMinimumCalls() {
        call(false); call(false); call(false)
        XCTAssertEqual(breaker.state, .closed, "below the minimum number of calls")
        call(true)
        XCTAssertEqual(breaker.state, .closed)
        call(true)
        XCTAssertEqual(breaker.state, .open)
        XCTAssertEqual(breaker.failureRate, 60)
        XCTAssertFalse(breaker.tryAcquirePermission())
        XCTAssertEqual(breaker.notPermitted, 1)
    }

    func testOpensOnTheSlowCallRateWhileTheFailureRateIsBelow() {
        call(false, .seconds(5)); call(true, .seconds(5)); call(false, .milliseconds(100)); call(true, .milliseconds(100))
        XCTAssertEqual(breaker.state, .closed)
        call(true, .seconds(5))
        XCTAssertEqual(breaker.state, .open)
        XCTAssertEqual(breaker.slowCallRate, 60)
        XCTAssertEqual(breaker.failureRate, 40)
    }

    func testASlowCallIsStrictlyLongerThanTheThreshold() {
        for _ in 0..<5 { call(true, .seconds(4)) }
        XCTAssertEqual(breaker.state, .closed)
        XCTAssertEqual(breaker.slowCallRate, 0)
    }

    func openIt() { for _ in 0..<5 { call(false) } ; XCTAssertEqual(breaker.state, .open) }

    func testOpenRefusesUntilStrictlyAfterTheWaitThenGoesHalfOpen() {
        openIt()
        advance(.seconds(3))
        XCTAssertFalse(breaker.tryAcquirePermission())
        advance(.seconds(2))
        XCTAssertFalse(breaker.tryAcquirePermission(), "exactly the wait is not yet after it")
        advance(.seconds(1))
        XCTAssertTrue(breaker.tryAcquirePermission())
        XCTAssertEqual(breaker.state, .halfOpen)
        XCTAssertEqual(breaker.bufferedCalls, 0, "HALF_OPEN starts a fresh window")
    }


    func testHalfOpenLetsItsPermitsThroughAndRefusesTheRest() {
        openIt()
        advance(.seconds(6))
        XCTAssertTrue(breaker.tryAcquirePermission()) // moves to HALF_OPEN, takes no permit (1.7.0)
        for _ in 0..<4 { XCTAssertTrue(breaker.tryAcquirePermission()) }
        XCTAssertFalse(breaker.tryAcquirePermission())
        XCTAssertEqual(breaker.state, .halfOpen)
    }

    func testHalfOpenDecidesOnItsPermittedCalls() {
        // E, E, S, E: 75 % failed -> OPEN.
        openIt(); advance(.seconds(6)); _ = breaker.tryAcquirePermission()
        breaker.onResult(success: false, duration: .milliseconds(10))
        breaker.onResult(success: false, duration: .milliseconds(10))
        breaker.onResult(success: true, duration: .milliseconds(10))
        XCTAssertEqual(breaker.state, .halfOpen)
        breaker.onResult(success: false, duration: .milliseconds(10))
        XCTAssertEqual(breaker.state, .open)
    }

    func testHalfOpenClosesWhenItsCallsMostlySucceed() {
        openIt(); advance(.seconds(6)); _ = breaker.tryAcquirePermission()
        for ok in [false, true, true, true] { breaker.onResult(success: ok, duration: .milliseconds(10)) }
        XCTAssertEqual(breaker.state, .closed)
        XCTAssertEqual(breaker.bufferedCalls, 0, "CLOSED starts a fresh window")
    }

    func testHalfOpenReopensOnSlowCalls() {
        openIt(); advance(.seconds(6)); _ = breaker.tryAcquirePermission()
        for d in [5, 5, 5] { breaker.onResult(success: true, duration: .seconds(Int64(d))) }
        breaker.onResult(success: true, duration: .milliseconds(100))
        XCTAssertEqual(breaker.state, .open)
    }

    func testATimeBasedWindowForgetsCallsOlderThanItsSeconds() {
        call(false); call(false); call(false); call(true)
        advance(.seconds(21))
        XCTAssertEqual(breaker.bufferedCalls, 0)
        call(false)
        XCTAssertEqual(breaker.state, .closed, "the old failures left the window")
    }

    func testACountBasedWindowKeepsTheLastNCallsAndNeedsNoMoreThanItHolds() {
        var c = CircuitBreakerConfig()
        c.slidingWindowSize = 4
        c.minimumNumberOfCalls = 10 // capped at the window's size
        let b = Resilience4jCircuitBreaker(name: "count", config: c, sim: sim)
        for ok in [true, true, false, true] { _ = b.tryAcquirePermission(); b.onResult(success: ok, duration: .zero) }
        XCTAssertEqual(b.state, .closed)
        XCTAssertEqual(b.failureRate, 25)
        _ = b.tryAcquirePermission(); b.onResult(success: false, duration: .zero) // window: T F T F
        XCTAssertEqual(b.state, .open)
    }

    func testAutomaticTransitionMovesToHalfOpenWithoutACall() {
        var c = CircuitBreakerConfig()
        c.slidingWindowSize = 2; c.minimumNumberOfCalls = 2
        c.waitDurationInOpenState = .seconds(5)
        c.automaticTransitionFromOpenToHalfOpenEnabled = true
        let b = Resilience4jCircuitBreaker(name: "auto", config: c, sim: sim)
        for _ in 0..<2 { _ = b.tryAcquirePermission(); b.onResult(success: false, duration: .zero) }
        XCTAssertEqual(b.state, .open)
        advance(.seconds(5) + .nanoseconds(1))
        XCTAssertEqual(b.state, .halfOpen)
    }

    func testPropertiesBindAsResilience4jSpringBoot2BindsThem() throws {
        var cfg = SpringBootConfig()
        try cfg.set("resilience4j.circuitbreaker.configs.default.sliding-window-size", "20")
        try cfg.set("resilience4j.circuitbreaker.configs.default.failure-rate-threshold", "60")
        try cfg.set("resilience4j.circuitbreaker.instances.[Other#call()].minimum-number-of-calls", "7")
        try cfg.set("resilience4j.timelimiter.configs.default.timeout-duration", "610ms")
        let inherited = Resilience4jProperties.circuitBreaker("ResortService#getResortStatus(Long)", in: cfg)
        XCTAssertEqual(inherited.slidingWindowSize, 20)
        XCTAssertEqual(inherited.failureRateThreshold, 60)
        // 1.7.0: an instance with properties of its own starts from the library defaults.
        let own = Resilience4jProperties.circuitBreaker("Other#call()", in: cfg)
        XCTAssertEqual(own.minimumNumberOfCalls, 7)
        XCTAssertEqual(own.slidingWindowSize, 100)
        XCTAssertEqual(Resilience4jProperties.timeLimiter("x", in: cfg).timeoutDuration, .milliseconds(610))
        XCTAssertThrowsError(try cfg.set("resilience4j.circuitbreaker.configs.default.failure-rate-treshold", "50")) { e in
            XCTAssertTrue((e as? ValueError)?.message.contains("did you mean 'failure-rate-threshold'") ?? false, "\(e)")
        }
        XCTAssertThrowsError(try cfg.set("resilience4j.circuitbraker.configs.default.sliding-window-size", "5"))
        XCTAssertThrowsError(try cfg.set("feign.circuitbreaker.enable", "true")) { e in
            XCTAssertTrue((e as? ValueError)?.message.contains("did you mean 'feign.circuitbreaker.enabled'") ?? false, "\(e)")
        }
    }
}
