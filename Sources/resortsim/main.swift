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
  --report DIR        Write report.json and events.jsonl to DIR (DIR/NAME/ for several files).
  --quiet, -q         Print only failed expectations and the closing line.
  --max-events N      Stop a run after N simulated events (default: 2000000000).
  -h, --help          Show this help.
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
default:
    let commands = ["run", "validate"]
    let near = commands.first { Arguments.distance($0, command) <= 2 }
    fail(UsageError(message: "unknown command '\(command)'" + (near.map { " (did you mean '\($0)'?)" } ?? " (expected run or validate)"), usage: rootUsage))
}
