import XCTest
import Foundation

/// Every example in README.md that starts with `$ resortsim` is run, and must print what
/// the README shows (a `...` line stands for any lines). So the README cannot drift from
/// the tool again.
final class ReadmeExamplesTests: XCTestCase {
    struct Example {
        let commands: [[String]]
        let expected: [String]
        let line: Int
        var isSlow: Bool { commands.contains { ["calibrate", "chaos"].contains($0.first ?? "") } }
    }

    static func examples() throws -> [Example] {
        let text = try String(contentsOf: CLITests.root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        var out: [Example] = []
        var i = 0
        while i < lines.count {
            guard lines[i] == "```", i + 1 < lines.count, lines[i + 1].hasPrefix("$ resortsim ") else { i += 1; continue }
            let start = i + 1
            var j = start
            var commands: [[String]] = []
            while j < lines.count, lines[j].hasPrefix("$ resortsim ") {
                commands.append(lines[j].dropFirst("$ resortsim ".count).split(separator: " ").map(String.init))
                j += 1
            }
            var expected: [String] = []
            while j < lines.count, lines[j] != "```" { expected.append(lines[j]); j += 1 }
            out.append(Example(commands: commands, expected: expected, line: start + 1))
            i = j + 1
        }
        return out
    }

    /// Whether `actual` matches `pattern` line by line, a `...` pattern line matching any
    /// run of lines (none included).
    static func matches(_ actual: ArraySlice<String>, _ pattern: ArraySlice<String>) -> Bool {
        guard let p = pattern.first else { return actual.isEmpty }
        if p == "..." {
            var rest = actual
            while true {
                if matches(rest, pattern.dropFirst()) { return true }
                if rest.isEmpty { return false }
                rest = rest.dropFirst()
            }
        }
        guard let a = actual.first, a == p else { return false }
        return matches(actual.dropFirst(), pattern.dropFirst())
    }

    func testTheMatcherSkipsOnlyWhereTheReadmeSaysSo() {
        XCTAssertTrue(Self.matches(["a", "b", "c"], ["...", "c"]))
        XCTAssertTrue(Self.matches(["a", "b", "c"], ["a", "...", "c"]))
        XCTAssertTrue(Self.matches(["a", "c"], ["a", "...", "c"]))
        XCTAssertFalse(Self.matches(["a", "b", "c"], ["a", "c"]))
        XCTAssertFalse(Self.matches(["a", "b", "x"], ["...", "c"]))
    }

    /// The binary to run: RESORTSIM_BINARY (.ci/run gives the release build, which runs the
    /// slow examples in seconds), else the debug build next to the tests.
    static var binary: String? { ProcessInfo.processInfo.environment["RESORTSIM_BINARY"].map { $0.hasPrefix("/") ? $0 : CLITests.root.appendingPathComponent($0).path } ?? CLITests.binary }

    func check(_ examples: [Example]) throws {
        guard let bin = Self.binary else { return XCTFail("resortsim binary not found; run `swift build` first") }
        try FileManager.default.createDirectory(at: CLITests.root.appendingPathComponent("out"), withIntermediateDirectories: true)
        for e in examples {
            var out = ""
            for c in e.commands {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: bin)
                p.arguments = c
                p.currentDirectoryURL = CLITests.root
                let pipe = Pipe()
                p.standardOutput = pipe
                p.standardError = FileHandle.nullDevice
                try p.run()
                out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                p.waitUntilExit()
            }
            var actual = out.components(separatedBy: "\n")
            if actual.last == "" { actual.removeLast() }
            XCTAssertTrue(Self.matches(actual[...], e.expected[...]),
                          "README.md line \(e.line): `resortsim \(e.commands.last?.joined(separator: " ") ?? "")` printed:\n\(out)")
        }
    }

    func testTheReadmesExamplesPrintWhatTheReadmeShows() throws {
        let all = try Self.examples()
        XCTAssertGreaterThanOrEqual(all.count, 6, "README.md's examples were not found")
        try check(all.filter { !$0.isSlow })
    }

    /// calibrate and chaos run hundreds of scenarios: with the release build (.ci/run sets
    /// RESORTSIM_BINARY) they take a minute; with the debug build, many.
    func testTheReadmesLongExamplesPrintWhatTheReadmeShows() throws {
        let slow = try Self.examples().filter { $0.isSlow }
        XCTAssertGreaterThanOrEqual(slow.count, 2)
        guard ProcessInfo.processInfo.environment["RESORTSIM_BINARY"] != nil else {
            throw XCTSkip("calibrate and chaos examples run with a release build: RESORTSIM_BINARY=.build/release/resortsim swift test (as .ci/run does)")
        }
        try check(slow)
    }
}
