import XCTest
import SimCore
import Formats
@testable import Infrastructure

/// A toy service for the interpreter: one entity (`widget`: id, name, status) in a table,
/// its program given by the test. System-agnostic: nothing of the resort system.
final class WidgetService: SpringApplication, StepHost {
    var program: ServiceProgram
    var endpoint: [Step] = []
    var rows: [Int64: JSON] = [:]
    var sequence: Int64 = 1
    init(_ program: ServiceProgram) { self.program = program }

    func handle(_ context: RequestContext) {
        let run = StepInterpreter(host: self, context: context)
        run.registers.row = context.request.body ?? .null
        run.run(endpoint)
    }
    func consume(_ record: KafkaRecord, on app: SpringBootApp, done: RecordAck) {
        guard let h = program.handler(for: record.value) else { done(); return }
        StepInterpreter(host: self, app: app, event: record.value, done: done).run(h.steps)
    }
    func processDied() { rows = [:] }

    func steps(for hook: EntityHook) -> [Step] { program.program(hook) }
    func lifecycleEvents(existed: Bool) -> [String] { program.lifecycleEvents(existed: existed) }
    var columns: Int { 3 }
    func row(_ id: Int64) -> JSON? { rows[id] }
    func firstRow(where field: String, is value: Int64) -> JSON? {
        rows.keys.sorted().lazy.compactMap { self.rows[$0] }.first { $0[field]?.int64Value == value }
    }
    func blankRow(id: Int64) -> JSON { .object([("id", .int(id)), ("name", .null), ("status", .null)]) }
    func nextId() -> Int64 { defer { sequence += 1 }; return sequence }
    func save(_ row: JSON) -> Bool {
        guard let id = row["id"]?.int64Value else { return false }
        defer { rows[id] = row }
        return rows[id] != nil
    }
    func remove(_ id: Int64) { rows[id] = nil }
    func applying(_ body: JSON, to row: JSON) -> Result<JSON, StepHostError> { .success(row) }
    func event(_ type: String, _ row: JSON, _ app: SpringBootApp) -> JSON {
        .object([("eventType", .string(type)), ("id", row["id"] ?? .null)])
    }
    func feignHost(_ url: String) -> String { FeignCallStep.host(url) }
    func response(_ kind: StepResponse, _ registers: StepRegisters, _ context: RequestContext) -> HTTPResponse {
        HTTPResponse(status: kind == .created ? 201 : 200, body: registers.row)
    }
}

/// The step interpreter against the semantics it stands for: Spring's transaction around
/// the code, Hibernate's callbacks, the exceptions' way out.
final class StepInterpreterTests: XCTestCase {
    var sim: Simulation!
    var net: Network!
    var broker: KafkaBroker!
    var app: SpringBootApp!
    var service: WidgetService!

    /// The create endpoint's shape: persist, @PrePersist, the id, the insert, @PostPersist,
    /// the commit, the save and its events.
    static let create: [Step] = [
        .transaction([.cpu(.persist), .hook(.prePersist), .nextval, .insert, .hook(.postPersist), .commit, .save, .publish(.lifecycle)]),
        .respond(.created),
    ]

    func start(_ program: ServiceProgram, endpoint: [Step] = create, configure: (inout SpringBootConfig) -> Void = { _ in }) {
        sim = Simulation()
        let streams = RandomStreams(seed: 5)
        net = Network(sim: sim, streams: streams)
        broker = KafkaBroker(topic: "widgets", sim: sim, streams: streams)
        var cfg = SpringBootConfig()
        cfg.warm = true // the programs' own costs, without a cold JVM's first uses
        configure(&cfg)
        app = SpringBootApp(name: "widget", sim: sim, network: net, broker: broker, streams: streams, config: cfg)
        service = WidgetService(program)
        service.endpoint = endpoint
        app.application = service
        net.bind(host: "widget:8080", node: "widget", endpoint: app)
    }

    func post(_ name: String = "w") -> HTTPResponse? {
        var answer: HTTPAnswer?
        net.send(from: "client", to: "widget:8080", HTTPRequest(method: "POST", host: "widget:8080", path: "/widgets",
                                                               body: .object([("id", .null), ("name", .string(name)), ("status", .null)]))) { answer = $0 }
        sim.run(until: .distantFuture) { answer == nil }
        if case .response(let r)? = answer { return r }
        return nil
    }

    func testACommittedInsertSavesReleasesAndPublishesAfterCommit() {
        start(ServiceProgram(prePersist: [.set("status", .text("Checked"))], insertEvents: ["WidgetCreated"]))
        let r = post()
        XCTAssertEqual(r?.status, 201)
        XCTAssertEqual(r?.body?["id"], .int(1), "nextval drew the id")
        XCTAssertEqual(service.rows[1]?["status"], .string("Checked"), "@PrePersist ran before the insert")
        XCTAssertEqual(app.hikari.connections.inUse, 0, "the connection went back to the pool")
        sim.run(until: sim.now + .seconds(1))
        XCTAssertEqual(broker.totalRecords, 1, "the event was published after the commit")
    }

    func testACheckThatThrowsRollsBackReleasesAndAnswers500WithItsMessage() {
        let refused = JavaException.checkedInCallback("The widget is not in a usable status.")
        start(ServiceProgram(prePersist: [.check(.equals(.field(.row, "name"), "ok"), orThrow: refused)], insertEvents: ["WidgetCreated"]))
        let r = post("not ok")
        XCTAssertEqual(r?.status, 500)
        XCTAssertEqual(r?.body?["message"], .string("java.lang.Exception: The widget is not in a usable status."))
        XCTAssertTrue(service.rows.isEmpty, "rolled back: nothing saved")
        XCTAssertEqual(service.sequence, 1, "no id drawn: @PrePersist failed before nextval")
        XCTAssertEqual(app.hikari.connections.inUse, 0, "the connection was released after the rollback")
        sim.run(until: sim.now + .seconds(1))
        XCTAssertEqual(broker.totalRecords, 0, "nothing published")
        XCTAssertEqual(post("ok")?.status, 201, "the next request gets the connection")
    }

    func testAnExceptionInPostPersistFailsTheCommitWithSpringsMessage() {
        start(ServiceProgram(postPersist: [.raise(JavaException.checkedInCallback("late"))], insertEvents: ["WidgetCreated"]))
        let r = post()
        XCTAssertEqual(r?.status, 500)
        XCTAssertEqual(r?.body?["message"], .string(JpaTransaction.commitFailedMessage))
        XCTAssertEqual(JpaTransaction.commitFailed(JavaException.checkedInCallback("late")).thrown, 5,
                       "Hibernate's RollbackException and Spring's TransactionSystemException on top of the three")
        XCTAssertTrue(service.rows.isEmpty)
        XCTAssertEqual(app.hikari.connections.inUse, 0)
        sim.run(until: sim.now + .seconds(1))
        XCTAssertEqual(broker.totalRecords, 0)
    }

    func testTheRollbackCostsTheExceptionsCPUAndAStatement() {
        // Everything else free: the failed request takes the connection, the exceptions'
        // CPU, the rollback statement; Tomcat's stack trace and the /error pass are free too.
        func elapsed(thrown: Int) -> Int64 {
            start(ServiceProgram(prePersist: [.raise(JavaException(message: "no", thrown: thrown))])) {
                $0.requestCPU = .constant(.zero); $0.eventCPU = .constant(.zero)
                $0.databaseOperation = .constant(.milliseconds(1))
                $0.costs.persist = .constant(.zero); $0.costs.consoleWrite = .constant(.zero)
                $0.costs.callbackStackDepth = 0
            }
            net.config.hopLatency = .constant(.zero)
            let t0 = sim.now
            XCTAssertEqual(post()?.status, 500)
            return (sim.now - t0).nanoseconds
        }
        XCTAssertEqual(elapsed(thrown: 3), 1_000_000, "the rollback statement (no frames: no exception CPU)")
    }

    func testAChoiceRunsTheVariantItsPropertyNamesAndReadsFlagsAsSpringDoes() {
        let choice = StepChoice(property: "widget.check", default: "false", [
            .init("true", [.set("status", .text("checked"))]), .init("false", [.set("status", .text("unchecked"))]),
        ])
        XCTAssertTrue(choice.isFlag)
        for (value, expected) in [(nil, "unchecked"), ("yes", "checked"), ("FALSE", "unchecked"), ("on", "checked")] as [(String?, String)] {
            start(ServiceProgram(prePersist: [.choose(choice)])) { cfg in if let v = value { try? cfg.set("widget.check", v) } }
            XCTAssertEqual(post()?.body?["status"], .string(expected), "widget.check=\(value ?? "unset")")
        }
    }

    func record(_ value: JSON) -> KafkaRecord {
        KafkaRecord(partition: 0, offset: 0, value: value, producer: "test", appendedAt: .zero)
    }

    func testAHandlerRunsInItsOwnTransactionAndSkipsRecordsItDoesNotMatch() {
        start(ServiceProgram(insertEvents: ["WidgetCreated"], updateEvents: ["WidgetRenamed"], handlers: [
            EventHandler(.policy, "NameChosen", when: [.present(.long(.event, "widgetId"))], [
                .transaction([.sql(binds: .fixed(1), extracts: .columns), .commit,
                              .find(.byId(.long(.event, "widgetId"))),
                              .when(.found, then: [.copy(["name"], from: .event), .save, .publish(.lifecycle)], otherwise: [])]),
            ]),
        ]))
        XCTAssertEqual(post("old")?.status, 201)
        sim.run(until: sim.now + .seconds(1))
        var finished = 0
        service.consume(record(.object([("eventType", .string("NameChosen")), ("widgetId", .int(1)), ("name", .string("new"))])), on: app, done: RecordAck { finished += 1 })
        service.consume(record(.object([("eventType", .string("NameChosen"))])), on: app, done: RecordAck { finished += 1 })
        XCTAssertEqual(finished, 1, "a record without the id is done at once, without a transaction")
        sim.run(until: sim.now + .seconds(1))
        XCTAssertEqual(finished, 2)
        XCTAssertEqual(service.rows[1]?["name"], .string("new"))
        XCTAssertEqual(broker.totalRecords, 2, "WidgetCreated, then WidgetRenamed (a merge: @PostUpdate's events)")
    }
}
