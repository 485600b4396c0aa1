import XCTest
import SimCore
@testable import Infrastructure

/// Resilience4j 1.7's TimeLimiter: the caller gets the answer if it comes within
/// `timeout-duration`, a TimeoutException (nil) at `timeout-duration` otherwise, and a
/// late answer is dropped.
final class TimeLimiterTests: XCTestCase {
    func limiter(_ ms: Int64, _ sim: Simulation) -> TimeLimiter {
        var c = TimeLimiterConfig()
        c.timeoutDuration = .milliseconds(ms)
        return TimeLimiter(name: "ResortService#getResortStatus(Long)", config: c, sim: sim)
    }

    func testAnAnswerWithinTheTimeoutDurationIsDelivered() {
        let sim = Simulation()
        var got: [(SimTime, Int?)] = []
        let future: OneShot<Int?> = limiter(610, sim).waitFor(ownerAlive: { true }) { got.append((sim.now, $0)) }
        sim.schedule(after: .milliseconds(600)) { future.answer(7) }
        sim.run(until: .zero + .seconds(10))
        XCTAssertEqual(got.map { $0.0 }, [SimTime.zero + .milliseconds(600)])
        XCTAssertEqual(got.map { $0.1 }, [7])
    }

    func testTheCallerGetsTheTimeoutAtTimeoutDurationAndTheLateAnswerIsDropped() {
        let sim = Simulation()
        var got: [(SimTime, Int?)] = []
        let future: OneShot<Int?> = limiter(610, sim).waitFor(ownerAlive: { true }) { got.append((sim.now, $0)) }
        sim.schedule(after: .milliseconds(5000)) { future.answer(7) }
        sim.run(until: .zero + .seconds(10))
        XCTAssertEqual(got.map { $0.0 }, [SimTime.zero + .milliseconds(610)], "TimeoutException at timeout-duration, once")
        XCTAssertEqual(got.map { $0.1 }, [nil])
    }

    func testNothingIsDeliveredOnceTheCallerDied() {
        let sim = Simulation()
        var alive = true
        var got = 0
        let _: OneShot<Int?> = limiter(100, sim).waitFor(ownerAlive: { alive }) { _ in got += 1 }
        sim.schedule(after: .milliseconds(50)) { alive = false }
        sim.run(until: .zero + .seconds(10))
        XCTAssertEqual(got, 0)
    }

    func testTheRegistryMakesOneLimiterPerInstanceWithItsTimeoutDuration() {
        let sim = Simulation()
        var config = SpringBootConfig()
        XCTAssertNoThrow(try config.set("resilience4j.timelimiter.configs.default.timeout-duration", "610ms"))
        let registry = Resilience4j(sim: sim)
        let a = registry.instance("A#a()", group: "a", config: config).limiter
        XCTAssertTrue(registry.instance("A#a()", group: "a", config: config).limiter === a)
        XCTAssertEqual(a.timeoutDuration, .milliseconds(610))
        XCTAssertEqual(a.name, "A#a()")
    }
}
