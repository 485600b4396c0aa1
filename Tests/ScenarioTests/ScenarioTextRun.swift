import XCTest
import Report
@testable import Scenario

/// A scenario's text, parsed and run with default options: the result and what it printed.
/// A text that does not parse fails the calling test.
struct ScenarioTextRun {
    struct Unparsed: Error {}

    static func run(_ text: String, file: String, caller: StaticString = #filePath, line: UInt = #line) throws -> (RunResult, String) {
        guard case .success(let s) = Parser.parse(bytes: Array(text.utf8), file: file) else {
            XCTFail("the scenario does not parse", file: caller, line: line)
            throw Unparsed()
        }
        var printed = ""
        let r = Runner(scenario: s, options: RunOptions(), output: { printed += $0 }).run()
        return (r, printed)
    }
}
