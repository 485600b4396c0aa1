import XCTest
import Foundation

/// A wrong value in a Kubernetes manifest, of a system's folder or applied by a scenario, is
/// refused with exit status 2 at the value's own line and column.
extension CLITests {
    /// The number of the line that is `line` in `text` (0, and a failure, when there is none).
    func lineNumber(of line: String, in text: String, file: StaticString = #filePath, at: UInt = #line) -> Int {
        guard let r = text.range(of: "\n" + line) else { XCTFail("'\(line)' is not a line of the text", file: file, line: at); return 0 }
        return text[..<r.lowerBound].filter { $0 == "\n" }.count + 2
    }

    func testAManifestValueIsRefusedAtItsLineAndColumn() throws {
        let dir = temp("manifest-errors")
        let system = try systemCopy(dir, rewriting: { $0 })
        let payment = system + "/kubernetes/payment.yml"
        let text = try String(contentsOfFile: payment, encoding: .utf8)
        try text.replacingOccurrences(of: "\n  replicas: 1\n", with: "\n  replicas: 5000\n").write(toFile: payment, atomically: true, encoding: .utf8)
        let line = lineNumber(of: "  replicas: 1\n", in: text)
        let file = dir + "/s.scenario"
        try "system \(system)\nhttp :8080/resorts\n".write(toFile: file, atomically: true, encoding: .utf8)
        let v = try run(["validate", file])
        XCTAssertEqual(v.status, 2, v.out)
        XCTAssertEqual(v.err, "\(payment):\(line):13: error: spec.replicas must be a whole number from 0 to 1000\n")

        // Applied by a scenario: at the manifest's value, the scenario's other problems kept.
        let readiness = try String(contentsOfFile: Self.root.appendingPathComponent("scenarios/kubernetes/payment-v2-readiness.yml").path, encoding: .utf8)
        try readiness.replacingOccurrences(of: "periodSeconds: 5", with: "periodSeconds: 0").write(toFile: dir + "/bad.yml", atomically: true, encoding: .utf8)
        let periodLine = lineNumber(of: "            periodSeconds: 5\n", in: readiness)
        let apply = dir + "/apply.scenario"
        try "kubectl apply -f bad.yml\nstop paymnet\n".write(toFile: apply, atomically: true, encoding: .utf8)
        let r = try run(["run", apply])
        XCTAssertEqual(r.status, 2, r.out)
        XCTAssertEqual(r.out, "")
        // (The scenario orders its diagnostics by line and column, whichever file they are in.)
        XCTAssertEqual(r.err.split(separator: "\n").sorted(), [
            "\(apply):2:6: error: unknown service 'paymnet' (did you mean 'payment'?)",
            "\(dir)/bad.yml:\(periodLine):28: error: periodSeconds must be a whole number from 1 to 86400",
        ])
    }
}
