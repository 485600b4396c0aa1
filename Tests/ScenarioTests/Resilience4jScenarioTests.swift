import XCTest
import SimCore
import Report
@testable import Scenario

/// Resilience4j end to end: F4's call under Spring Cloud CircuitBreaker.
final class Resilience4jScenarioTests: XCTestCase {
    func run(_ text: String) throws -> (RunResult, String) {
        try ScenarioTextRun.run(text, file: "r4j.scenario")
    }

    func testAHeldOutF4VariantOpensTheBreakerAndFailsHalfTheCalls() throws {
        // Time limiter 610 ms, a count window of 20 with a minimum of 10, 50 %, 5 s open; resort
        // sleeping 400-900 ms, so about 60 % of calls time out. Open-loop arrivals: siege's
        // zero-delay users would make 1024 fast failures while it is open and abort.
        let (r, out) = try run("""
        seed 5
        config reservation feign.hystrix.enabled=false feign.circuitbreaker.enabled=true
        config reservation reservation.resort-fallback=true reservation.null-resort=fail reservation.unavailable-resort=continue
        config reservation resilience4j.timelimiter.configs.default.timeout-duration=610ms
        config reservation resilience4j.circuitbreaker.configs.default.sliding-window-type=COUNT_BASED
        config reservation resilience4j.circuitbreaker.configs.default.sliding-window-size=20 resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=10
        config reservation resilience4j.circuitbreaker.configs.default.failure-rate-threshold=50 resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=5s
        fault resort delay GET /resorts/{id} uniform(400ms, 900ms)
        http POST http://localhost:8082/resorts resortName=J resortStatus=Available resortPrice=1
        load --rate 20/s --for 30s ':8081/reservations POST {"resortId":1, "memberName":"MK"}'
        expect breaker reservation->resort opened
        expect availability < 60%
        expect availability > 0%
        """)
        XCTAssertTrue(r.expectations.allSatisfy { $0.passed }, r.expectations.filter { !$0.passed }.map { "\($0.text): \($0.measured)" }.joined(separator: "; "))
        XCTAssertTrue(out.contains("breaker reservation->resort CLOSED -> OPEN: ResortService#getResortStatus(Long)"), "the transition is printed")
        XCTAssertTrue(out.contains("OPEN -> HALF_OPEN"))
        let transitions = r.breakerTransitions.filter { $0.breaker == "reservation->resort" }
        XCTAssertGreaterThan(transitions.count, 2)
        XCTAssertTrue(r.timeline.contains { $0.breakers.contains { $0.1 == "OPEN" } })
    }

    func testWithoutAFallbackTheCallerGetsNoFallbackAvailable() throws {
        let (r, out) = try run("""
        config reservation resortsim.feign.circuit-breaker=resilience4j
        config reservation resilience4j.timelimiter.configs.default.timeout-duration=100ms
        fault resort delay GET /resorts/{id} 300ms
        http POST http://localhost:8082/resorts resortName=J resortStatus=Available resortPrice=1
        http POST http://localhost:8081/reservations resortId:=1 memberName=MK
        expect status 500
        expect body message == "No fallback available."
        """)
        XCTAssertTrue(r.expectations.allSatisfy { $0.passed }, out)
    }

    func testTheDefaultsNeedAHundredCallsBeforeTheyCanOpen() throws {
        // Resilience4j's defaults: a window of 100 calls, a minimum of 100: 40 failing calls
        // never open it.
        let (r, _) = try run("""
        config reservation resortsim.feign.circuit-breaker=resilience4j
        fault resort error 100% GET /resorts/{id}
        http POST http://localhost:8082/resorts resortName=J resortStatus=Available resortPrice=1
        siege -c2 -r20 'http://localhost:8081/reservations POST {"resortId":1, "memberName":"MK"}'
        expect breaker reservation->resort closed
        expect failed == 40
        """)
        XCTAssertTrue(r.expectations.allSatisfy { $0.passed }, r.expectations.map { "\($0.text): \($0.measured)" }.joined(separator: "; "))
    }

    func testUnderSiegeTheOpenBreakerFailsFastUntilSiegeGivesUp() throws {
        let (r, out) = try run("""
        seed 5
        config reservation resortsim.feign.circuit-breaker=resilience4j
        config reservation reservation.resort-fallback=true reservation.null-resort=fail reservation.unavailable-resort=continue
        config reservation resilience4j.timelimiter.configs.default.timeout-duration=610ms
        config reservation resilience4j.circuitbreaker.configs.default.sliding-window-size=20 resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=10
        config reservation resilience4j.circuitbreaker.configs.default.failure-rate-threshold=50 resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=5s
        fault resort delay GET /resorts/{id} uniform(400ms, 900ms)
        http POST http://localhost:8082/resorts resortName=J resortStatus=Available resortPrice=1
        siege -c50 -t20S 'http://localhost:8081/reservations POST {"resortId":1, "memberName":"MK"}'
        expect breaker reservation->resort opened
        expect availability < 10%
        """)
        XCTAssertTrue(r.expectations.allSatisfy { $0.passed }, out)
        XCTAssertTrue(out.contains("siege aborted due to excessive socket failure"))
    }

    func testRecordExceptionsLeavingOutTheTimeLimitersTimeoutKeepsTheBreakerClosed() throws {
        // The held-out F4 variant (about 60 % of calls time out at 610 ms), with only Feign's
        // exceptions recorded: the time limiter's TimeoutException counts as a success, so
        // the breaker never opens, while each timed-out call still gets the fallback.
        let (r, out) = try run("""
        seed 5
        config reservation resortsim.feign.circuit-breaker=resilience4j
        config reservation reservation.resort-fallback=true reservation.null-resort=fail reservation.unavailable-resort=continue
        config reservation resilience4j.timelimiter.configs.default.timeout-duration=610ms
        config reservation resilience4j.circuitbreaker.configs.default.sliding-window-size=20 resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=10
        config reservation resilience4j.circuitbreaker.configs.default.failure-rate-threshold=50 resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=5s
        config reservation resilience4j.circuitbreaker.configs.default.record-exceptions=feign.FeignException
        fault resort delay GET /resorts/{id} uniform(400ms, 900ms)
        http POST http://localhost:8082/resorts resortName=J resortStatus=Available resortPrice=1
        load --rate 20/s --for 30s ':8081/reservations POST {"resortId":1, "memberName":"MK"}'
        expect breaker reservation->resort closed
        expect availability < 60%
        """)
        XCTAssertTrue(r.expectations.allSatisfy { $0.passed }, r.expectations.map { "\($0.text): \($0.measured)" }.joined(separator: "; "))
        XCTAssertFalse(out.contains("CLOSED -> OPEN"))
    }

    func testCancelRunningFutureChangesNothingTheSocketReadIgnoresTheInterrupt() throws {
        // Pins the faithful no-op (TimeLimiterConfig.cancelRunningFuture): both values give
        // the same run. It cannot fail on the old code, which behaved the same, unsaid.
        func figures(_ cancel: String) throws -> String {
            let (r, out) = try run("""
            seed 5
            config reservation resortsim.feign.circuit-breaker=resilience4j reservation.resort-fallback=true
            config reservation resilience4j.timelimiter.configs.default.timeout-duration=300ms
            config reservation resilience4j.timelimiter.configs.default.cancel-running-future=\(cancel)
            fault resort delay GET /resorts/{id} uniform(200ms, 500ms)
            http POST http://localhost:8082/resorts resortName=J resortStatus=Available resortPrice=1
            load --rate 10/s --for 5s ':8081/reservations POST {"resortId":1, "memberName":"MK"}'
            """)
            return out + r.eventFingerprint
        }
        XCTAssertEqual(try figures("true"), try figures("false"))
    }
}
