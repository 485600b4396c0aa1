import XCTest
import SimCore
@testable import Infrastructure

/// An application whose every request sleeps `work` on its Tomcat thread.
final class SleepyApp: SpringApplication {
    let sim: Simulation
    var work: SimDuration
    var finishedWork = 0
    init(sim: Simulation, work: SimDuration) { self.sim = sim; self.work = work }
    func handle(_ context: RequestContext) {
        sim.schedule(after: work) { self.finishedWork += 1; context.respond(HTTPResponse(status: 200)) }
    }
    func consume(_ record: KafkaRecord, on app: SpringBootApp, done: RecordAck) { done() }
    func processDied() {}
}

final class SpringBootTests: XCTestCase {
    var sim: Simulation!
    var net: Network!
    var broker: KafkaBroker!

    override func setUp() {
        sim = Simulation()
        let streams = RandomStreams(seed: 3)
        net = Network(sim: sim, streams: streams)
        net.config.hopLatency = .constant(.zero)
        broker = KafkaBroker(topic: "t", sim: sim, streams: streams)
    }

    func makeApp(_ name: String, work: SimDuration, configure: (inout SpringBootConfig) -> Void = { _ in }) -> (SpringBootApp, SleepyApp) {
        var cfg = SpringBootConfig()
        cfg.requestCPU = .constant(.zero)
        cfg.warm = true // no first-request DispatcherServlet init: the queueing alone
        configure(&cfg)
        let app = SpringBootApp(name: name, sim: sim, network: net, broker: broker, streams: RandomStreams(seed: 3), config: cfg)
        let logic = SleepyApp(sim: sim, work: work)
        app.application = logic
        net.bind(host: "\(name):8080", node: name, endpoint: app)
        return (app, logic)
    }

    func testRandomStreamsArePerPurpose() {
        // Common random numbers: how much CPU work a process did before (say, because a
        // varied timeout made it handle more rejections) must not move its database times.
        func databaseTimes(cpuWorkFirst: Int) -> [Int64] {
            let (app, _) = makeApp("svc", work: .zero) { $0.databaseOperation = .uniform(.milliseconds(1), .milliseconds(9)) }
            for _ in 0..<cpuWorkFirst { app.cpuWork(.uniform(.microseconds(1), .microseconds(9))) {} }
            sim.run(until: sim.now + .seconds(1))
            var times: [Int64] = []
            for _ in 0..<5 {
                let t0 = sim.now
                var done = false
                app.databaseOperation { done = true }
                sim.run(until: sim.now + .seconds(1)) { !done }
                times.append((sim.now - t0).nanoseconds)
            }
            return times
        }
        let plain = databaseTimes(cpuWorkFirst: 0)
        setUp()
        XCTAssertEqual(databaseTimes(cpuWorkFirst: 7), plain)
        XCTAssertEqual(Set(plain).count, 5, "the draws differ from each other")
    }

    func testTomcatServes200AtOnceAndQueuesTheRest() {
        let (app, _) = makeApp("svc", work: .seconds(1))
        var done: [Double] = []
        for _ in 0..<250 {
            net.send(from: "client", to: "svc:8080", HTTPRequest(method: "GET", host: "svc:8080", path: "/")) { _ in done.append(self.sim.now.seconds) }
        }
        sim.run(until: SimTime(nanoseconds: 500_000_000))
        XCTAssertEqual(app.tomcat.threads.inUse, 200)
        XCTAssertEqual(app.tomcat.threads.queueLength, 50)
        sim.run(until: SimTime(nanoseconds: 5_000_000_000))
        XCTAssertEqual(done.filter { $0 == 1 }.count, 200)
        XCTAssertEqual(done.filter { $0 == 2 }.count, 50)
    }

    /// Beyond max-connections + accept-count the kernel drops the SYN and the client's TCP
    /// sends it again after 1, 2, 4 ... s: the extra connections get in later, none refused.
    func testConnectionsBeyondMaxConnectionsAndBacklogRetryTheirSyn() {
        let (app, _) = makeApp("svc", work: .seconds(1)) { $0.tomcatMaxConnections = 5; $0.tomcatAcceptCount = 2; $0.tomcatMaxThreads = 1 }
        var answered: [Double] = [], refused = 0
        for _ in 0..<10 {
            net.send(from: "c", to: "svc:8080", HTTPRequest(method: "GET", host: "svc:8080", path: "/")) {
                if case .connectionRefused = $0 { refused += 1 } else { answered.append(self.sim.now.seconds) }
            }
        }
        sim.run(until: SimTime(nanoseconds: 100_000_000))
        XCTAssertEqual(app.tomcat.synsDropped, 3, "three SYNs found the backlog full")
        XCTAssertEqual(refused, 0)
        sim.run(until: SimTime(nanoseconds: 60_000_000_000))
        XCTAssertEqual(refused, 0)
        XCTAssertEqual(answered.count, 10)
        XCTAssertEqual(app.tomcat.refused, 0)
    }

    /// A backlog that stays full: after six retransmissions (1 + 2 + 4 + 8 + 16 + 32 = 63 s)
    /// the connect fails.
    func testASynUnansweredSixTimesFailsAfter63Seconds() {
        let (app, _) = makeApp("svc", work: .seconds(500)) { $0.tomcatMaxConnections = 1; $0.tomcatAcceptCount = 0; $0.tomcatMaxThreads = 1 }
        var refusedAt: [Double] = []
        for _ in 0..<2 {
            net.send(from: "c", to: "svc:8080", HTTPRequest(method: "GET", host: "svc:8080", path: "/")) {
                if case .connectionRefused = $0 { refusedAt.append(self.sim.now.seconds) }
            }
        }
        sim.run(until: SimTime(nanoseconds: 100_000_000_000))
        XCTAssertEqual(refusedAt.count, 1)
        XCTAssertEqual(refusedAt.first ?? 0, 63, accuracy: 0.01)
        XCTAssertEqual(app.tomcat.synsDropped, 7, "the first SYN and its six retransmissions")
    }

    func testFeignReadTimeoutLeavesTheCalleeWorking() {
        let (caller, _) = makeApp("caller", work: .zero) { $0.feignReadTimeout = .milliseconds(610); $0.feignConnectTimeout = .zero }
        let (_, callee) = makeApp("callee", work: .milliseconds(700))
        var outcome: HTTPResult?
        var at = 0.0
        caller.feignClient("callee").send(host: "callee:8080", HTTPRequest(method: "GET", host: "callee:8080", path: "/")) { outcome = $0; at = self.sim.now.seconds }
        sim.run(until: SimTime(nanoseconds: 2_000_000_000))
        guard case .timedOut? = outcome else { return XCTFail("expected a timeout, got \(String(describing: outcome))") }
        XCTAssertEqual(at, 0.61, accuracy: 1e-9)
        XCTAssertEqual(callee.finishedWork, 1, "the callee finishes the abandoned request")
    }

    func testStoppedProcessRefusesAndResetsInFlightRequests() {
        let (app, _) = makeApp("svc", work: .seconds(1))
        var results: [String] = []
        net.send(from: "c", to: "svc:8080", HTTPRequest(method: "GET", host: "svc:8080", path: "/")) { results.append("\($0)") }
        sim.run(until: SimTime(nanoseconds: 100_000_000))
        app.stop()
        net.send(from: "c", to: "svc:8080", HTTPRequest(method: "GET", host: "svc:8080", path: "/")) { results.append("\($0)") }
        sim.run(until: SimTime(nanoseconds: 3_000_000_000))
        XCTAssertEqual(results, ["connectionReset", "connectionRefused"])
        app.start(bootTime: .seconds(10))
        XCTAssertEqual(app.state, .starting)
        sim.run(until: SimTime(nanoseconds: 14_000_000_000))
        XCTAssertEqual(app.state, .running)
    }

    func testRelaxedBindingFindsEnvironmentStyleKeys() throws {
        var c = SpringBootConfig()
        try c.set("FEIGN_RESORT_URL", "resort2:8080")
        XCTAssertEqual(c.property("feign.resort.url"), "resort2:8080")
        try c.set("server.tomcat.max-threads", "50")
        XCTAssertEqual(c.tomcatMaxThreads, 50)
        XCTAssertThrowsError(try c.set("spring.datasource.hikari.maximum-pool-size", "0"))
    }
}

/// A refused setting leaves no trace: the properties keep what they held before.
final class SpringBootConfigRefusalTests: XCTestCase {
    func testARefusedValueIsNotKept() throws {
        var cfg = SpringBootConfig()
        XCTAssertThrowsError(try cfg.set("feign.hystrix.enabled", "maybe"))
        XCTAssertNil(cfg.property("feign.hystrix.enabled"), "a refused value was stored")
        try cfg.set("spring.jpa.show-sql", "false")
        XCTAssertThrowsError(try cfg.set("spring.jpa.show-sql", "sometimes"))
        XCTAssertEqual(cfg.property("spring.jpa.show-sql"), "false")
        XCTAssertFalse(cfg.logging.showSQL)
    }
}
