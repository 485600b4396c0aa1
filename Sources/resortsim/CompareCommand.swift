import Foundation
import Formats
import Scenario
import Report

/// `resortsim compare FILE --vary NAME=V1,V2,...`: a grid of runs side by side (without
/// `--vary`, the scenario as written over the seeds); or `compare --merge DIR...`: the
/// shards of one.
struct CompareCommand: Command {
    static let defaultSeeds = 5

    static let configuration = CommandConfiguration(
        name: "compare",
        abstract: "Run a scenario for each value of a parameter (and several seeds) and print one row per value: availability, rate, response times, breaker.",
        overview: "Compare values of scenario parameters (a breaker timeout, say): every combination of values "
            + "and every seed is an independent run; runs go side by side on every core. Without --vary, one row: "
            + "the scenario as written, over the seeds.",
        arguments: [("FILE", "The scenario (with --merge: the directories the shards wrote).")],
        otherUsage: ["--merge DIR... [--report DIR]"],
        discussion: "The figures are those of the scenario's last siege or load command. Runs of one seed share "
            + "its random numbers across the rows (each stream serves one purpose), so rows differ by the "
            + "varied values' own effects. When a pod stopped during the load in any run (a rollout's old pod), "
            + "a column counts the runs in which one did.\n\nExit status: 0 every run gave figures, 1 a run had a problem "
            + "(listed under the table), 2 invalid input.",
        options: [
            Option.maxRequests,
            Option(name: "--vary", kind: .assignmentList, valueName: "NAME=V1,V2,...",
                   help: "A 'param' to vary and its values, as written in the scenario (610ms); several give one row per combination, the first varying slowest; none: one row, the scenario as written",
                   repeatable: true),
            Option(name: "--seeds", kind: .integer(1...1000), valueName: "N", defaultValue: .integer(defaultSeeds),
                   help: "Seeds per combination; the availability interval needs 2 or more"),
            Option(name: "--seed", kind: .unsigned(0...UInt64.max), valueName: "N",
                   defaultNote: "the file's 'seed' line, else \(Runner.defaultSeed)", help: "The first seed"),
            Option(name: "--set", kind: .assignment, valueName: "NAME=VALUE", help: "Override another parameter", repeatable: true),
            Option(name: "--params", kind: .path(.inputFile), valueName: "FILE",
                   help: "Settings for every service, before the scenario's config (calibrate writes it)"),
            Option(name: "--report", kind: .path(.outputDirectory), valueName: "DIR",
                   help: "Write compare.csv and compare.svg (availability and p99 against the values; without --vary, compare.csv only)"),
            Option(name: "--shard", kind: .shard(max: 10_000), valueName: "K/N",
                   help: "Run only the K-th of N deterministic slices of the runs and write them to --report DIR as compare-part-K-of-N.json (for a Kubernetes Indexed Job, a CI matrix or a Slurm array; see docs/SHARDING.md)",
                   requires: ("--report", "where its partial results go")),
            Option(name: "--merge", kind: .flag,
                   help: "Put the shards found in the directories together: the same table, compare.csv and compare.svg as one unsharded run, byte for byte"),
            Option(name: "--max-events", kind: .unsigned(1...UInt64.max), valueName: "N",
                   defaultValue: .unsigned(RunOptions().maxEvents), help: "Stop each run after N simulated events"),
        ])

    /// What a merge takes from the shards themselves.
    static let notWithMerge = ["--vary", "--seeds", "--seed", "--set", "--params", "--shard", "--max-events", "--max-requests"]

    let positionals: [String]
    let merge: Bool
    let varies: [(name: String, values: [String])]
    let seeds: Int
    let seed: UInt64?
    let sets: [(name: String, value: String)]
    let params: String?
    let report: String?
    let shard: (k: Int, n: Int)?
    let maxEvents: UInt64
    let maxRequests: Int

    init(_ p: ParsedOptions) throws {
        maxRequests = p.integer("--max-requests") ?? Parser.defaultMaxRequests
        positionals = p.positionals
        merge = p.flag("--merge")
        varies = p.assignmentLists("--vary")
        seeds = p.integer("--seeds") ?? Self.defaultSeeds
        seed = p.unsigned("--seed")
        sets = p.assignments("--set")
        params = p.text("--params")
        report = p.text("--report")
        shard = p.shard("--shard")
        maxEvents = p.unsigned("--max-events") ?? RunOptions().maxEvents
        if merge {
            if let o = Self.notWithMerge.first(where: { p.isGiven($0) }) {
                throw UsageError("\(o) does not go with --merge (a merge takes everything from the shards; give it the directories and --report)")
            }
            guard !positionals.isEmpty else { throw UsageError("--merge needs the directories the shards wrote") }
        }
    }

    func run() throws -> Int32 {
        if merge { return try CompareMerge(directories: positionals, report: report).run() }
        let file = try Support.oneFile(positionals)
        try checkParameters(file)
        let names = varies.map { $0.name }
        let combinations = Sweep.combinations(varies)
        let overrides = Support.overrides(sets)
        let scenarios: [Scenario]
        switch Sweep.scenarios(file: file, parameters: names, combinations: combinations, overrides: overrides, maxRequests: maxRequests) {
        case .success(let s): scenarios = s
        case .failure(let e): throw ScenarioProblems(lines: e.diagnostics.map { $0.description })
        }
        guard Calibration.hasLoad(scenarios[0]) else {
            throw UsageError("\(file): the scenario has no siege or load command, so its runs measure nothing to compare")
        }
        var options = RunOptions()
        options.version = resortsimVersion
        options.params = try Support.params(params)
        options.maxEvents = maxEvents
        let (k, n) = shard ?? (1, 1)
        let jobs = Sweep.jobs(combinations: combinations.count, seeds: seeds, shard: k, of: n)
        let tty = isatty(2) == 1
        let progressLock = NSLock()
        let grid = varies.isEmpty ? "" : varies.map { "\($0.name) over \($0.values.count) values" }.joined(separator: " x ") + " x "
        let shardNote = shard.map { ", shard \($0.k) of \($0.n): \(jobs.count) runs" } ?? ""
        printOut("compare \(scenarios[0].name): \(grid)\(seeds) seed(s) = \(combinations.count * seeds) runs\(shardNote), \(ProcessInfo.processInfo.activeProcessorCount) at a time\n\n")
        fflush(stdout)
        let outcomes = Sweep.run(scenarios, jobs: jobs, baseSeed: seed, options: options) { done, all in
            guard tty else { return }
            progressLock.lock()
            fputs("\rcompare: \(done)/\(all) runs" + (done == all ? "\r                          \r" : ""), stderr)
            progressLock.unlock()
        }
        if let s = shard, let dir = report {
            let fingerprint = "version \(resortsimVersion); set " + overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                + "; params " + options.params.map { "\($0.0)=\($0.1)" }.joined(separator: " ") + "; max-events \(options.maxEvents)"
            let part = ComparePartial(scenario: scenarios[0].name, parameters: names, combinations: combinations, seeds: seeds,
                                      baseSeed: seed, shard: s.k, shards: s.n, fingerprint: fingerprint, outcomes: outcomes)
            let path = dir + "/" + ComparePartial.fileName(shard: s.k, of: s.n)
            try Support.write("the shard's runs", to: path) {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                try part.encode().write(toFile: path, atomically: true, encoding: .utf8)
            }
            printOut("wrote \(path) (\(outcomes.count) runs); merge the \(s.n) shards with: resortsim compare --merge DIR...\n")
            return outcomes.contains { $0.problem != nil } ? 1 : 0
        }
        return try CompareMerge.finish(name: scenarios[0].name, parameters: names, combinations: combinations, seeds: seeds,
                                       outcomes: outcomes, report: report)
    }

    /// Every --vary and --set names a parameter the scenario declares.
    func checkParameters(_ file: String) throws {
        if let name = sets.map({ $0.name }).first(where: { n in varies.contains { $0.name == n } }) {
            throw UsageError("--set \(name)=... and --vary \(name)=...: a parameter is either varied or set, not both")
        }
        guard case .success(let s) = Parser.parse(file: file) else { return }  // its own errors come with the sweep's
        let declared = s.params.map { $0.0 }
        for (option, name) in varies.map({ ("--vary", $0.name) }) + sets.map({ ("--set", $0.name) }) where !declared.contains(name) {
            let list = declared.isEmpty ? "it declares none; add: param \(name) = VALUE" : "it declares: " + declared.joined(separator: ", ")
            let near = DidYouMean.closest(name, among: declared).map { "did you mean '\($0)'? " } ?? ""
            throw UsageError("\(option) \(name)=...: \(file) declares no parameter '\(name)' (\(near)\(list))")
        }
    }
}
