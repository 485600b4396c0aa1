import Foundation
import Scenario
import Report
import Formats

/// `resortsim check`: the CI gate over every scenario and its committed baseline.
struct CheckCommand: Command {
    static let defaultTargets = ["scenarios"]
    static let defaultBaselines = "reports/baselines"
    /// Reruns with the next seeds that `--update-baselines` takes the tolerances from.
    static let reruns = 3

    static let configuration = CommandConfiguration(
        name: "check",
        abstract: "The CI gate: run every scenario, hold every expectation, and compare each load's availability, rate and p99 with its baseline.",
        overview: "The CI gate: run every scenario, hold every expectation, and compare each load's availability, "
            + "transaction rate and p99 with its committed baseline.",
        arguments: [("[DIR|FILE...]", "Scenario files, and directories whose .scenario files all run (default: \(defaultTargets.joined(separator: " "))).")],
        discussion: "A scenario with loads but no baseline is a warning, and its loads go unchecked; with "
            + "--require-baselines it fails the gate. In CI, use:\n\n    resortsim check scenarios --require-baselines\n\n"
            + "Exit status: 0 all held, 1 an expectation failed, a figure regressed or (with --require-baselines) "
            + "a baseline is missing, 2 invalid input (a baselines directory that does not exist included).",
        options: [
            Option.maxRequests,
            Option(name: "--baselines", kind: .path(.directory), valueName: "DIR", defaultValue: .text(defaultBaselines),
                   help: "Where the baselines are; the directory must exist, unless --update-baselines creates it"),
            Option(name: "--require-baselines", kind: .flag,
                   help: "Fail the gate when a scenario with loads has no baseline (use this in CI)"),
            Option(name: "--params", kind: .path(.inputFile), valueName: "FILE", help: "Settings for every service, before each scenario's config"),
            Option(name: "--report", kind: .path(.outputDirectory), valueName: "DIR",
                   help: "Write each scenario's reports to DIR/NAME/ and every expectation to DIR/junit.xml"),
            Option(name: "--update-baselines", kind: .flag,
                   help: "Rewrite the baselines from this run; tolerances from \(reruns) reruns with the next seeds"),
        ],
        exclusive: [["--require-baselines", "--update-baselines"]])

    let targets: [String]
    let baselineDir: String
    let baselinesGiven: Bool
    let requireBaselines: Bool
    let updateBaselines: Bool
    let params: String?
    let report: String?
    let maxRequests: Int

    init(_ p: ParsedOptions) throws {
        maxRequests = p.integer("--max-requests") ?? Parser.defaultMaxRequests
        targets = p.positionals.isEmpty ? Self.defaultTargets : p.positionals
        baselineDir = p.text("--baselines") ?? Self.defaultBaselines
        baselinesGiven = p.isGiven("--baselines")
        requireBaselines = p.flag("--require-baselines")
        updateBaselines = p.flag("--update-baselines")
        params = p.text("--params")
        report = p.text("--report")
    }

    /// The files of the targets, directories expanded in name order.
    func files() throws -> [String] {
        var files: [String] = []
        for target in targets {
            if Paths.kind(target).directory {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
                files += names.filter { $0.hasSuffix(".scenario") }.sorted().map { target + "/" + $0 }
            } else { files.append(target) }
        }
        guard !files.isEmpty else { throw UsageError("no .scenario file found in \(targets.joined(separator: " "))") }
        return files
    }

    /// Every scenario's baseline (nil: none), read before anything runs.
    func baselines(_ scenarios: [Scenario]) throws -> [Baseline?] {
        let k = Paths.kind(baselineDir)
        guard k.exists else {
            let which = baselinesGiven ? "" : " (the default: run from the project's root, or name the directory)"
            throw UsageError("--baselines \(baselineDir): no such directory\(which); record baselines with --update-baselines")
        }
        guard k.directory else { throw UsageError("--baselines \(baselineDir): is a file, not a directory") }
        return try scenarios.map { s in
            let path = baselineDir + "/" + s.name + ".json"
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            do { return try Baseline.parse(String(decoding: data, as: UTF8.self)) } catch {
                throw ScenarioProblems(lines: ["\(path):1:1: error: \((error as? ValueError)?.message ?? "not a baseline file") (rewrite it with --update-baselines)"])
            }
        }
    }

    func run() throws -> Int32 {
        let scenarios = try Support.scenarios(try files(), maxRequests: maxRequests)
        try Support.distinctNames(scenarios, "check keeps baselines and reports")
        var baselines: [Baseline?] = []
        if updateBaselines { try Paths.outputDirectory(baselineDir, option: "--baselines") } else { baselines = try self.baselines(scenarios) }
        var options = RunOptions()
        options.version = resortsimVersion
        options.params = try Support.params(params)
        let tty = isatty(2) == 1
        let progressLock = NSLock()
        let (results, reruns) = Check.run(scenarios, reruns: updateBaselines ? Self.reruns : 0, options: options) { done, all in
            guard tty else { return }
            progressLock.lock()
            fputs("\rcheck: \(done)/\(all) runs" + (done == all ? "\r                        \r" : ""), stderr)
            progressLock.unlock()
        }
        var failedExpectations = 0
        for r in results {
            let failed = r.expectations.filter { !$0.passed }
            failedExpectations += failed.count + r.warnings.count
            printOut("resortsim: \(r.scenario): \(r.expectations.count) expectations, \(r.expectations.count - failed.count) passed, \(failed.count) failed\n")
            for e in failed { printOut("  FAIL  \(r.file):\(e.line): \(e.text)  (\(e.measured))\n") }
            for w in r.warnings { printOut("  FAIL  \(r.file): \(w)\n") }
        }
        var regressions = 0, missing = 0
        if updateBaselines {
            try write(results, reruns)
        } else {
            var verdicts: [BaselineVerdict] = []
            for (r, b) in zip(results, baselines) { verdicts += BaselineVerdict.compare(r, b) }
            if !verdicts.isEmpty { printOut("\n" + BaselineVerdict.table(verdicts)) }
            regressions = verdicts.filter { $0.regression }.count
            for (r, b) in zip(results, baselines) where b == nil && !r.loads.isEmpty {
                let path = baselineDir + "/" + r.scenario + ".json"
                if requireBaselines {
                    missing += 1
                    printOut("  FAIL  \(r.file): no baseline \(path) (--require-baselines)\n")
                } else {
                    fflush(stdout)
                    fputs("resortsim check: warning: \(r.scenario) has no baseline \(path): its loads went unchecked (record it with --update-baselines; --require-baselines fails the gate)\n", stderr)
                }
            }
        }
        if let dir = report {
            try Support.write("the report", to: dir) {
                for r in results { try Support.writeReport(r, to: dir + "/" + r.scenario) }
                try JUnitXML.render(results).write(toFile: dir + "/junit.xml", atomically: true, encoding: .utf8)
            }
        }
        let missingNote = missing > 0 ? ", \(missing) missing baseline(s)" : ""
        printOut("\nresortsim check: \(results.count) scenarios, \(failedExpectations) failed expectation(s), \(regressions) regression(s)\(missingNote)\n")
        return failedExpectations + regressions + missing > 0 ? 1 : 0
    }

    /// `--update-baselines`: each scenario with loads gets its figures and tolerances.
    func write(_ results: [RunResult], _ reruns: [[RunResult]]) throws {
        try Support.write("the baselines", to: baselineDir) {
            try FileManager.default.createDirectory(atPath: baselineDir, withIntermediateDirectories: true)
        }
        for (r, extra) in zip(results, reruns) where !r.loads.isEmpty {
            let loads = r.loads.enumerated().map { i, f -> Baseline.Load in
                let t = Baseline.tolerance(base: f, reruns: extra.compactMap { $0.loads.count > i ? $0.loads[i] : nil })
                return Baseline.Load(line: f.line, command: f.command, availability: f.availability, transactionRate: f.transactionRate,
                                     p99: f.percentile(0.99), tolerance: (t.0, t.1, t.2))
            }
            let path = baselineDir + "/" + r.scenario + ".json"
            try Support.write("the baseline", to: path) {
                try Baseline(scenario: r.scenario, seed: r.seed, version: r.version, loads: loads).json().write(toFile: path, atomically: true, encoding: .utf8)
            }
            printOut("wrote \(path)\n")
        }
    }
}
