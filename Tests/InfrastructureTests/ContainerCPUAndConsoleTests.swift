import XCTest
import SimCore
@testable import Infrastructure

/// The container's CPU under a limit (CFS bandwidth control) and the console's lock.
final class ContainerCPUAndConsoleTests: XCTestCase {
    let sim = Simulation()
    let lifetime = ProcessLifetime()
    let streams = RandomStreams(seed: 1)

    func testHalfACoreRunsOnOneSlotAtHalfSpeedAndCountsTheCoreTimeUsed() {
        let cpu = ContainerCPU(name: "p", cores: 4, sim: sim, lifetime: lifetime, rng: streams.stream("cpu"))
        XCTAssertEqual(cpu.setLimit(milli: 500, nodeCores: 4), 1)
        cpu.resize(1)
        var done: [SimTime] = []
        cpu.run(.constant(.milliseconds(10))) { done.append(self.sim.now) }
        cpu.run(.constant(.milliseconds(10))) { done.append(self.sim.now) }
        sim.run(until: .zero + .seconds(1))
        XCTAssertEqual(done, [.zero + .milliseconds(20), .zero + .milliseconds(40)], "one slot, each piece twice as long")
        XCTAssertEqual(cpu.secondsUsed, 0.02, accuracy: 1e-12, "20 ms of core time over 40 ms at half a core")
    }

    func testWritersTakeTheConsoleLockInTurnOneWriteAtATime() {
        let console = Console(name: "p", writeCost: .constant(.milliseconds(1)), sim: sim, lifetime: lifetime, rng: streams.stream("console"))
        var done: [(String, SimTime)] = []
        console.write(2) { done.append(("a", self.sim.now)) }
        console.write(2) { done.append(("b", self.sim.now)) }
        sim.run(until: .zero + .seconds(1))
        XCTAssertEqual(done.map { $0.0 }, ["a", "b"])
        XCTAssertEqual(done.map { $0.1 }, [.zero + .milliseconds(3), .zero + .milliseconds(4)], "a's second write queues behind b's first")
    }

    func testWorkOfADeadIncarnationIsDropped() {
        let cpu = ContainerCPU(name: "p", cores: 1, sim: sim, lifetime: lifetime, rng: streams.stream("cpu"))
        var ran = false
        cpu.run(.constant(.milliseconds(10))) { ran = true }
        cpu.reset()
        lifetime.renew()
        sim.run(until: .zero + .seconds(1))
        XCTAssertFalse(ran)
        XCTAssertEqual(cpu.cores.inUse, 0)
    }
}
