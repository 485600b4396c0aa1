import XCTest
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Report

/// junit.xml against the rules of the Jenkins xUnit plugin's junit-10.xsd (the schema CI
/// servers validate with), read back by a real XML parser.
final class JUnitXMLTests: XCTestCase {
    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        var text = ""
        init(_ name: String, _ attributes: [String: String]) { self.name = name; self.attributes = attributes }
    }

    final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [Element] = [], root: Element?
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            let e = Element(name, attributes)
            stack.last?.children.append(e)
            if stack.isEmpty { root = e }
            stack.append(e)
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { stack.removeLast() }
        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }
    }

    func parse(_ xml: String, file: StaticString = #filePath, line: UInt = #line) -> Element? {
        let parser = XMLParser(data: Data(xml.utf8))
        let builder = TreeBuilder()
        parser.delegate = builder
        XCTAssertTrue(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))\n\(xml)", file: file, line: line)
        return builder.root
    }

    /// junit-10.xsd, element by element: required and allowed attributes, allowed children.
    static let schema: [String: (required: Set<String>, allowed: Set<String>, children: Set<String>)] = [
        "testsuites": ([], ["name", "time", "tests", "failures", "errors"], ["testsuite"]),
        "testsuite": (["name", "tests", "failures", "errors"],
                      ["name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp", "hostname", "id", "package", "file", "log", "url"],
                      ["testsuite", "properties", "testcase", "system-out", "system-err"]),
        "properties": ([], [], ["property"]),
        "property": (["name", "value"], ["name", "value"], []),
        "testcase": (["name"], ["name", "time", "classname", "group"],
                     ["skipped", "error", "failure", "rerunFailure", "rerunError", "flakyFailure", "flakyError", "system-out", "system-err"]),
        "failure": ([], ["type", "message"], []),
        "error": ([], ["type", "message"], []),
        "skipped": ([], ["type", "message"], []),
        "system-out": ([], [], []),
        "system-err": ([], [], []),
    ]

    func validate(_ e: Element, file: StaticString = #filePath, line: UInt = #line) {
        guard let rule = Self.schema[e.name] else { return XCTFail("element <\(e.name)> is not in junit-10.xsd", file: file, line: line) }
        let have = Set(e.attributes.keys)
        XCTAssertTrue(rule.required.isSubset(of: have), "<\(e.name)> lacks \(rule.required.subtracting(have).sorted())", file: file, line: line)
        XCTAssertTrue(have.isSubset(of: rule.allowed), "<\(e.name)> has \(have.subtracting(rule.allowed).sorted()), not in junit-10.xsd", file: file, line: line)
        for c in e.children {
            XCTAssertTrue(rule.children.contains(c.name), "<\(c.name)> inside <\(e.name)>", file: file, line: line)
            validate(c, file: file, line: line)
        }
        // SUREFIRE_TIME: digits, an optional fraction.
        if e.name == "testsuite" || e.name == "testsuites", let t = e.attributes["time"] {
            XCTAssertNotNil(t.range(of: "^[0-9]*(\\.[0-9]*)?$", options: .regularExpression), "time \(t)", file: file, line: line)
        }
    }

    func result(_ name: String, passed: Bool, warnings: [String] = []) -> RunResult {
        var r = RunResult(scenario: name, file: "scenarios/\(name).scenario", seed: 7, version: "0.1.0", params: [])
        r.expectations = [
            ExpectationResult(line: 4, text: "expect availability >= 90% & <ok> \"q\" 'a'", passed: passed, measured: "availability 80.00 %"),
            ExpectationResult(line: 5, text: "expect status 201\u{1}\u{7}", passed: true, measured: "status 201\nthen\r\t'x'"),
        ]
        r.warnings = warnings
        r.virtualSeconds = 44.3957
        return r
    }

    func testTheFileIsValidAgainstJUnit10AndItsCountsAddUp() throws {
        let results = [result("f4", passed: false), result("f5", passed: true, warnings: ["the run hit its bound of 1000 simulated events"])]
        let root = try XCTUnwrap(parse(JUnitXML.render(results)))
        XCTAssertEqual(root.name, "testsuites")
        validate(root)
        XCTAssertEqual(root.attributes["tests"], "5")
        XCTAssertEqual(root.attributes["failures"], "1")
        XCTAssertEqual(root.attributes["errors"], "1")
        XCTAssertEqual(root.children.map { $0.attributes["name"] }, ["f4", "f5"])
        for suite in root.children {
            let cases = suite.children.filter { $0.name == "testcase" }
            XCTAssertEqual(suite.attributes["tests"], String(cases.count))
            XCTAssertEqual(suite.attributes["failures"], String(cases.filter { $0.children.contains { $0.name == "failure" } }.count))
            XCTAssertEqual(suite.attributes["errors"], String(cases.filter { $0.children.contains { $0.name == "error" } }.count))
            XCTAssertEqual(suite.attributes["time"], "44.396")
            XCTAssertEqual(suite.attributes["file"], "scenarios/\(suite.attributes["name"] ?? "").scenario")
            XCTAssertEqual(suite.children.first?.name, "properties")
        }
        let f4 = root.children[0].children.filter { $0.name == "testcase" }
        // The text as written, read back: quotes, markup, newline, CR and tab survive an attribute.
        XCTAssertEqual(f4[0].attributes["name"], "line 4: expect availability >= 90% & <ok> \"q\" 'a'")
        let failure = try XCTUnwrap(f4[0].children.first { $0.name == "failure" })
        XCTAssertEqual(failure.attributes["message"], "availability 80.00 %")
        XCTAssertEqual(failure.text, "scenarios/f4.scenario:4: expect availability >= 90% & <ok> \"q\" 'a': measured availability 80.00 %")
        // Control characters XML 1.0 cannot carry become U+FFFD.
        XCTAssertEqual(f4[1].attributes["name"], "line 5: expect status 201\u{FFFD}\u{FFFD}")
        XCTAssertEqual(f4[1].children.first { $0.name == "system-out" }?.text, "status 201\nthen\r\t'x'")
        let stopped = try XCTUnwrap(root.children[1].children.last)
        XCTAssertEqual(stopped.attributes["name"], "run")
        XCTAssertEqual(stopped.children.first?.name, "error")
        XCTAssertEqual(stopped.children.first?.attributes["message"], "the run hit its bound of 1000 simulated events")
    }

    func testAnEmptyCheckIsStillValid() throws {
        let root = try XCTUnwrap(parse(JUnitXML.render([])))
        validate(root)
        XCTAssertEqual(root.attributes["tests"], "0")
        XCTAssertEqual(root.attributes["errors"], "0")
    }
}
