import Foundation
import SimCore
import Report

/// `resortsim compare`: one run per (combination of values, seed), independent runs side
/// by side on every core, each in its own model (nothing is shared between runs).
public enum Sweep {
    /// Every combination of the varied values, the first parameter varying slowest.
    public static func combinations(_ parameters: [(name: String, values: [String])]) -> [[String]] {
        var out: [[String]] = [[]]
        for p in parameters { out = out.flatMap { prefix in p.values.map { prefix + [$0] } } }
        return out
    }

    /// Parses the scenario once per combination (each must be valid) and returns them.
    public static func scenarios(file: String, parameters: [String], combinations: [[String]], overrides: [String: String],
                                 maxRequests: Int = Parser.defaultMaxRequests) -> Result<[Scenario], ScenarioErrors> {
        var out: [Scenario] = []
        var errors: [Diagnostic] = []
        for combo in combinations {
            var o = overrides
            for (name, v) in zip(parameters, combo) { o[name] = v }
            switch Parser.parse(file: file, overrides: o, maxRequests: maxRequests) {
            case .success(let s): out.append(s)
            case .failure(let e): errors += e.diagnostics.filter { d in !errors.contains(d) }
            }
        }
        return errors.isEmpty ? .success(out) : .failure(ScenarioErrors(diagnostics: errors))
    }

    /// One run's outcome: its combination and seed (indexes), and its figures or problem.
    public typealias Outcome = ComparePartial.Outcome

    /// The runs of shard `shard` (1-based) of `shards`: job k = combination × seeds + seed
    /// belongs to shard k mod shards + 1, so every shard gets a share of every combination.
    public static func jobs(combinations: Int, seeds: Int, shard: Int = 1, of shards: Int = 1) -> [(Int, Int)] {
        (0..<(combinations * seeds)).map { ($0 / seeds, $0 % seeds) }
            .filter { ComparePartial.shard(combination: $0.0, seed: $0.1, seeds: seeds, shards: shards) == shard }
    }

    /// Runs the given (combination, seed) jobs; seeds count from `baseSeed` (else each
    /// scenario's own). `progress(done, total)` after each run, from whichever thread.
    public static func run(_ scenarios: [Scenario], jobs: [(Int, Int)], baseSeed: UInt64?,
                           options: RunOptions, progress: @escaping (Int, Int) -> Void) -> [Outcome] {
        final class Box: @unchecked Sendable {
            let lock = NSLock()
            var results: [Outcome] = []
        }
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: jobs.count) { k in
            let (i, j) = jobs[k]
            var o = options
            o.quiet = true
            o.seed = (baseSeed ?? scenarios[i].seed ?? Runner.defaultSeed) &+ UInt64(j)
            let result = Runner(scenario: scenarios[i], options: o, output: { _ in }).run()
            let problem = result.warnings.first ?? (result.loads.isEmpty ? "the scenario has no siege or load command" : nil)
            let outcome = Outcome(combination: i, seed: j, summary: result.loads.last.map(RunSummary.init), problem: problem)
            box.lock.lock()
            box.results.append(outcome)
            let d = box.results.count
            box.lock.unlock()
            progress(d, jobs.count)
        }
        return box.results.sorted { ($0.combination, $0.seed) < ($1.combination, $1.seed) }
    }

    /// The table's rows from every run's outcome, in combination then seed order.
    public static func rows(_ combinations: [[String]], _ outcomes: [Outcome]) -> [CompareRow] {
        var rows = combinations.map { CompareRow(values: $0) }
        for o in outcomes.sorted(by: { ($0.combination, $0.seed) < ($1.combination, $1.seed) }) {
            if let f = o.summary { rows[o.combination].runs.append(f) }
            if let p = o.problem { rows[o.combination].problems.append(p) }
        }
        return rows
    }
}

/// `resortsim check`: every scenario run once with its own seed, side by side on every core;
/// with `reruns`, each scenario with loads also runs with the next seeds (for tolerances).
public enum Check {
    public static func run(_ scenarios: [Scenario], reruns: Int, options: RunOptions,
                           progress: @escaping (Int, Int) -> Void) -> (results: [RunResult], reruns: [[RunResult]]) {
        let jobs: [(Int, Int)] = scenarios.indices.flatMap { i -> [(Int, Int)] in
            let hasLoad = scenarios[i].commands.contains { c in
                switch c.command { case .siege, .load: return true; default: return false }
            }
            return (0...(hasLoad ? reruns : 0)).map { (i, $0) }
        }
        final class Box: @unchecked Sendable {
            let lock = NSLock()
            var results: [(Int, Int, RunResult)] = []
        }
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: jobs.count) { k in
            let (i, j) = jobs[k]
            var o = options
            o.quiet = true
            o.retainLog = true
            o.seed = (scenarios[i].seed ?? Runner.defaultSeed) &+ UInt64(j)
            let r = Runner(scenario: scenarios[i], options: o, output: { _ in }).run()
            box.lock.lock()
            box.results.append((i, j, r))
            let done = box.results.count
            box.lock.unlock()
            progress(done, jobs.count)
        }
        let sorted = box.results.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        let main = scenarios.indices.map { i in sorted.first { $0.0 == i && $0.1 == 0 }!.2 }
        let extra = scenarios.indices.map { i in sorted.filter { $0.0 == i && $0.1 > 0 }.map { $0.2 } }
        return (main, extra)
    }
}
