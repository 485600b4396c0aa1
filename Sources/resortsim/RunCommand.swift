import Foundation
import Scenario
import Report
import Infrastructure

/// `resortsim run FILE...`: plays scenarios, printing what the real tools printed.
struct RunCommand: Command {
    static let configuration = CommandConfiguration(
        name: "run",
        abstract: "Run scenarios; print what http and siege print, then each expectation.",
        overview: "Run scenarios on the simulated system.",
        arguments: [("FILE...", "The scenario files, run one after the other.")],
        discussion: "Exit status: 0 every expectation held, 1 one failed (or a run hit a bound), 2 invalid "
            + "scenario or command line (every problem is listed as FILE:LINE:COLUMN: error: ...; nothing runs).",
        options: [
            Option.maxRequests,
            Option(name: "--seed", kind: .unsigned(0...UInt64.max), valueName: "N",
                   defaultNote: "the file's 'seed' line, else \(Runner.defaultSeed)", help: "Random seed"),
            Option(name: "--set", kind: .assignment, valueName: "NAME=VALUE",
                   help: "Override a 'param' declared in the scenario", repeatable: true),
            Option(name: "--params", kind: .path(.inputFile), valueName: "FILE",
                   help: "Settings for every service, before the scenario's config (calibrate writes it)"),
            Option(name: "--report", kind: .path(.outputDirectory), valueName: "DIR",
                   help: "Write report.json, timeline.csv, junit.xml, report.html and events.jsonl to DIR (DIR/NAME/ for several files)"),
            Option(name: "--quiet", short: "-q", kind: .flag, help: "Print only failed expectations and the closing line"),
            Option(name: "--max-events", kind: .unsigned(1...UInt64.max), valueName: "N",
                   defaultValue: .unsigned(RunOptions().maxEvents), help: "Stop a run after N simulated events"),
            Option(name: "--trace", kind: .path(.outputFile), valueName: "OUT.json",
                   help: "Write Zipkin v2 spans, one trace per client request (OUT-NAME.json for several files); read it with 'resortsim trace OUT.json'"),
            Option(name: "--trace-sample", kind: .share(of: "requests"), valueName: "RATE",
                   help: "Keep that share of the traces (deterministic)", requires: ("--trace", "it chooses what that file keeps")),
            Option(name: "--trace-failed", kind: .flag,
                   help: "Keep only the traces of failed requests", requires: ("--trace", "it chooses what that file keeps")),
            Option(name: "--trace-slowest", kind: .integer(1...100_000), valueName: "N",
                   help: "Keep the N slowest traces", requires: ("--trace", "it chooses what that file keeps")),
        ],
        exclusive: [["--trace-sample", "--trace-failed", "--trace-slowest"]])

    let files: [String]
    let sets: [String: String]
    let options: RunOptions
    let params: String?
    let report: String?
    let trace: String?
    let maxRequests: Int

    init(_ p: ParsedOptions) throws {
        files = p.positionals
        maxRequests = p.integer("--max-requests") ?? Parser.defaultMaxRequests
        sets = Support.overrides(p.assignments("--set"))
        var o = RunOptions()
        o.seed = p.unsigned("--seed")
        o.quiet = p.flag("--quiet")
        o.version = resortsimVersion
        o.maxEvents = p.unsigned("--max-events") ?? o.maxEvents
        report = p.text("--report")
        o.retainLog = report != nil
        trace = p.text("--trace")
        if trace != nil {
            if let r = p.number("--trace-sample") { o.trace = .sample(r) }
            else if p.flag("--trace-failed") { o.trace = .failed }
            else if let n = p.integer("--trace-slowest") { o.trace = .slowest(n) }
            else { o.trace = .sample(1) }
        }
        options = o
        params = p.text("--params")
    }

    func run() throws -> Int32 {
        let scenarios = try Support.scenarios(files, overrides: sets, maxRequests: maxRequests)
        var options = self.options
        options.params = try Support.params(params)
        if report != nil { try Support.distinctNames(scenarios, "--report writes DIR/NAME/") }
        if trace != nil { try Support.distinctNames(scenarios, "--trace writes OUT-NAME.json") }
        // Several files write OUT-NAME.json beside OUT.json: each is checked before any run.
        if let path = trace, scenarios.count > 1 {
            for s in scenarios { try Paths.outputFile(TraceFiles.path(path, for: s.name), option: "--trace") }
        }
        var allPassed = true
        let tty = isatty(2) == 1
        for s in scenarios {
            var o = options
            if tty {
                let name = s.name
                o.progress = { t in fputs("\r\(name): \(Int(t)) s of virtual time", stderr) }
            }
            if !o.quiet { printOut("=== \(s.file)\n\n") }
            let result = Runner(scenario: s, options: o, output: printOut).run()
            if tty { fputs("\r\u{1B}[K", stderr) }
            let failed = result.expectations.filter { !$0.passed }.count
            printOut("resortsim: \(s.name): \(result.expectations.count) expectations, \(result.expectations.count - failed) passed, \(failed) failed (seed \(result.seed), virtual time \(String(format: "%.3f", result.virtualSeconds)) s)\n")
            if !result.passed || !result.warnings.isEmpty { allPassed = false }
            if let path = trace, let json = result.zipkinJSON {
                let target = scenarios.count == 1 ? path : TraceFiles.path(path, for: s.name)
                try Support.write("the trace", to: target) { try json.write(toFile: target, atomically: true, encoding: .utf8) }
                if !o.quiet { printOut("resortsim: \(result.tracesKept) trace(s) written to \(target)\n") }
            }
            if let dir = report {
                let target = scenarios.count == 1 ? dir : dir + "/" + s.name
                try Support.write("the report", to: target) { try Support.writeReport(result, to: target) }
            }
        }
        return allPassed ? 0 : 1
    }
}
