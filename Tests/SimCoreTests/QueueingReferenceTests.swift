import XCTest
@testable import SimCore

/// Reference results from queueing theory (SEMANTICS.md): the engine, the generator,
/// (4 million customers each: at rho = 0.9 one million leaves a spread of about 3 % between seeds)
/// the resource and the statistics together must reproduce them.
final class QueueingReferenceTests: XCTestCase {
    /// Runs an M/M/c queue with a `Resource` and returns (mean wait, mean time in system,
    /// time-average number in system, throughput).
    static func runMMc(servers: Int, lambda: Double, mu: Double, customers: Int, seed: UInt64)
        -> (wait: Double, system: Double, inSystem: Double, rate: Double) {
        let sim = Simulation()
        let streams = RandomStreams(seed: seed)
        var arrivals = streams.stream("arrivals")
        var services = streams.stream("service")
        let resource = Resource(name: "servers", capacity: servers, sim: sim)
        let interarrival = Distribution.exponential(mean: .fromSeconds(1 / lambda))
        let service = Distribution.exponential(mean: .fromSeconds(1 / mu))
        var waits = Tally(), system = Tally()
        var number = TimeWeighted(start: .zero)
        var inSystem = 0
        var arrived = 0
        func arrive() {
            arrived += 1
            if arrived < customers { sim.schedule(after: interarrival.sample(&arrivals)) { arrive() } }
            let t0 = sim.now
            inSystem += 1; number.set(Double(inSystem), at: sim.now)
            resource.acquire { _ in
                waits.add((sim.now - t0).seconds)
                sim.schedule(after: service.sample(&services)) {
                    resource.release()
                    system.add((sim.now - t0).seconds)
                    inSystem -= 1; number.set(Double(inSystem), at: sim.now)
                }
            }
        }
        sim.schedule(after: .zero) { arrive() }
        while sim.step() {}
        return (waits.mean, system.mean, number.average(at: sim.now), Double(system.count) / sim.now.seconds)
    }

    func testMM1MeanTimeInSystemIsOneOverMuMinusLambda() {
        let r = Self.runMMc(servers: 1, lambda: 0.9, mu: 1, customers: 4_000_000, seed: 1)
        XCTAssertEqual(r.system, 10, accuracy: 0.2, "W = 1/(mu - lambda) = 10 within 2 %")
    }

    func testLittlesLawHolds() {
        let r = Self.runMMc(servers: 1, lambda: 0.9, mu: 1, customers: 300_000, seed: 2)
        XCTAssertEqual(r.inSystem, r.rate * r.system, accuracy: 0.01 * r.inSystem, "L = lambda W")
    }

    func testMMcMeanWaitMatchesErlangC() {
        let c = 10, lambda = 9.0, mu = 1.0
        let a = lambda / mu
        var sum = 0.0, term = 1.0
        for k in 0..<c { if k > 0 { term *= a / Double(k) }; sum += term }
        let last = term * a / Double(c) * (Double(c) / (Double(c) - a))
        let erlangC = last / (sum + last)
        let wq = erlangC / (Double(c) * mu - lambda)
        XCTAssertEqual(erlangC, 0.6687, accuracy: 0.001)
        let r = Self.runMMc(servers: c, lambda: lambda, mu: mu, customers: 4_000_000, seed: 3)
        XCTAssertEqual(r.wait, wq, accuracy: 0.03 * wq, "Wq within 3 % of Erlang C")
    }
}
