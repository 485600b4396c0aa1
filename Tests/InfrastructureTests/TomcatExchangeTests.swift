import XCTest
import SimCore
@testable import Infrastructure

/// An application that answers each request at each of `answersAt` after it began, as a
/// request handler with a defect would, or as work of a dead process that runs on.
final class RepeatingApp: SpringApplication {
    let sim: Simulation
    let answersAt: [SimDuration]
    init(sim: Simulation, answersAt: [SimDuration]) { self.sim = sim; self.answersAt = answersAt }
    func handle(_ context: RequestContext) {
        for d in answersAt { sim.schedule(after: d) { context.respond(HTTPResponse(status: 200)) } }
    }
    func consume(_ record: KafkaRecord, on app: SpringBootApp, done: RecordAck) { done() }
    func processDied() {}
}

/// Each request's exchange knows its fate: an answer for a request the process's death
/// cut is dropped, a second answer is a defect, and the two are told apart whenever they come.
/// The old connector (a cut-off request number) already met the first two tests and the
/// last; it failed the two where a second answer comes after a death.
final class TomcatExchangeTests: XCTestCase {
    var sim: Simulation!
    var net: Network!
    var broker: KafkaBroker!
    var app: SpringBootApp!
    var defects: [String] = []
    var results: [String] = []

    /// One process whose requests are answered at `answersAt`; one request sent at 0.
    func start(answersAt: [Int64]) {
        sim = Simulation()
        let streams = RandomStreams(seed: 3)
        net = Network(sim: sim, streams: streams)
        net.config.hopLatency = .constant(.zero)
        var cfg = SpringBootConfig()
        cfg.requestCPU = .constant(.zero)
        cfg.warm = true // answers at exact times: no first-request DispatcherServlet init
        broker = KafkaBroker(topic: "t", sim: sim, streams: streams)
        app = SpringBootApp(name: "svc", sim: sim, network: net, broker: broker, streams: streams, config: cfg)
        app.application = RepeatingApp(sim: sim, answersAt: answersAt.map { .milliseconds($0) })
        app.tomcat.modelDefect = { [unowned self] in self.defects.append($0) }
        net.bind(host: "svc:8080", node: "svc", endpoint: app)
        net.send(from: "c", to: "svc:8080", HTTPRequest(method: "GET", host: "svc:8080", path: "/")) { [unowned self] in
            self.results.append($0.status.map(String.init) ?? "\($0)")
        }
    }

    func stop(at ms: Int64) { sim.schedule(at: SimTime(nanoseconds: ms * 1_000_000)) { [unowned self] in self.app.stop() } }

    override func tearDown() { defects = []; results = [] }

    func testAnAnswerForARequestThatDiedWithItsProcessIsDroppedSilently() {
        start(answersAt: [500])
        stop(at: 100)
        sim.run(until: SimTime(nanoseconds: 2_000_000_000))
        XCTAssertEqual(results, ["connectionReset"])
        XCTAssertEqual(defects, [])
        XCTAssertEqual(app.tomcat.responses, [:])
        XCTAssertEqual(app.tomcat.threads.inUse, 0)
    }

    func testTwoAnswersInOneLifeAreADefect() {
        start(answersAt: [100, 200])
        sim.run(until: SimTime(nanoseconds: 1_000_000_000))
        XCTAssertEqual(results, ["200"])
        XCTAssertEqual(defects, ["TomcatConnector: request 1 answered twice"])
    }

    /// Answered at 100 ms, the process dies at 150 ms, and the handler answers again at
    /// 200 ms: still a second answer (the old connector took every request from before a
    /// death for one it had cut, and dropped it silently).
    func testASecondAnswerAfterTheProcessDiedIsStillADefect() {
        start(answersAt: [100, 200])
        stop(at: 150)
        sim.run(until: SimTime(nanoseconds: 1_000_000_000))
        XCTAssertEqual(results, ["200"])
        XCTAssertEqual(defects, ["TomcatConnector: request 1 answered twice"])
    }

    /// Cut at 50 ms: the late answer at 100 ms is dropped, the one at 200 ms is a second answer.
    func testACutRequestTakesOneLateAnswer() {
        start(answersAt: [100, 200])
        stop(at: 50)
        sim.run(until: SimTime(nanoseconds: 1_000_000_000))
        XCTAssertEqual(results, ["connectionReset"])
        XCTAssertEqual(defects, ["TomcatConnector: request 1 answered twice"])
    }

    /// The process restarts: a late answer for the dead life's request leaves the new
    /// life's request (admitted after) open and its thread held.
    func testALateAnswerDoesNotTouchTheNextLifesRequests() {
        start(answersAt: [1_000])
        stop(at: 100)
        sim.schedule(at: SimTime(nanoseconds: 200_000_000)) { [unowned self] in
            self.app.start(bootTime: .milliseconds(100))
        }
        sim.schedule(at: SimTime(nanoseconds: 900_000_000)) { [unowned self] in
            self.net.send(from: "c", to: "svc:8080", HTTPRequest(method: "GET", host: "svc:8080", path: "/")) { [unowned self] in
                self.results.append($0.status.map(String.init) ?? "\($0)")
            }
        }
        sim.run(until: SimTime(nanoseconds: 1_500_000_000))
        XCTAssertEqual(results, ["connectionReset"], "the new request is answered at 1.9 s")
        XCTAssertEqual(app.tomcat.threads.inUse, 1)
        sim.run(until: SimTime(nanoseconds: 3_000_000_000))
        XCTAssertEqual(results, ["connectionReset", "200"])
        XCTAssertEqual(defects, [])
    }
}
