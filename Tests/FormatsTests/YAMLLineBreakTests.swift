import XCTest
import SimCore
@testable import Formats

/// YAML 1.2's line breaks and byte order mark: CR LF (a file saved on Windows) and CR read
/// as LF does, and a leading BOM as nothing, with the same values, lines and columns.
final class YAMLLineBreakTests: XCTestCase {
    let lf = """
    # the first line is a comment
    kind: Deployment
    metadata:
      name: payment   # the service
    spec:
      replicas: 2
      template:
        spec:
          containers:
          - name: payment
            args: [a, "b c", {k: v}]
          - image: 'x'
    ---
    kind: Service

    """

    /// Each node's position and shape, depth first: equal strings, equal trees and positions.
    func layout(_ n: YAMLNode) -> String {
        switch n.kind {
        case .scalar(let j): return "\(n.line):\(n.column)=\(j.compact)"
        case .sequence(let items): return "\(n.line):\(n.column)[" + items.map(layout).joined(separator: ",") + "]"
        case .mapping(let m): return "\(n.line):\(n.column){" + m.map { "\($0.key)@\($0.line):\($0.column)=" + layout($0.value) }.joined(separator: ",") + "}"
        }
    }

    func with(_ eol: String, _ text: String) -> String { text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: eol) }

    func testCRLFAndCRReadAsLF() throws {
        let expected = try YAML.nodes(lf).map(layout)
        XCTAssertEqual(expected.count, 2)
        XCTAssertTrue(expected[0].contains("replicas@6:3=6:13=2"), expected[0])
        for eol in ["\r\n", "\r"] {
            let docs = try YAML.nodes(with(eol, lf))
            XCTAssertEqual(docs.map(layout), expected, eol == "\r" ? "CR" : "CR LF")
            XCTAssertEqual(docs.first?["metadata"]?["name"]?.text, "payment")
        }
        // One file may mix them, as an editor that kept some lines leaves it.
        XCTAssertEqual(try YAML.nodes("a: 1\r\nb:\n  c: 2\rd: x\r\n").map(layout), try YAML.nodes("a: 1\nb:\n  c: 2\nd: x\n").map(layout))
    }

    func testCRLFErrorsNameTheSameLineAndColumn() {
        for eol in ["\n", "\r\n", "\r"] {
            XCTAssertThrowsError(try YAML.nodes(with(eol, "# c\na: 1\n  b: 2\n"))) { e in
                XCTAssertEqual((e as? YAML.Failure).map { "\($0.line):\($0.column) \($0.message)" }, "3:3 unexpected indentation")
            }
            XCTAssertThrowsError(try YAML.nodes(with(eol, "a: 1\nb: [x\n"))) { e in
                XCTAssertEqual((e as? YAML.Failure).map { "\($0.line):\($0.column) \($0.message)" }, "2:6 unterminated flow sequence (expected ']')")
            }
        }
    }

    func testALeadingByteOrderMarkIsNotContent() throws {
        let bare = String(lf.drop(while: { $0 != "\n" }).dropFirst()) // kind: on the first line
        for (text, same) in [(lf, lf), (with("\r\n", lf), lf), (bare, bare)] {
            let docs = try YAML.nodes("\u{FEFF}" + text)
            XCTAssertEqual(docs.first?.entries?.first?.key, "kind")
            XCTAssertEqual(docs.map(layout), try YAML.nodes(same).map(layout))
        }
        XCTAssertEqual(try YAML.nodes("\u{FEFF}kind: Service\n").first.map(layout), "1:1{kind@1:1=1:7=\"Service\"}")
        XCTAssertThrowsError(try YAML.nodes("\u{FEFF}a: 1\n  b: 2\n")) { e in
            XCTAssertEqual((e as? YAML.Failure).map { "\($0.line):\($0.column) \($0.message)" }, "2:3 unexpected indentation")
        }
        // Only at the start: elsewhere it is a character of the text, as YAML has it.
        XCTAssertEqual(try YAML.nodes("a: \u{FEFF}x\n").first?["a"]?.text, "\u{FEFF}x")
    }
}
