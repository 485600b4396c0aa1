import Foundation
import Scenario
import Report
import SimCore
import Formats
import Infrastructure

/// resortsim: run scenario files of the resort reservation system on a virtual clock.
setvbuf(stdout, nil, _IOFBF, 1 << 16)

let rootUsage = """
OVERVIEW: Deterministic simulator and load tester for the resort reservation microservices.

USAGE: resortsim <command> [options]

COMMANDS:
  run FILE...         Run scenarios; print what http and siege print, then each expectation.
  validate FILE...    Check scenarios without running them.
  check [DIR|FILE...] Run scenarios (default: scenarios/), hold every expectation and compare
                      each load's availability, rate and p99 with reports/baselines.
  calibrate FILE --observed SIEGE_OUTPUT --out PARAMS
                      Fit the model's unknown costs to a real siege run.
  chaos FILE --schedules N
                      Try random fault schedules on a scenario and write minimal ones
                      for every invariant that breaks.
  trace OUT.json      Show a trace file of 'run --trace': one request's spans, and where
                      the time of every request went.
  compare FILE --vary NAME=V1,V2,...
                      Run a scenario for each value of a parameter (and several seeds) and
                      print one row per value: availability, rate, response times, breaker.

OPTIONS:
  --version           Print the version.
  -h, --help          Show help (also: resortsim <command> --help).

Exit status: 0 every expectation held, 1 one failed, 2 invalid scenario or command line.
"""

let runUsage = """
OVERVIEW: Run scenarios on the simulated system.

USAGE: resortsim run FILE... [--seed N] [--set NAME=VALUE]... [--report DIR] [--quiet]
                     [--trace OUT.json [--trace-sample RATE | --trace-failed | --trace-slowest N]]

OPTIONS:
  --seed N            Random seed (default: the file's 'seed' line, else 1).
  --set NAME=VALUE    Override a 'param' declared in the scenario (repeatable).
  --params FILE       Settings for every service, before the scenario's config (calibrate writes it).
  --report DIR        Write report.json, timeline.csv, junit.xml, report.html and events.jsonl
                      to DIR (DIR/NAME/ for several files).
  --quiet, -q         Print only failed expectations and the closing line.
  --max-events N      Stop a run after N simulated events (default: 2000000000).
  --trace OUT.json    Write Zipkin v2 spans, one trace per client request (OUT-NAME.json for
                      several files); read it with 'resortsim trace OUT.json'.
  --trace-sample RATE Keep that share of the traces (0 < RATE <= 1; deterministic).
  --trace-failed      Keep only the traces of failed requests.
  --trace-slowest N   Keep the N slowest traces.
  -h, --help          Show this help.
"""

let checkUsage = """
OVERVIEW: The CI gate: run every scenario, hold every expectation, and compare each load's
availability, transaction rate and p99 with its committed baseline.

USAGE: resortsim check [DIR|FILE...] [--baselines DIR] [--params FILE] [--report DIR] [--update-baselines]

OPTIONS:
  --baselines DIR       Where the baselines are (default: reports/baselines).
  --params FILE         Settings for every service, before each scenario's config.
  --report DIR          Write each scenario's reports to DIR/NAME/ and every expectation to DIR/junit.xml.
  --update-baselines    Rewrite the baselines from this run; tolerances from 3 reruns with other seeds.
  -h, --help            Show this help.

Exit status: 0 all held, 1 an expectation failed or a figure regressed, 2 invalid input.
"""

let validateUsage = """
OVERVIEW: Check scenarios: every problem is listed as FILE:LINE:COLUMN: error: ...

USAGE: resortsim validate FILE...
"""

func fail(_ e: UsageError) -> Never {
    fflush(stdout)
    FileHandle.standardError.write(("resortsim: error: \(e.message)\n\n" + e.usage + "\n").data(using: .utf8)!)
    exit(2)
}

func printOut(_ s: String) { fputs(s, stdout) }

func parseAll(_ files: [String], _ sets: [String: String], usage: String) -> [Scenario] {
    guard !files.isEmpty else { fail(UsageError(message: "no scenario file given", usage: usage)) }
    var scenarios: [Scenario] = []
    var errors: [Diagnostic] = []
    for f in files {
        switch Parser.parse(file: f, overrides: sets) {
        case .success(let s): scenarios.append(s)
        case .failure(let e): errors += e.diagnostics
        }
    }
    if !errors.isEmpty {
        FileHandle.standardError.write(errors.map { $0.description + "\n" }.joined().data(using: .utf8)!)
        exit(2)
    }
    return scenarios
}

func writeReport(_ result: RunResult, to dir: String) throws {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try JSONReport.render(result).write(toFile: dir + "/report.json", atomically: true, encoding: .utf8)
    try JSONReport.eventsJSONL(result.events).write(toFile: dir + "/events.jsonl", atomically: true, encoding: .utf8)
    try TimelineCSV.render(result).write(toFile: dir + "/timeline.csv", atomically: true, encoding: .utf8)
    try JUnitXML.render([result]).write(toFile: dir + "/junit.xml", atomically: true, encoding: .utf8)
    try HTMLReport.render(result).write(toFile: dir + "/report.html", atomically: true, encoding: .utf8)
}

var argv = Array(CommandLine.arguments.dropFirst())
guard let command = argv.first else { fputs(rootUsage + "\n", stderr); exit(2) }
argv.removeFirst()

switch command {
case "--version", "-V":
    printOut("resortsim \(resortsimVersion)\n")
    fflush(stdout)
    exit(0)
case "--help", "-h", "help":
    printOut(rootUsage + "\n")
    fflush(stdout)
    exit(0)
case "trace":
    traceCommand(argv)
case "calibrate":
    calibrateCommand(argv)
case "chaos":
    chaosCommand(argv)
case "validate":
    let a: Arguments
    do { a = try Arguments.parse(argv, command: "validate", allowed: ["--help"], usage: validateUsage) } catch let e as UsageError { fail(e) }
    if a.help { printOut(validateUsage + "\n"); fflush(stdout); exit(0) }
    let scenarios = parseAll(a.files, [:], usage: validateUsage)
    for s in scenarios { printOut("\(s.file): ok (\(s.commands.count) commands)\n") }
    fflush(stdout)
    exit(0)
case "run":
    let a: Arguments
    do { a = try Arguments.parse(argv, command: "run", allowed: Arguments.runOptions, usage: runUsage) } catch let e as UsageError { fail(e) }
    if a.help { printOut(runUsage + "\n"); fflush(stdout); exit(0) }
    let scenarios = parseAll(a.files, a.sets, usage: runUsage)
    var allPassed = true
    for s in scenarios {
        var options = RunOptions()
        options.seed = a.seed
        options.quiet = a.quiet
        options.retainLog = a.report != nil
        options.version = resortsimVersion
        options.params = loadParams(a.params, usage: runUsage)
        if a.trace != nil { options.trace = a.traceFilter ?? .sample(1) }
        if let m = a.maxEvents { options.maxEvents = m }
        if isatty(2) == 1 {
            let name = s.name
            options.progress = { t in fputs("\r\(name): \(Int(t)) s of virtual time", stderr) }
        }
        if !a.quiet { printOut("=== \(s.file)\n\n") }
        let result = Runner(scenario: s, options: options, output: printOut).run()
        if isatty(2) == 1 { fputs("\r\u{1B}[K", stderr) }
        let failed = result.expectations.filter { !$0.passed }.count
        printOut("resortsim: \(s.name): \(result.expectations.count) expectations, \(result.expectations.count - failed) passed, \(failed) failed (seed \(result.seed), virtual time \(String(format: "%.3f", result.virtualSeconds)) s)\n")
        if !result.passed || !result.warnings.isEmpty { allPassed = false }
        if let path = a.trace, let json = result.zipkinJSON {
            let target = scenarios.count == 1 ? path : TraceFiles.path(path, for: s.name)
            do { try json.write(toFile: target, atomically: true, encoding: .utf8) } catch {
                FileHandle.standardError.write("resortsim: error: cannot write the trace to \(target): \(error.localizedDescription)\n".data(using: .utf8)!)
                exit(2)
            }
            if !a.quiet { printOut("resortsim: \(result.tracesKept) trace(s) written to \(target)\n") }
        }
        if let dir = a.report {
            let target = scenarios.count == 1 ? dir : dir + "/" + s.name
            do { try writeReport(result, to: target) } catch {
                FileHandle.standardError.write("resortsim: error: cannot write the report to \(target): \(error.localizedDescription)\n".data(using: .utf8)!)
                exit(2)
            }
        }
    }
    fflush(stdout)
    exit(allPassed ? 0 : 1)
case "check":
    let a: Arguments
    do { a = try Arguments.parse(argv, command: "check", allowed: ["--baselines", "--params", "--report", "--update-baselines", "--help"], usage: checkUsage) } catch let e as UsageError { fail(e) }
    if a.help { printOut(checkUsage + "\n"); fflush(stdout); exit(0) }
    var files: [String] = []
    for target in a.files.isEmpty ? ["scenarios"] : a.files {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDir), isDir.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
            files += names.filter { $0.hasSuffix(".scenario") }.sorted().map { target + "/" + $0 }
        } else { files.append(target) }
    }
    guard !files.isEmpty else { fail(UsageError(message: "no .scenario file found in \(a.files.joined(separator: " "))", usage: checkUsage)) }
    let scenarios = parseAll(files, [:], usage: checkUsage)
    let baselineDir = a.baselines ?? "reports/baselines"
    var options = RunOptions()
    options.version = resortsimVersion
    options.params = loadParams(a.params, usage: checkUsage)
    let tty = isatty(2) == 1
    let progressLock = NSLock()
    let (results, reruns) = Check.run(scenarios, reruns: a.updateBaselines ? 3 : 0, options: options) { done, all in
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
    var regressions = 0
    if a.updateBaselines {
        do { try FileManager.default.createDirectory(atPath: baselineDir, withIntermediateDirectories: true) } catch {
            fputs("resortsim: error: cannot create \(baselineDir)\n", stderr); exit(2)
        }
        for (r, extra) in zip(results, reruns) where !r.loads.isEmpty {
            let loads = r.loads.enumerated().map { i, f -> Baseline.Load in
                let t = Baseline.tolerance(base: f, reruns: extra.compactMap { $0.loads.count > i ? $0.loads[i] : nil })
                return Baseline.Load(line: f.line, command: f.command, availability: f.availability, transactionRate: f.transactionRate,
                                     p99: f.percentile(0.99), tolerance: (t.0, t.1, t.2))
            }
            let path = baselineDir + "/" + r.scenario + ".json"
            do { try Baseline(scenario: r.scenario, seed: r.seed, version: r.version, loads: loads).json().write(toFile: path, atomically: true, encoding: .utf8) }
            catch { fputs("resortsim: error: cannot write \(path)\n", stderr); exit(2) }
            printOut("wrote \(path)\n")
        }
    } else {
        var verdicts: [BaselineVerdict] = []
        for r in results {
            let path = baselineDir + "/" + r.scenario + ".json"
            var baseline: Baseline? = nil
            if let data = FileManager.default.contents(atPath: path) {
                do { baseline = try Baseline.parse(String(decoding: data, as: UTF8.self)) } catch {
                    fputs("\(path):1:1: error: \((error as? ValueError)?.message ?? "not a baseline file") (rewrite it with --update-baselines)\n", stderr)
                    exit(2)
                }
            }
            verdicts += BaselineVerdict.compare(r, baseline)
        }
        if !verdicts.isEmpty { printOut("\n" + BaselineVerdict.table(verdicts)) }
        regressions = verdicts.filter { $0.regression }.count
    }
    if let dir = a.report {
        do {
            for r in results { try writeReport(r, to: dir + "/" + r.scenario) }
            try JUnitXML.render(results).write(toFile: dir + "/junit.xml", atomically: true, encoding: .utf8)
        } catch {
            fputs("resortsim: error: cannot write the report to \(dir): \(error.localizedDescription)\n", stderr)
            exit(2)
        }
    }
    printOut("\nresortsim check: \(results.count) scenarios, \(failedExpectations) failed expectation(s), \(regressions) regression(s)\n")
    fflush(stdout)
    exit(failedExpectations + regressions > 0 ? 1 : 0)
case "compare":
    compareCommand(argv)
default:
    let commands = ["run", "validate", "compare", "check"]
    let near = commands.first { Arguments.distance($0, command) <= 2 }
    fail(UsageError(message: "unknown command '\(command)'" + (near.map { " (did you mean '\($0)'?)" } ?? " (expected run, validate, compare or check)"), usage: rootUsage))
}
