import Foundation
import Scenario
import Report

/// resortsim: run scenario files of the resort reservation system on a virtual clock.
setvbuf(stdout, nil, _IOFBF, 1 << 16)

let rootUsage = """
OVERVIEW: Deterministic simulator and load tester for the resort reservation microservices.

USAGE: resortsim <command> [options]

COMMANDS:
  run FILE...         Run scenarios; print what http and siege print, then each expectation.
  validate FILE...    Check scenarios without running them.
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

OPTIONS:
  --seed N            Random seed (default: the file's 'seed' line, else 1).
  --set NAME=VALUE    Override a 'param' declared in the scenario (repeatable).
  --report DIR        Write report.json, timeline.csv, junit.xml, report.html and events.jsonl
                      to DIR (DIR/NAME/ for several files).
  --quiet, -q         Print only failed expectations and the closing line.
  --max-events N      Stop a run after N simulated events (default: 2000000000).
  -h, --help          Show this help.
"""

let compareUsage = """
OVERVIEW: Compare values of a scenario parameter (a breaker timeout, say): every value and
seed is an independent run; runs go side by side on every core.

USAGE: resortsim compare FILE --vary NAME=V1,V2,... [--seeds N] [--seed N] [--set NAME=VALUE]... [--report DIR]

OPTIONS:
  --vary NAME=V1,V2,...   The 'param' to vary and its values, as written in the scenario (610ms).
  --seeds N               Seeds per value (default: 5); the availability interval needs 2 or more.
  --seed N                The first seed (default: the file's 'seed' line, else 1).
  --set NAME=VALUE        Override another parameter (repeatable).
  --report DIR            Write compare.csv and compare.svg (availability and p99 against the value).
  --max-events N          Stop each run after N simulated events.
  -h, --help              Show this help.

The figures are those of the scenario's last siege or load command.
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
        if let m = a.maxEvents { options.maxEvents = m }
        if !a.quiet { printOut("=== \(s.file)\n\n") }
        let result = Runner(scenario: s, options: options, output: printOut).run()
        let failed = result.expectations.filter { !$0.passed }.count
        printOut("resortsim: \(s.name): \(result.expectations.count) expectations, \(result.expectations.count - failed) passed, \(failed) failed (seed \(result.seed), virtual time \(String(format: "%.3f", result.virtualSeconds)) s)\n")
        if !result.passed || !result.warnings.isEmpty { allPassed = false }
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
case "compare":
    let a: Arguments
    do { a = try Arguments.parse(argv, command: "compare", allowed: Arguments.compareOptions, usage: compareUsage) } catch let e as UsageError { fail(e) }
    if a.help { printOut(compareUsage + "\n"); fflush(stdout); exit(0) }
    guard a.files.count == 1 else { fail(UsageError(message: a.files.isEmpty ? "no scenario file given" : "compare takes one scenario file", usage: compareUsage)) }
    guard let vary = a.vary else { fail(UsageError(message: "compare needs --vary NAME=V1,V2,...", usage: compareUsage)) }
    let scenarios: [Scenario]
    switch Sweep.scenarios(file: a.files[0], parameter: vary.name, values: vary.values, overrides: a.sets) {
    case .success(let s): scenarios = s
    case .failure(let e):
        fputs(e.diagnostics.map { $0.description + "\n" }.joined(), stderr)
        exit(2)
    }
    var options = RunOptions()
    options.version = resortsimVersion
    if let m = a.maxEvents { options.maxEvents = m }
    let total = scenarios.count * a.seeds
    let tty = isatty(2) == 1
    let progressLock = NSLock()
    printOut("compare \(scenarios[0].name): \(vary.name) over \(vary.values.count) values x \(a.seeds) seed(s) = \(total) runs, \(ProcessInfo.processInfo.activeProcessorCount) at a time\n\n")
    fflush(stdout)
    let rows = Sweep.run(scenarios, values: vary.values, seeds: a.seeds, baseSeed: a.seed, options: options) { done, all in
        guard tty else { return }
        progressLock.lock()
        fputs("\rcompare: \(done)/\(all) runs" + (done == all ? "\r                          \r" : ""), stderr)
        progressLock.unlock()
    }
    printOut(CompareTable.render(rows, parameter: vary.name, seeds: a.seeds))
    for r in rows where !r.problems.isEmpty {
        printOut("resortsim: \(vary.name)=\(r.value): \(r.problems.count) run(s) with a problem: \(r.problems[0])\n")
    }
    if let dir = a.report {
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try CompareTable.csv(rows, parameter: vary.name).write(toFile: dir + "/compare.csv", atomically: true, encoding: .utf8)
            try CompareTable.svg(rows, parameter: vary.name, title: "\(scenarios[0].name): availability and p99 by \(vary.name)")
                .write(toFile: dir + "/compare.svg", atomically: true, encoding: .utf8)
        } catch {
            fputs("resortsim: error: cannot write the report to \(dir): \(error.localizedDescription)\n", stderr)
            exit(2)
        }
    }
    fflush(stdout)
    exit(rows.contains { !$0.problems.isEmpty } ? 1 : 0)
default:
    let commands = ["run", "validate", "compare"]
    let near = commands.first { Arguments.distance($0, command) <= 2 }
    fail(UsageError(message: "unknown command '\(command)'" + (near.map { " (did you mean '\($0)'?)" } ?? " (expected run, validate or compare)"), usage: rootUsage))
}
