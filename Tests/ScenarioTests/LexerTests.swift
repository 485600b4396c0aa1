import XCTest
@testable import Scenario

final class LexerTests: XCTestCase {
    func lex(_ s: String) -> ([SourceLine], [Diagnostic]) { Lexer.lex(Array(s.utf8), file: "t.scenario") }

    func testWordsSplitAsAShellSplitsThem() {
        let (lines, d) = lex(#"http POST :8080/resorts resortName="Jeju Island" 'a b'c x\ y # comment"#)
        XCTAssertEqual(d, [])
        XCTAssertEqual(lines[0].words.map { $0.text }, ["http", "POST", ":8080/resorts", "resortName=Jeju Island", "a bc", "x y"])
        XCTAssertEqual(lines[0].words.map { $0.column }, [1, 6, 11, 25, 50, 57])
        XCTAssertTrue(lines[0].words[3].quoted)
        XCTAssertFalse(lines[0].words[2].quoted)
    }

    func testBackslashContinuesALineAndKeepsTheFirstLineNumber() {
        let (lines, _) = lex("siege -c10 \\\n  -t10S :8080/resorts\nwait\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(lines[0].line, 1)
        XCTAssertEqual(lines[0].words.map { $0.text }, ["siege", "-c10", "-t10S", ":8080/resorts"])
        XCTAssertEqual(lines[0].words[2].line, 2)
        XCTAssertEqual(lines[1].line, 3)
    }

    func testHashInsideQuotesIsNotAComment() {
        let (lines, _) = lex(##"http :8080/x a="#1" # real comment"##)
        XCTAssertEqual(lines[0].words.map { $0.text }, ["http", ":8080/x", "a=#1"])
    }

    func testDoubleQuotesHonourBackslashEscapes() {
        let (lines, _) = lex(#"expect body name == "say \"hi\"""#)
        XCTAssertEqual(lines[0].words.last?.text, #"say "hi""#)
    }

    func testUnterminatedQuoteIsReportedAtTheQuote() {
        let (_, d) = lex("http :8080/x a='oops\n")
        XCTAssertEqual(d.map { $0.description }, ["t.scenario:1:16: error: unterminated single quote (close it with ')"])
    }

    func testInvalidUTF8IsReportedWithItsColumn() {
        let (_, d) = Lexer.lex([0x61, 0x62, 0x0A, 0x63, 0xC3, 0x28], file: "u.scenario")
        XCTAssertEqual(d.map { $0.description }, ["u.scenario:2:2: error: invalid UTF-8 (scenario files are UTF-8 text)"])
    }
}

final class ConfigFileTests: XCTestCase {
    func dir() -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("resortsim-config-\(ProcessInfo.processInfo.processIdentifier)").path
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    func testApplicationYmlIsFlattenedToSpringKeys() throws {
        let d = dir()
        try "hystrix:\n  command:\n    default:\n      execution.isolation.thread.timeoutInMilliseconds: 610\nfeign:\n  resort:\n    url: resort:8080\n"
            .write(toFile: d + "/application.yml", atomically: true, encoding: .utf8)
        guard case .success(let s) = Parser.parse(bytes: Array("config reservation -f application.yml\n".utf8), file: d + "/s.scenario"),
              case .config(let service, let settings) = s.commands[0].command else { return XCTFail("not parsed") }
        XCTAssertEqual(service, "reservation")
        XCTAssertEqual(settings.map { "\($0.0)=\($0.1)" }, ["hystrix.command.default.execution.isolation.thread.timeoutInMilliseconds=610", "feign.resort.url=resort:8080"])
    }

    func testAYamlErrorNamesTheYamlFileLineAndColumn() throws {
        let d = dir()
        try "feign:\n  resort: 1\n   url: x\n".write(toFile: d + "/bad.yml", atomically: true, encoding: .utf8)
        guard case .failure(let e) = Parser.parse(bytes: Array("config reservation -f bad.yml\n".utf8), file: d + "/s.scenario") else { return XCTFail("accepted") }
        XCTAssertEqual(e.diagnostics.map { "\(($0.file as NSString).lastPathComponent):\($0.line):\($0.column)" }, ["bad.yml:3:4"])
    }

    func testAWrongHystrixKeyInTheYamlIsRefused() throws {
        let d = dir()
        try "hystrix.command.default.circuitBreaker.sleepWindowInMiliseconds: 5000\n".write(toFile: d + "/typo.yml", atomically: true, encoding: .utf8)
        guard case .failure(let e) = Parser.parse(bytes: Array("config reservation -f typo.yml\n".utf8), file: d + "/s.scenario") else { return XCTFail("accepted") }
        XCTAssertTrue(e.diagnostics[0].message.contains("did you mean 'circuitBreaker.sleepWindowInMilliseconds'"), e.diagnostics[0].message)
    }
}

/// What a scenario's text may hold that an editor wrote, not the user.
final class ScenarioTextEdgeTests: XCTestCase {
    func testAByteOrderMarkIsNotPartOfTheFirstCommand() {
        let (lines, diags) = Lexer.lex([0xEF, 0xBB, 0xBF] + Array("seed 3\nsettle\n".utf8), file: "bom.scenario")
        XCTAssertTrue(diags.isEmpty)
        XCTAssertEqual(lines.map { $0.words[0].text }, ["seed", "settle"])
        XCTAssertEqual(lines[0].words[0].column, 1)
        // Only at the very start: elsewhere it is a character of the text.
        let (inner, _) = Lexer.lex(Array("seed 3\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("settle\n".utf8), file: "b.scenario")
        XCTAssertEqual(inner[1].words[0].text, "\u{FEFF}settle")
    }

    func testAParameterMayUseTheOnesDeclaredAboveIt() {
        let text = Array("param base = 400ms\nparam timeout = ${base}\nfault resort delay GET /x ${timeout}\n".utf8)
        guard case .success(let s) = Parser.parse(bytes: text, file: "p.scenario") else { return XCTFail() }
        guard case .fault(_, let f) = s.commands[0].command, case .delay(let d) = f.kind else { return XCTFail() }
        XCTAssertEqual(d, .constant(.milliseconds(400)))
        XCTAssertEqual(s.params.map { $0.1 }, ["400ms", "400ms"])
        // --set of the first reaches the second through it; one below is unknown above.
        guard case .success(let o) = Parser.parse(bytes: text, file: "p.scenario", overrides: ["base": "1s"]) else { return XCTFail() }
        XCTAssertEqual(o.params.map { $0.1 }, ["1s", "1s"])
        guard case .failure(let e) = Parser.parse(bytes: Array("param a = ${b}\nparam b = 1s\n".utf8), file: "q.scenario") else { return XCTFail() }
        XCTAssertEqual(e.diagnostics.map { "\($0.line):\($0.column)" }, ["1:11"])
        XCTAssertTrue(e.diagnostics[0].message.hasPrefix("unknown parameter 'b'"))
    }

    func testAnEventsFileHoldsOneEventObjectPerLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("resortsim-events-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "{\"eventType\":\"ReservationRegistered\"}\n[1,2]\n{}\n\ngarbage\n".write(toFile: dir + "/e.jsonl", atomically: true, encoding: .utf8)
        try "http :8080/resorts\nexpect events e.jsonl\n".write(toFile: dir + "/s.scenario", atomically: true, encoding: .utf8)
        guard case .failure(let e) = Parser.parse(file: dir + "/s.scenario") else { return XCTFail("accepted") }
        XCTAssertEqual(e.diagnostics.map { "\($0.file):\($0.line)" }, ["\(dir)/e.jsonl:2", "\(dir)/e.jsonl:3", "\(dir)/e.jsonl:5"])
        XCTAssertTrue(e.diagnostics.allSatisfy { $0.message.hasPrefix("not an event") })
    }
}
