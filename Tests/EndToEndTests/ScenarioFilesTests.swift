import XCTest
import Foundation
import Scenario

/// Every file in scenarios/ parses, runs, and holds every expectation.
final class ScenarioFilesTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testEveryScenarioFileHoldsItsExpectations() throws {
        let dir = Self.root.appendingPathComponent("scenarios").path
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".scenario") }.sorted()
        XCTAssertTrue(files.contains("f1-happy-path.scenario"))
        XCTAssertTrue(files.contains("f2-async-isolation.scenario"))
        XCTAssertTrue(files.contains("f3-sync-coupling.scenario"))
        for f in files {
            switch Parser.parse(file: dir + "/" + f) {
            case .failure(let e): XCTFail("\(f): \(e.diagnostics.map { $0.description })")
            case .success(let s):
                var o = RunOptions(); o.quiet = true
                let r = Runner(scenario: s, options: o, output: { _ in }).run()
                XCTAssertFalse(r.expectations.isEmpty, "\(f) checks nothing")
                for e in r.expectations where !e.passed { XCTFail("\(f):\(e.line): \(e.text) (\(e.measured))") }
                XCTAssertEqual(r.warnings, [], f)
            }
        }
    }
}
