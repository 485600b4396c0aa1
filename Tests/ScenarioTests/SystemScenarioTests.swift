import XCTest
import Foundation
@testable import Scenario
import Systems
import Report

/// A scenario names its system: the toy system of SystemsTests' fixture runs its happy
/// path; a broken system refuses the scenario with the system file's position.
final class SystemScenarioTests: XCTestCase {
    static let toy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/SystemsTests/Fixtures/toy-shop"

    func testTheToySystemRunsItsHappyPath() {
        let text = """
        system \(SystemScenarioTests.toy)
        http POST :8080/stocks item="Bike" price:=120.5 status="InStock"
        expect status 201
        http POST :8080/orders stockId:=1
        expect status 201
        expect body status == "Placed"
        expect body item == "Bike"
        settle
        http GET :8080/stocks/1
        expect body status == "Reserved"
        expect lag stock == 0
        http POST :8080/orders stockId:=1
        expect status 500
        expect body message == "java.lang.Exception: out of stock"
        config order order.stock-check=lenient
        http POST :8080/orders stockId:=1
        expect status 201
        """
        guard case .success(let s) = Parser.parse(bytes: Array(text.utf8), file: "toy.scenario") else { return XCTFail("refused") }
        XCTAssertEqual(s.system.name, "toy-shop")
        var out = ""
        let r = Runner(scenario: s, options: RunOptions(), output: { out += $0 }).run()
        XCTAssertEqual(r.expectations.filter { !$0.passed }.map { "line \($0.line): \($0.measured)" }, [], out)
        XCTAssertEqual(r.expectations.count, 9)
        XCTAssertTrue(out.contains("\"_links\""), out)
    }

    /// The toy system with `old` replaced by `new` in its system.yml, in a temporary folder;
    /// runs `lines` (after the system line) on it and returns its first load's figures.
    func load(replacing old: String, with new: String, _ lines: String) throws -> (LoadFigures, String)? {
        let dir = NSTemporaryDirectory() + "toy-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: SystemScenarioTests.toy, toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let yml = try String(contentsOfFile: dir + "/system.yml", encoding: .utf8)
        let changed = yml.replacingOccurrences(of: old, with: new)
        XCTAssertNotEqual(changed, yml)
        try changed.write(toFile: dir + "/system.yml", atomically: true, encoding: .utf8)
        guard case .success(let s) = Parser.parse(bytes: Array("system \(dir)\n\(lines)".utf8), file: "toy.scenario") else {
            XCTFail("refused"); return nil
        }
        var out = ""
        let r = Runner(scenario: s, options: RunOptions(), output: { out += $0 }).run()
        guard let f = r.loads.first else { XCTFail(out); return nil }
        return (f, out)
    }

    /// `sleep:` is Thread.sleep: a hook's sleep holds the request's thread and connection for
    /// its drawn time (the test delays of the MSAEz write-ups).
    func testASleepInAHookDelaysTheRequestHoldingItsConnection() throws {
        guard let (f, out) = try load(replacing: "          - check: ${stockId} != null",
                                      with: "          - sleep: uniform(400ms, 600ms)\n          - check: ${stockId} != null", """
            config order resortsim.warm=true
            http POST :8080/stocks item="Bike" price:=120.5 status="InStock"
            settle
            siege -c12 -r1 -v 'http://localhost:8081/orders POST {"stockId":1}'
            """) else { return }
        XCTAssertGreaterThanOrEqual(f.shortest, 0.4, out)
        // Hikari's ten connections: the 11th and 12th orders wait for a sleeper's connection.
        XCTAssertGreaterThanOrEqual(f.longest, 0.8, out)
        XCTAssertLessThan(f.longest, 1.4, out)
    }

    /// A controller's Thread.sleep before findById (the resort write-up's test delay) delays
    /// the Feign call that reads it.
    func testAControllerMethodSleepsBeforeTheRepository() throws {
        guard let (f, out) = try load(replacing: "      entity: Stock\n",
                                      with: "      entity: Stock\n      controller:\n        GET /stocks/{id}:\n          - sleep: 700ms\n          - repository\n", """
            config order resortsim.warm=true order.stock-check=lenient
            config stock resortsim.warm=true
            http POST :8080/stocks item="Bike" price:=120.5 status="InStock"
            settle
            siege -c1 -r2 -v 'http://localhost:8081/orders POST {"stockId":1}'
            """) else { return }
        XCTAssertEqual(f.hits, 2, out)
        XCTAssertGreaterThanOrEqual(f.shortest, 0.7, out)
        XCTAssertLessThan(f.longest, 0.9, out)
    }

    func testAScenarioOnABrokenSystemIsRefusedAtTheSystemFile() throws {
        let dir = NSTemporaryDirectory() + "toy-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: SystemScenarioTests.toy, toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let yml = try String(contentsOfFile: dir + "/system.yml", encoding: .utf8)
        try yml.replacingOccurrences(of: "- on: OrderPlaced", with: "- on: OrderPlacd").write(toFile: dir + "/system.yml", atomically: true, encoding: .utf8)
        guard case .failure(let e) = Parser.parse(bytes: Array("system \(dir)\nsettle\n".utf8), file: "s.scenario") else { return XCTFail("accepted") }
        XCTAssertEqual(e.diagnostics.count, 1)
        XCTAssertEqual(e.diagnostics.first?.description,
                       "\(dir)/system.yml:55:13: error: a policy on 'OrderPlacd', which no service publishes (did you mean 'OrderPlaced'?)")
    }

    func testTheSystemLineIsCheckedAndNamesAFolder() {
        guard case .failure(let e) = Parser.parse(bytes: Array("system ../nowhere\n".utf8), file: "dir/s.scenario") else { return XCTFail("accepted") }
        XCTAssertEqual(e.diagnostics.first?.line, 1)
        XCTAssertEqual(e.diagnostics.first?.column, 8)
        XCTAssertTrue(e.diagnostics.first?.message.hasPrefix("no system folder '../nowhere'") ?? false, "\(e.diagnostics)")
        guard case .failure(let twice) = Parser.parse(bytes: Array("system .\nsystem .\n".utf8), file: "s.scenario") else { return XCTFail("accepted") }
        XCTAssertEqual(twice.diagnostics.first?.line, 2)
    }

    func testAScenarioWithoutASystemLineRunsTheDefaultSystem() {
        // From the repository's root (swift test's directory): systems/DEFAULT names the resort system.
        guard case .success(let s) = Parser.parse(bytes: Array("settle\n".utf8), file: "/nowhere/at/all/s.scenario") else { return XCTFail("refused") }
        XCTAssertEqual(s.system.name, "resort-reservation")
        XCTAssertEqual(SystemResolver.normalized("scenarios/../systems/./x"), "systems/x")
        XCTAssertEqual(SystemResolver.normalized("../a/../../b"), "../../b")
    }
}
