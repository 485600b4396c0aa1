import XCTest
import Formats
import Report
@testable import Scenario

/// Inputs a user hands us give one line saying what is wrong and where.
final class InputGuardTests: XCTestCase {
    func diagnostics(_ r: Result<Scenario, ScenarioErrors>) -> [String] {
        if case .failure(let e) = r { return e.diagnostics.map { $0.description } }
        return []
    }

    func testUnreadableFilesSayWhy() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("input-guard-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        XCTAssertEqual(diagnostics(Parser.parse(file: dir)), ["\(dir): error: is a directory (expected a file)"])
        XCTAssertEqual(diagnostics(Parser.parse(file: "/dev/null")), ["/dev/null: error: is not a regular file (a device, pipe or socket; expected a file)"])
        XCTAssertEqual(diagnostics(Parser.parse(file: dir + "/none.scenario")), ["\(dir)/none.scenario: error: no such file"])
        let empty = dir + "/empty.scenario"
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        XCTAssertEqual(diagnostics(Parser.parse(file: empty)), ["\(empty): error: is empty"])
    }

    func testACommandLineOverrideWithoutItsParamHasNoZeroLocation() {
        let d = diagnostics(Parser.parse(bytes: Array("param timeout = 610ms\n".utf8), file: "f.scenario", overrides: ["timeot": "1s"]))
        XCTAssertEqual(d.count, 1)
        XCTAssertTrue(d[0].hasPrefix("f.scenario: error: "), d[0])
        XCTAssertFalse(d[0].contains(":0:0:"))
    }

    func testRepetitionsStateTheirRealLimitAndTheBudget() {
        let big = diagnostics(Parser.parse(bytes: Array("siege -c1 -r99999999999999999999 http://localhost:8082/resorts\n".utf8), file: "f.scenario"))
        XCTAssertEqual(big, ["f.scenario:1:11: error: '99999999999999999999' is not a number of repetitions (expected 1 to 100000000)"])
        let budget = diagnostics(Parser.parse(bytes: Array("siege -c1 -r100000000 http://localhost:8082/resorts\n".utf8), file: "f.scenario"))
        XCTAssertEqual(budget.count, 1)
        XCTAssertTrue(budget[0].contains("sends 100000000 requests (-c1 x -r100000000), more than the budget of 10000000 a command"), budget[0])
        XCTAssertTrue(budget[0].contains("--max-requests N"))
        let raised = Parser.parse(bytes: Array("siege -c1 -r100000000 http://localhost:8082/resorts\n".utf8), file: "f.scenario", maxRequests: 100_000_000)
        XCTAssertTrue(diagnostics(raised).isEmpty)
        let load = diagnostics(Parser.parse(bytes: Array("load --rate 1000000/s --for 100h http://localhost:8082/resorts\n".utf8), file: "f.scenario"))
        XCTAssertEqual(load.count, 1)
        XCTAssertTrue(load[0].contains("this load sends about 360000000000 requests"), load[0])
    }

    func testParamsFilesRefuseUnknownAndMissingKeys() {
        guard case .failure(let e) = ParamsFile.parse("foo.bar=1\n=5\nresortsim.cost.console-writ=1ms\nhystrix.command.default.execution.isolation.thread.timeoutInMilliseconds=610\n", file: "p.params") else {
            return XCTFail("accepted")
        }
        XCTAssertEqual(e.diagnostics.map { $0.line }, [1, 2, 3])
        XCTAssertTrue(e.diagnostics[0].message.hasPrefix("unknown setting 'foo.bar' (expected a key the model reads"), e.diagnostics[0].message)
        XCTAssertTrue(e.diagnostics[1].message.hasPrefix("a setting needs a key before '='"))
        XCTAssertTrue(e.diagnostics[2].message.contains("unknown cost"), e.diagnostics[2].message)
        guard case .success = ParamsFile.parse("resortsim.cost.console-write=500us\nserver.tomcat.max-threads=50\n", file: "p.params") else { return XCTFail("refused") }
        // A key given twice (relaxed binding: the same key) would leave the first unread.
        guard case .failure(let twice) = ParamsFile.parse("server.tomcat.max-threads=50\nSERVER_TOMCAT_MAXTHREADS=60\n", file: "p.params") else {
            return XCTFail("accepted")
        }
        XCTAssertEqual(twice.diagnostics.map { "\($0.line): \($0.message)" }, ["2: SERVER_TOMCAT_MAXTHREADS is set twice (first on line 1)"])
    }

    func testFilesSavedWithCRLFReadAsWithLF() throws {
        guard case .success(let f) = ParamsFile.parse("# fitted\r\nserver.tomcat.max-threads=50\r\nresortsim.cost.console-write=500us\r\n", file: "p.params") else {
            return XCTFail("refused")
        }
        XCTAssertEqual(f.settings.map { "\($0.0)=\($0.1)" }, ["server.tomcat.max-threads=50", "resortsim.cost.console-write=500us"])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("resortsim-crlf-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "{\"eventType\":\"ResortRegistrated\"}\r\n{\"eventType\":\"ResortRegistrated\"}\r\n".write(toFile: dir + "/e.jsonl", atomically: true, encoding: .utf8)
        try "http :8080/resorts\nexpect events e.jsonl\n".write(toFile: dir + "/s.scenario", atomically: true, encoding: .utf8)
        XCTAssertEqual(diagnostics(Parser.parse(file: dir + "/s.scenario")), [])
        // systems/DEFAULT saved on Windows names its folder; two names are refused.
        try FileManager.default.createDirectory(atPath: dir + "/systems", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/scenarios", withIntermediateDirectories: true)
        try "resort-reservation\r\n".write(toFile: dir + "/systems/DEFAULT", atomically: true, encoding: .utf8)
        guard case .success(let folder) = SystemResolver.defaultSystem(near: dir + "/scenarios") else { return XCTFail("refused") }
        XCTAssertEqual(folder, dir + "/systems/resort-reservation")
        try "resort-reservation\nfood-delivery\n".write(toFile: dir + "/systems/DEFAULT", atomically: true, encoding: .utf8)
        guard case .failure(let two) = SystemResolver.defaultSystem(near: dir + "/scenarios") else { return XCTFail("accepted") }
        XCTAssertTrue(two.message.hasSuffix("must name one folder of systems/ on one line (found 'resort-reservation', 'food-delivery')"), two.message)
        // A manifest with no object is kubectl's "no objects passed to apply".
        try "# nothing yet\n---\n".write(toFile: dir + "/empty.yml", atomically: true, encoding: .utf8)
        try "kubectl apply -f empty.yml\n".write(toFile: dir + "/k.scenario", atomically: true, encoding: .utf8)
        XCTAssertEqual(diagnostics(Parser.parse(file: dir + "/k.scenario")),
                       ["\(dir)/k.scenario:1:18: error: no objects passed to apply: 'empty.yml' holds no Kubernetes object (kubectl's own error)"])
    }

    func testASystemFolderWithoutSystemYmlIsReportedAtTheScenariosLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("resortsim-nosys-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "seed 1\nsystem empty\n".write(toFile: dir + "/s.scenario", atomically: true, encoding: .utf8)
        XCTAssertEqual(diagnostics(Parser.parse(file: dir + "/s.scenario")),
                       ["\(dir)/s.scenario:2:8: error: 'empty' (\(dir)/empty) has no system.yml: a system's folder holds its system.yml (docs/SYSTEMS.md)"])
    }

    func testAnObservedSummaryWithAnUnreadableFigureNamesItsLine() {
        XCTAssertThrowsError(try SiegeOutput(text: "Transactions: 10 hits\nAvailability: abc %\n")) { e in
            XCTAssertEqual((e as? SiegeOutput.Problem)?.message,
                           "line 2: 'abc' is not a figure in siege's 'Availability:' line (expected a number of %, as siege prints it)")
        }
        XCTAssertThrowsError(try SiegeOutput(text: "Availability: 80.00 %\n")) { e in
            XCTAssertEqual((e as? SiegeOutput.Problem)?.message,
                           "no siege summary found: the 'Response time:', 'Transaction rate:' line(s) are missing (expected siege's closing summary)")
        }
    }

    func testTraceFilesNeedIntegerTimestamps() {
        let span = #"{"traceId":"a","id":"b","name":"GET","timestamp":"12","duration":5}"#
        XCTAssertThrowsError(try TraceView(json: "[\(span)]")) { e in
            XCTAssertEqual((e as? TraceView.Problem)?.message, "span 1: timestamp must be an integer of microseconds (found \"12\")")
        }
        XCTAssertThrowsError(try TraceView(json: "[\(span)")) { e in
            XCTAssertTrue((e as? TraceView.Problem)?.message.hasPrefix("not JSON: line 1, column ") ?? false, "\(e)")
        }
    }

    func testTheBreakdownKeepsEveryKindInFirstSeenOrder() throws {
        // 3000 distinct span names in 1000 traces: each kind once per trace that has it.
        var spans: [String] = []
        for t in 0..<1000 {
            spans.append(#"{"traceId":"t\#(t)","id":"r\#(t)","name":"root","timestamp":1,"duration":100}"#)
            for k in 0..<3 { spans.append(#"{"traceId":"t\#(t)","id":"c\#(t)-\#(k)","parentId":"r\#(t)","name":"n\#(t * 3 + k)","timestamp":2,"duration":10}"#) }
        }
        let view = try TraceView(json: "[" + spans.joined(separator: ",") + "]")
        let rows = view.breakdownRows()
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].rows.count, 3001)
        XCTAssertEqual(rows[0].rows[0].kind, " root")
        XCTAssertEqual(rows[0].rows[0].requests, 1000)
        XCTAssertEqual(rows[0].rows[0].meanMs, 0.07, accuracy: 1e-9)
        XCTAssertEqual(rows[0].rows[1].kind, " n0")
        XCTAssertEqual(rows[0].rows[3000].requests, 1)
    }
}
