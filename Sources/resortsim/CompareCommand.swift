import Foundation
import Scenario
import Report
import SimCore

let compareUsage = """
OVERVIEW: Compare values of scenario parameters (a breaker timeout, say): every combination
of values and every seed is an independent run; runs go side by side on every core.

USAGE: resortsim compare FILE --vary NAME=V1,V2,... [--vary NAME=V1,V2,...]... [--seeds N] [--seed N]
                         [--set NAME=VALUE]... [--params FILE] [--report DIR] [--shard K/N]
       resortsim compare --merge DIR... [--report DIR]

OPTIONS:
  --vary NAME=V1,V2,...   A 'param' to vary and its values, as written in the scenario (610ms).
                          Several give one row per combination, the first varying slowest.
  --seeds N               Seeds per combination (default: 5); the availability interval needs 2 or more.
  --seed N                The first seed (default: the file's 'seed' line, else 1).
  --set NAME=VALUE        Override another parameter (repeatable).
  --params FILE           Settings for every service, before the scenario's config (calibrate writes it).
  --report DIR            Write compare.csv and compare.svg (availability and p99 against the values).
  --shard K/N             Run only the K-th of N deterministic slices of the runs and write them
                          to --report DIR as compare-part-K-of-N.json (for a Kubernetes Indexed
                          Job, a CI matrix or a Slurm array; see docs/SHARDING.md).
  --merge DIR...          Put the shards found in these directories together: the same table,
                          compare.csv and compare.svg as one unsharded run, byte for byte.
  --max-events N          Stop each run after N simulated events.
  -h, --help              Show this help.

The figures are those of the scenario's last siege or load command. Runs of one seed share
its random numbers across the rows (each stream serves one purpose), so rows differ by the
varied values' own effects.
"""

func compareCommand(_ argv: [String]) -> Never {
    let a: Arguments
    do { a = try Arguments.parse(argv, command: "compare", allowed: Arguments.compareOptions, usage: compareUsage) } catch let e as UsageError { fail(e) } catch { fail(UsageError(message: "\(error)", usage: compareUsage)) }
    if a.help { printOut(compareUsage + "\n"); fflush(stdout); exit(0) }
    if a.merge { mergeCommand(a) }
    guard a.files.count == 1 else { fail(UsageError(message: a.files.isEmpty ? "no scenario file given" : "compare takes one scenario file", usage: compareUsage)) }
    guard !a.varies.isEmpty else { fail(UsageError(message: "compare needs --vary NAME=V1,V2,...", usage: compareUsage)) }
    if a.shard != nil && a.report == nil { fail(UsageError(message: "--shard needs --report DIR (where its partial results go)", usage: compareUsage)) }
    let names = a.varies.map { $0.name }
    let combinations = Sweep.combinations(a.varies)
    let scenarios: [Scenario]
    switch Sweep.scenarios(file: a.files[0], parameters: names, combinations: combinations, overrides: a.sets) {
    case .success(let s): scenarios = s
    case .failure(let e):
        fputs(e.diagnostics.map { $0.description + "\n" }.joined(), stderr)
        exit(2)
    }
    var options = RunOptions()
    options.version = resortsimVersion
    options.params = loadParams(a.params, usage: compareUsage)
    if let m = a.maxEvents { options.maxEvents = m }
    let (k, n) = a.shard ?? (1, 1)
    let jobs = Sweep.jobs(combinations: combinations.count, seeds: a.seeds, shard: k, of: n)
    let tty = isatty(2) == 1
    let progressLock = NSLock()
    let grid = a.varies.map { "\($0.name) over \($0.values.count) values" }.joined(separator: " x ")
    let shardNote = a.shard.map { ", shard \($0.k) of \($0.n): \(jobs.count) runs" } ?? ""
    printOut("compare \(scenarios[0].name): \(grid) x \(a.seeds) seed(s) = \(combinations.count * a.seeds) runs\(shardNote), \(ProcessInfo.processInfo.activeProcessorCount) at a time\n\n")
    fflush(stdout)
    let outcomes = Sweep.run(scenarios, jobs: jobs, baseSeed: a.seed, options: options) { done, all in
        guard tty else { return }
        progressLock.lock()
        fputs("\rcompare: \(done)/\(all) runs" + (done == all ? "\r                          \r" : ""), stderr)
        progressLock.unlock()
    }
    if let s = a.shard, let dir = a.report {
        let fingerprint = "version \(resortsimVersion); set " + a.sets.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            + "; params " + options.params.map { "\($0.0)=\($0.1)" }.joined(separator: " ") + "; max-events \(options.maxEvents)"
        let part = ComparePartial(scenario: scenarios[0].name, parameters: names, combinations: combinations, seeds: a.seeds,
                                  baseSeed: a.seed, shard: s.k, shards: s.n, fingerprint: fingerprint, outcomes: outcomes)
        let path = dir + "/" + ComparePartial.fileName(shard: s.k, of: s.n)
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try part.encode().write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            fputs("resortsim: error: cannot write \(path): \(error.localizedDescription)\n", stderr)
            exit(2)
        }
        printOut("wrote \(path) (\(outcomes.count) runs); merge the \(s.n) shards with: resortsim compare --merge DIR...\n")
        fflush(stdout)
        exit(outcomes.contains { $0.problem != nil } ? 1 : 0)
    }
    finishCompare(name: scenarios[0].name, parameters: names, combinations: combinations, seeds: a.seeds, outcomes: outcomes, report: a.report)
}

/// `compare --merge DIR...`: every `compare-part-*.json` in the directories, as one run.
func mergeCommand(_ a: Arguments) -> Never {
    guard !a.files.isEmpty else { fail(UsageError(message: "--merge needs the directories the shards wrote", usage: compareUsage)) }
    var parts: [ComparePartial] = []
    for dir in a.files {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix("compare-part-") && $0.hasSuffix(".json") }.sorted()
        for f in names {
            let path = dir + "/" + f
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fail(UsageError(message: "cannot read \(path)", usage: compareUsage)) }
            do { parts.append(try ComparePartial(json: text)) } catch let p as ComparePartial.Problem {
                fail(UsageError(message: "\(path): \(p.message)", usage: compareUsage))
            } catch { fail(UsageError(message: "\(path): \(error)", usage: compareUsage)) }
        }
    }
    guard !parts.isEmpty else { fail(UsageError(message: "no compare-part-*.json in \(a.files.joined(separator: " "))", usage: compareUsage)) }
    let merged: ComparePartial
    do { merged = try ComparePartial.merge(parts) } catch let p as ComparePartial.Problem {
        fail(UsageError(message: p.message, usage: compareUsage))
    } catch { fail(UsageError(message: "\(error)", usage: compareUsage)) }
    printOut("compare \(merged.scenario): merged \(merged.shards) shard(s), \(merged.outcomes.count) runs\n\n")
    finishCompare(name: merged.scenario, parameters: merged.parameters, combinations: merged.combinations, seeds: merged.seeds,
                  outcomes: merged.outcomes, report: a.report ?? a.files[0])
}

/// The table on stdout, and compare.csv and compare.svg in `report`.
func finishCompare(name: String, parameters: [String], combinations: [[String]], seeds: Int, outcomes: [Sweep.Outcome], report: String?) -> Never {
    let rows = Sweep.rows(combinations, outcomes)
    printOut(CompareTable.render(rows, parameters: parameters, seeds: seeds))
    let label = parameters.joined(separator: ", ")
    for r in rows where !r.problems.isEmpty {
        printOut("resortsim: \(zip(parameters, r.values).map { "\($0)=\($1)" }.joined(separator: " ")): \(r.problems.count) run(s) with a problem: \(r.problems[0])\n")
    }
    if let dir = report {
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try CompareTable.csv(rows, parameters: parameters).write(toFile: dir + "/compare.csv", atomically: true, encoding: .utf8)
            try CompareTable.svg(rows, parameter: label, title: "\(name): availability and p99 by \(label)")
                .write(toFile: dir + "/compare.svg", atomically: true, encoding: .utf8)
        } catch {
            fputs("resortsim: error: cannot write the report to \(dir): \(error.localizedDescription)\n", stderr)
            exit(2)
        }
    }
    fflush(stdout)
    exit(rows.contains { !$0.problems.isEmpty } ? 1 : 0)
}
