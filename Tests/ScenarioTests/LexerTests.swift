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
