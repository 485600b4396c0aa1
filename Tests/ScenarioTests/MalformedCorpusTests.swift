import XCTest
import Foundation
@testable import Scenario

/// Every file in Malformed/ starts with `# expect: LINE:COLUMN: message` lines: the
/// diagnostics the parser must produce (each message is a prefix of the real one), and
/// nothing else. None of them may run.
final class MalformedCorpusTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Malformed").path

    func testEveryMalformedFileIsRefusedWithItsDiagnostics() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(".scenario") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 15)
        for name in files {
            let path = Self.directory + "/" + name
            let bytes = Array(FileManager.default.contents(atPath: path)!)
            let header = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
                .filter { $0.hasPrefix("# expect: ") }.map { String($0.dropFirst("# expect: ".count)) }
            XCTAssertFalse(header.isEmpty, "\(name) has no '# expect:' line")
            switch Parser.parse(bytes: bytes, file: name) {
            case .success:
                XCTFail("\(name) was accepted")
            case .failure(let e):
                XCTAssertEqual(e.diagnostics.count, header.count, "\(name): \(e.diagnostics)")
                for (d, want) in zip(e.diagnostics, header) {
                    let parts = want.split(separator: ":", maxSplits: 2)
                    XCTAssertEqual("\(d.line):\(d.column)", "\(parts[0]):\(parts[1])", "\(name): \(d)")
                    XCTAssertTrue(d.message.hasPrefix(parts[2].trimmingCharacters(in: .whitespaces)), "\(name): \(d.message)")
                    XCTAssertTrue(d.description.hasPrefix("\(name):\(d.line):\(d.column): error: "))
                }
            }
        }
    }

    func testRandomBytesNeverCrashTheParser() {
        var state: UInt64 = 12345
        let alphabet = Array("siege -c10 -t10S http :8080/resorts expect status 201 fault resort delay GET /x uniform( 1s, 2s) ${p} param p = 1 'x \"y \\ # & == >= 50% \n".utf8) + [0xFF, 0xC3, 0x00]
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(state % 120) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            _ = Parser.parse(bytes: bytes, file: "fuzz.scenario")
        }
    }

    func testSetOverridesOnlyDeclaredParameters() {
        let text = Array("param timeout = 610ms\nfault resort delay GET /x ${timeout}\n".utf8)
        guard case .success(let s) = Parser.parse(bytes: text, file: "p.scenario", overrides: ["timeout": "1s"]) else { return XCTFail() }
        guard case .fault(_, let f) = s.commands[0].command, case .delay(let d) = f.kind else { return XCTFail() }
        XCTAssertEqual(d, .constant(.seconds(1)))
        guard case .failure(let e) = Parser.parse(bytes: text, file: "p.scenario", overrides: ["timout": "1s"]) else { return XCTFail() }
        XCTAssertTrue(e.diagnostics[0].message.contains("declares no parameter 'timout'"))
    }
}
