import Foundation
import Scenario
import Report

/// What several commands share: stdout, scenario files, params files, report directories.
func printOut(_ s: String) { fputs(s, stdout) }

enum Support {
    /// Parses every file; every problem of every file is reported before anything runs.
    static func scenarios(_ files: [String], overrides: [String: String] = [:], maxRequests: Int = Parser.defaultMaxRequests) throws -> [Scenario] {
        guard !files.isEmpty else { throw UsageError("no scenario file given (expected FILE...)") }
        var scenarios: [Scenario] = []
        var errors: [Diagnostic] = []
        for f in files {
            switch Parser.parse(file: f, overrides: overrides, maxRequests: maxRequests) {
            case .success(let s): scenarios.append(s)
            case .failure(let e): errors += e.diagnostics
            }
        }
        guard errors.isEmpty else { throw ScenarioProblems(lines: errors.map { $0.description }) }
        return scenarios
    }

    /// Refuses two scenarios of one name where their outputs go by name (`--report DIR/NAME/`,
    /// `OUT-NAME.json`, `check`'s baselines): one would overwrite the other's.
    static func distinctNames(_ scenarios: [Scenario], _ what: String) throws {
        var seen: [String: String] = [:]
        for s in scenarios {
            if let first = seen[s.name] {
                throw UsageError("\(first) and \(s.file) are both named '\(s.name)', and \(what) by name: one would overwrite the other (rename one)")
            }
            seen[s.name] = s.file
        }
    }

    /// Exactly one scenario file among the positional arguments.
    static func oneFile(_ positionals: [String], what: String = "scenario file") throws -> String {
        guard let f = positionals.first else { throw UsageError("no \(what) given") }
        guard positionals.count == 1 else { throw UsageError("give one \(what), not \(positionals.count): \(positionals.joined(separator: " "))") }
        return f
    }

    /// Reads `--params FILE` (nil: none).
    static func params(_ path: String?) throws -> [(String, String)] {
        guard let p = path else { return [] }
        switch ParamsFile.read(file: p) {
        case .success(let f): return f.settings
        case .failure(let e): throw ScenarioProblems(lines: e.diagnostics.map { $0.description })
        }
    }

    /// `--set NAME=VALUE` as the parser's overrides.
    static func overrides(_ sets: [(name: String, value: String)]) -> [String: String] {
        var o: [String: String] = [:]
        for s in sets { o[s.name] = s.value }
        return o
    }

    /// A run's report files in `dir`.
    static func writeReport(_ result: RunResult, to dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try JSONReport.render(result).write(toFile: dir + "/report.json", atomically: true, encoding: .utf8)
        try JSONReport.eventsJSONL(result.events).write(toFile: dir + "/events.jsonl", atomically: true, encoding: .utf8)
        try TimelineCSV.render(result).write(toFile: dir + "/timeline.csv", atomically: true, encoding: .utf8)
        try JUnitXML.render([result]).write(toFile: dir + "/junit.xml", atomically: true, encoding: .utf8)
        try HTMLReport.render(result).write(toFile: dir + "/report.html", atomically: true, encoding: .utf8)
    }

    /// Writes, or throws one line naming what could not be written and why.
    static func write(_ what: String, to path: String, _ body: () throws -> Void) throws {
        do { try body() } catch { throw UsageError("cannot write \(what) to \(path): \(Paths.reason(error))") }
    }
}
