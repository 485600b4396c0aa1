import XCTest
import SimCore
@testable import Infrastructure

/// A cold JVM's one-off work on first use (a Feign client's build, Hystrix's first command):
/// the first caller does it, concurrent callers wait on the same lock, nobody fails.
final class FirstUseTests: XCTestCase {
    func make(_ sim: Simulation) -> (FirstUse, ProcessLifetime) {
        let lifetime = ProcessLifetime()
        return (FirstUse(sim: sim, lifetime: lifetime, rng: Xoshiro256StarStar(seed: 3)), lifetime)
    }

    func testConcurrentFirstUsersWaitForTheOneDoingTheWorkThenLaterOnesPassAtOnce() {
        let sim = Simulation()
        let (firstUse, _) = make(sim)
        var log: [String] = []
        firstUse.once(.hystrix, cost: .constant(.seconds(1))) { log.append("a@\(sim.now.nanoseconds)") }
        sim.schedule(after: .milliseconds(300)) {
            firstUse.once(.hystrix, cost: .constant(.seconds(1))) { log.append("b@\(sim.now.nanoseconds)") }
        }
        while sim.step() {}
        XCTAssertEqual(log, ["a@1000000000", "b@1000000000"], "the second waits for the first's work, not for its own")
        firstUse.once(.hystrix, cost: .constant(.seconds(1))) { log.append("c@\(sim.now.nanoseconds)") }
        XCTAssertEqual(log.last, "c@1000000000", "done once: a later user pays nothing and runs inside its caller")
        XCTAssertEqual(firstUse.paid, 1)
    }

    func testEachKeyIsItsOwnWorkAndAWarmProcessPaysNothing() {
        let sim = Simulation()
        let (firstUse, _) = make(sim)
        var log: [String] = []
        firstUse.once(.feignClient("resort"), cost: .constant(.milliseconds(200))) {
            firstUse.once(.hystrix, cost: .constant(.milliseconds(700))) { log.append("resort@\(sim.now.nanoseconds)") }
        }
        while sim.step() {}
        XCTAssertEqual(log, ["resort@900000000"])
        firstUse.warm = true
        firstUse.once(.feignClient("payment"), cost: .constant(.seconds(5))) { log.append("payment@\(sim.now.nanoseconds)") }
        XCTAssertEqual(log.last, "payment@900000000")
    }

    func testTheProcessDyingForgetsTheWorkAndDropsItsWaiters() {
        let sim = Simulation()
        let (firstUse, lifetime) = make(sim)
        var ran = 0
        firstUse.once(.hystrix, cost: .constant(.seconds(1))) { ran += 1 }
        sim.schedule(after: .milliseconds(500)) { lifetime.renew(); firstUse.reset() }
        while sim.step() {}
        XCTAssertEqual(ran, 0, "the JVM died before its first command was built")
        firstUse.once(.hystrix, cost: .constant(.seconds(1))) { ran += 1 }
        XCTAssertEqual(ran, 0, "the next JVM starts cold")
        while sim.step() {}
        XCTAssertEqual(ran, 1)
    }
}
