import XCTest
import Foundation

/// A system's folder and the manifests a scenario applies as an editor may save them: with
/// CR LF line endings, or "UTF-8 with BOM". The binary reads them as it reads the files in
/// the repository.
extension CLITests {
    /// A copy of systems/resort-reservation in `dir` with every YAML file rewritten by `rewrite`.
    func systemCopy(_ dir: String, rewriting rewrite: (String) -> String) throws -> String {
        let system = dir + "/system"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.root.appendingPathComponent("systems/resort-reservation").path, toPath: system)
        for f in try FileManager.default.subpathsOfDirectory(atPath: system).sorted() where f.hasSuffix(".yml") {
            let text = try String(contentsOfFile: system + "/" + f, encoding: .utf8)
            try Data(rewrite(text).utf8).write(to: URL(fileURLWithPath: system + "/" + f))
        }
        return system
    }

    func crlf(_ text: String) -> String { text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n") }

    func testASystemFolderSavedWithCRLFValidatesAndRunsAsWithLF() throws {
        let dir = temp("crlf-system")
        let lfSystem = try systemCopy(dir + "/lf", rewriting: { $0 })
        let crlfSystem = try systemCopy(dir + "/crlf", rewriting: crlf)
        var outputs: [String] = []
        for system in [lfSystem, crlfSystem] {
            let file = system + ".scenario"
            try "system \(system)\nhttp :8080/resorts\nexpect status 200\n".write(toFile: file, atomically: true, encoding: .utf8)
            let v = try run(["validate", file])
            XCTAssertEqual(v.status, 0, v.err)
            XCTAssertEqual(v.err, "")
            XCTAssertTrue(v.out.contains("5 services, topic resortreservation"), v.out)
            let r = try run(["run", file])
            XCTAssertEqual(r.status, 0, r.err)
            XCTAssertTrue(r.out.contains("1 expectations, 1 passed"), r.out)
            outputs.append((v.out + r.out).replacingOccurrences(of: system, with: "SYSTEM"))
        }
        XCTAssertEqual(outputs[1], outputs[0])
    }

    func testAManifestSavedWithCRLFIsApplied() throws {
        let dir = temp("crlf-manifest")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let manifest = try String(contentsOfFile: Self.root.appendingPathComponent("scenarios/kubernetes/payment-v2.yml").path, encoding: .utf8)
        try Data(crlf(manifest).utf8).write(to: URL(fileURLWithPath: dir + "/payment-v2.yml"))
        let file = dir + "/apply.scenario"
        try "kubectl apply -f payment-v2.yml\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try run(["run", file])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("deployment.apps/payment configured\nservice/payment unchanged\n"), r.out)
    }

    func testYAMLFilesSavedWithAByteOrderMarkReadAsWithout() throws {
        let dir = temp("bom")
        let system = try systemCopy(dir, rewriting: { "\u{FEFF}" + $0 })
        // Without its leading comments the manifest's first key is kind, which a BOM would hide.
        let manifest = try String(contentsOfFile: Self.root.appendingPathComponent("scenarios/kubernetes/payment-v2.yml").path, encoding: .utf8)
        let bare = manifest.split(separator: "\n", omittingEmptySubsequences: false).drop(while: { $0.hasPrefix("#") || $0.hasPrefix("apiVersion") })
        XCTAssertEqual(bare.first, "kind: Deployment")
        try Data(("\u{FEFF}" + bare.joined(separator: "\n")).utf8).write(to: URL(fileURLWithPath: dir + "/payment-v2.yml"))
        let file = dir + "/bom.scenario"
        try "system \(system)\nkubectl apply -f payment-v2.yml\nhttp :8080/resorts\nexpect status 200\n".write(toFile: file, atomically: true, encoding: .utf8)
        let v = try run(["validate", file])
        XCTAssertEqual(v.status, 0, v.err)
        XCTAssertTrue(v.out.contains("5 services, topic resortreservation"), v.out)
        let r = try run(["run", file])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("deployment.apps/payment configured\nservice/payment unchanged\n"), r.out)
        XCTAssertTrue(r.out.contains("1 expectations, 1 passed"), r.out)
    }
}
