import XCTest
import Foundation
import Infrastructure
import Formats
@testable import Systems

/// A system's files are read into the model's types, and every broken one is refused at
/// its file, line and column, with a did-you-mean where a name is close.
final class SystemLoaderTests: XCTestCase {
    static let toy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures/toy-shop"

    /// A copy of the toy system with `old` replaced by `new` in `file`; the problems of loading it.
    func problems(_ file: String, _ old: String, _ new: String, line: inout Int) throws -> [SystemProblem] {
        let dir = NSTemporaryDirectory() + "toy-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: SystemLoaderTests.toy, toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/" + file
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let r = text.range(of: old) else { XCTFail("'\(old)' is not in \(file)"); return [] }
        line = text[..<r.lowerBound].filter { $0 == "\n" }.count + 1
        try text.replacingCharacters(in: r, with: new).write(toFile: path, atomically: true, encoding: .utf8)
        switch SystemLoader.load(directory: dir) {
        case .success: return []
        case .failure(let e): return e.problems.map { SystemProblem(file: String($0.file.dropFirst(dir.count + 1)), line: $0.line, column: $0.column, message: $0.message) }
        }
    }

    func assertRefused(_ file: String, _ old: String, _ new: String, _ message: String, column: Int? = nil, linesIn: Int = 0, at: StaticString = #filePath, lineNo: UInt = #line) throws {
        var line = 0
        let p = try problems(file, old, new, line: &line)
        guard let first = p.first else { return XCTFail("accepted: \(new)", file: at, line: lineNo) }
        XCTAssertEqual(first.file, file, "\(p)", file: at, line: lineNo)
        XCTAssertEqual(first.line, line + linesIn, "\(p)", file: at, line: lineNo)
        if let c = column { XCTAssertEqual(first.column, c, "\(p)", file: at, line: lineNo) }
        XCTAssertTrue(first.column > 0, file: at, line: lineNo)
        XCTAssertTrue(first.message.contains(message), "\(first.message)", file: at, line: lineNo)
    }

    func testTheToySystemLoads() throws {
        guard case .success(let s) = SystemLoader.load(directory: SystemLoaderTests.toy) else { return XCTFail("refused") }
        XCTAssertEqual(s.names, ["order", "stock"])
        XCTAssertEqual(s.topic, "shop")
        XCTAssertEqual(s.services.map { $0.port }, [8081, 8082])
        XCTAssertEqual(s.routes.map { $0.prefix }, ["/orders", "/stocks"])
        XCTAssertEqual(s.gatewayHosts, ["gateway:8080", "localhost:8080", "localhost:8088"])
        XCTAssertEqual(s.service("order")?.feignCalls.first?.configKey, "StockService#getStock(Long)")
        XCTAssertEqual(s.producer(of: .object([("eventType", .string("OrderPlaced"))])), "order")
        XCTAssertEqual(s.service("order")?.program.insertEvents, ["OrderPlaced"])
        XCTAssertEqual(s.service("stock")?.program.handlers.map { $0.eventType }, ["OrderPlaced"])
        XCTAssertEqual(s.service("order")?.settings.map { $0.0 }.contains("spring.jpa.properties.hibernate.show_sql"), true)
        XCTAssertNotNil(s.applicationKeys.values(canonical: "orderstockcheck"))
        XCTAssertEqual(s.applicationKeys.feignURLs, ["feign.stock.url"])
    }

    func testThePositionsOfYAMLNodes() throws {
        let docs = try YAML.nodes("a:\n  b: [x, {c: 1}]\n  d:\n    - e\n")
        XCTAssertEqual(docs[0]["a"]?["b"]?.line, 2)
        XCTAssertEqual(docs[0]["a"]?["b"]?.column, 6)
        XCTAssertEqual(docs[0]["a"]?["b"]?.items?[1].entry("c")?.column, 11)
        XCTAssertEqual(docs[0]["a"]?["d"]?.items?[0].line, 4)
        XCTAssertEqual(docs[0]["a"]?["d"]?.items?[0].column, 7)
        XCTAssertEqual(docs[0]["a"]?.entry("d")?.column, 3)
    }

    /// The toy system's summary with every YAML file rewritten by `rewrite` (the folder's
    /// name left out), or its problems.
    func summary(rewriting rewrite: (String) -> String) throws -> String {
        let dir = NSTemporaryDirectory() + "toy-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: SystemLoaderTests.toy, toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for f in try FileManager.default.subpathsOfDirectory(atPath: dir).sorted() where f.hasSuffix(".yml") {
            let text = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
            try Data(rewrite(text).utf8).write(to: URL(fileURLWithPath: dir + "/" + f))
        }
        switch SystemLoader.load(directory: dir) {
        case .success(let s): return SystemSummary.render(s).replacingOccurrences(of: dir, with: "DIR")
        case .failure(let e): return e.problems.map { "\($0.file.dropFirst(dir.count + 1)):\($0.line):\($0.column): \($0.message)" }.joined(separator: "\n")
        }
    }

    /// Files saved on Windows (CR LF) load as the same system.
    func testAFolderWithCRLFLineEndingsLoadsAsWithLF() throws {
        let lf = try summary(rewriting: { $0 })
        XCTAssertTrue(lf.hasPrefix("system toy-shop (DIR): 2 services"), lf)
        XCTAssertEqual(try summary(rewriting: { $0.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n") }), lf)
    }

    // MARK: Cross-references

    func testAPolicyOnAnUndefinedEvent() throws {
        try assertRefused("system.yml", "- on: OrderPlaced", "- on: OrderPlacd", "'OrderPlacd', which no service publishes (did you mean 'OrderPlaced'?)", column: 13)
    }

    func testAFeignClientAimedAtNoService() throws {
        try assertRefused("system.yml", "${feign.stock.url:stock:8080}", "${feign.stock.url:stok:8080}", "calls 'stok:8080', which is no service of the system (expected NAME:8080 or localhost:PORT) (did you mean 'stock'?)")
    }

    func testAFeignMethodOnAPathTheServiceDoesNotServe() throws {
        try assertRefused("system.yml", "GET /stocks/{id}", "GET /stock/{id}", "stock serves no 'GET /stock/{id}'")
        try assertRefused("system.yml", "GET /stocks/{id}", "POST /stocks/{id}", "stock serves no 'POST /stocks/{id}'")
    }

    func testAnEventCopyingAFieldItsAggregateLacks() throws {
        try assertRefused("system.yml", "item: String, status: String}", "item: String, colour: String}", "copies 'colour', which the entity Order lacks")
    }

    func testAHookPublishingAnUnknownEvent() throws {
        try assertRefused("system.yml", "publishAfterCommit: OrderPlaced", "publishAfterCommit: OrderPlace", "order declares no event 'OrderPlace' (did you mean 'OrderPlaced'?)")
    }

    func testAnUnknownPropertyInAChoice() throws {
        try assertRefused("system.yml", "- choose: order.stock-check", "- choose: order.stok-check", "no code variant 'order.stok-check' (under variants:) (did you mean 'order.stock-check'?)")
    }

    func testUnknownKeysAndStepsGetADidYouMean() throws {
        try assertRefused("system.yml", "      fields:\n        stockId", "      feilds:\n        stockId", "unknown key 'feilds' in aggregate (did you mean 'fields'?)", column: 7)
        try assertRefused("system.yml", "              - save", "              - sav", "unknown step 'sav' (did you mean 'save'?)")
        try assertRefused("system.yml", "${answer.status} == 'InStock'", "${answer.stat} == 'InStock'", "the answer has no field 'stat' (did you mean 'status'?)")
    }

    /// A policy that inserts a row of an entity whose @PrePersist has steps: Hibernate would
    /// run them, the model would not, so the system is refused at the policy's steps.
    func testAPolicysInsertSkippingPersistHooksIsRefused() throws {
        try assertRefused("system.yml", "    events:\n      OrderPlaced:",
                          "    policies:\n      - on: OrderPlaced\n        steps:\n          - create: new\n          - save\n    events:\n      OrderPlaced:",
                          "a policy's insert of Order would run its @PrePersist/@PostPersist steps", column: 11, linesIn: 3)
    }

    /// A @RestController method sleeps or prints, then returns what the repository's own
    /// endpoint gives; other paths, other steps and a body of its own are refused.
    func testAControllerMethodIsCheckedWhereItIsWritten() throws {
        let agg = "      entity: Stock\n"
        try assertRefused("system.yml", agg, agg + "      controller:\n        GET /stocks/{id}/status:\n          - repository\n",
                          "a controller method is 'VERB PATH' on the repository's own paths (/stocks or /stocks/{id})", column: 9, linesIn: 2)
        try assertRefused("system.yml", agg, agg + "      controller:\n        GET /stocks/{id}:\n          - sleep: 500ms\n",
                          "a controller method ends with 'repository'", linesIn: 3)
        try assertRefused("system.yml", agg, agg + "      controller:\n        GET /stocks/{id}:\n          - set: {status: X}\n          - repository\n",
                          "a controller step 'set' is not modelled", linesIn: 3)
        var line = 0
        XCTAssertEqual(try problems("system.yml", agg, agg + "      controller:\n        GET /stocks/{id}:\n          - sleep: uniform(400ms, 620ms)\n          - print: 1\n          - repository\n", line: &line), [])
    }

    func testASleepNeedsADurationOrADistribution() throws {
        try assertRefused("system.yml", "          - check: ${stockId} != null", "          - sleep: soon\n          - check: ${stockId} != null",
                          "sleep needs a duration or a distribution such as uniform(400ms, 620ms)", column: 20)
    }

    // MARK: Constructs the model does not run

    func testAnotherDatabaseIsNamed() throws {
        try assertRefused("order/application.yml", "  jpa:\n", "  datasource:\n    url: jdbc:mysql://db:3306/shop\n  jpa:\n", "the database 'mysql' (jdbc:mysql://db:3306/shop) is not modelled", column: 10, linesIn: 1)
        try assertRefused("system.yml", "  stock:\n    aggregate:", "  stock:\n    database: mongodb\n    aggregate:", "the database 'mongodb' is not modelled", column: 15, linesIn: 1)
    }

    func testAnotherBinderIsNamed() throws {
        try assertRefused("stock/application.yml", "      kafka:\n", "      rabbit:\n", "the binder RabbitMQ (spring.cloud.stream.rabbit.binder.brokers) is not modelled", linesIn: 2)
    }

    func testWebFluxIsNamed() throws {
        try assertRefused("order/application.yml", "  jpa:\n", "  main:\n    web-application-type: reactive\n  jpa:\n", "WebFlux (spring.main.web-application-type: reactive) is not modelled", column: 27, linesIn: 1)
    }

    func testANonSpringServiceIsNamed() throws {
        try assertRefused("system.yml", "  stock:\n    aggregate:", "  stock:\n    runtime: python\n    aggregate:", "the runtime 'python' is not modelled", column: 14, linesIn: 1)
    }

    func testAnUnmodelledHookIsRefusedNotIgnored() throws {
        try assertRefused("system.yml", "        PostPersist:\n", "        PreRemove:\n          - print: 1\n        PostPersist:\n", "@PreRemove steps other than publishAfterCommit are not modelled")
    }

    // MARK: Mistakes that loaded, then misbehaved (a black-box review)

    func testAGatewayPortThatIsNoPortIsRefused() throws {
        try assertRefused("gateway/application.yml", "port: 8088", "port: 0", "server.port must be a port number, 1 to 65535 (found '0')")
    }

    /// Ports shared between services are no mistake (a container profile runs each on 8080
    /// in its own pod), nor is a file without the profile's document (Spring runs it on its
    /// defaults): both load (a review found the first refusals of this round wrong).
    func testSharedPortsAndAFileWithoutTheProfileLoad() throws {
        var line = 0
        XCTAssertEqual(try problems("stock/application.yml", "port: 8082", "port: 8081", line: &line).map { $0.message }, [])
        XCTAssertEqual(try problems("gateway/application.yml", "spring:\n  profiles: default\n", "spring:\n", line: &line).map { $0.message }, [])
    }

    func testAGatewayLeftWithoutRoutesIsRefused() throws {
        var line = 0
        let p = try problems("system.yml", "  application: gateway/application.yml\n", "  application: gateway/application.yml\n  routes-profile: dockr\n", line: &line)
        XCTAssertEqual(p.map { "\($0.file):\($0.line)" }, ["system.yml:6"], "\(p)")
        XCTAssertEqual(p.first?.message, "the gateway's gateway/application.yml has no spring.cloud.gateway.routes with a Path= predicate for the profile 'dockr': every request would answer 404")
        let none = try problems("gateway/application.yml", "      routes:\n", "      routs:\n", line: &line)
        XCTAssertEqual(none.map { "\($0.file):\($0.line)" }, ["system.yml:6"], "at the system's gateway: entry")
        XCTAssertTrue(none.first?.message.hasSuffix("for the profile 'default': every request would answer 404") == true, "\(none)")
    }

    func testAnInvariantsStatusFieldAndItsFlagsAreChecked() throws {
        let block = "system: toy-shop\ninvariants:\n  each: order\n  status: %@\n  when:\n    Placed:\n      - {row: stock, id: stockId, required: %@}\n"
        try assertRefused("system.yml", "system: toy-shop\n", String(format: block, "state", "true"), "order has no field 'state' (did you mean 'status'?)", linesIn: 3)
        try assertRefused("system.yml", "system: toy-shop\n", String(format: block, "status", "maybe"), "required must be true or false", linesIn: 6)
    }

    func testASystemFileNamedByAnAbsolutePathIsRefusedAsSuch() throws {
        try assertRefused("system.yml", "  application: gateway/application.yml\n", "  application: /etc/hostname\n",
                          "'/etc/hostname' is an absolute path: a system's files are named relative to its folder", column: 16)
    }
}
