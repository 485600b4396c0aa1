import XCTest
import Foundation

/// The README shows the end of F5's run as the tool prints it; the text must stay true.
extension CLITests {
    func testTheReadmesF5OutputIsWhatTheToolPrints() throws {
        let readme = try String(contentsOf: CLITests.root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "```\nLifting the server siege..."),
              let end = readme.range(of: "\n```", range: start.upperBound..<readme.endIndex) else {
            return XCTFail("README.md no longer shows the end of F5's run in a code block")
        }
        let shown = String(readme[readme.index(start.lowerBound, offsetBy: 4)..<end.lowerBound]) + "\n"
        let (out, _, status) = try run(["run", "scenarios/f5-breaker-payment.scenario"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(out.hasSuffix(shown), "README.md's F5 output differs from the tool's; paste the run's end again:\n\(out.suffix(1200))")
    }
}
