import Foundation
import SimCore
import Report

/// `resortsim compare`: one run per (value, seed), independent runs side by side on every
/// core, each in its own model (nothing is shared between runs).
public enum Sweep {
    /// Parses the scenario once per value (each must be valid) and returns them.
    public static func scenarios(file: String, parameter: String, values: [String], overrides: [String: String]) -> Result<[Scenario], ScenarioErrors> {
        var out: [Scenario] = []
        var errors: [Diagnostic] = []
        for v in values {
            var o = overrides
            o[parameter] = v
            switch Parser.parse(file: file, overrides: o) {
            case .success(let s): out.append(s)
            case .failure(let e): errors += e.diagnostics.filter { d in !errors.contains(d) }
            }
        }
        return errors.isEmpty ? .success(out) : .failure(ScenarioErrors(diagnostics: errors))
    }

    /// Runs every scenario with `seeds` seeds from `baseSeed`; `progress(done, total)` is
    /// called after each run (from whichever thread finished it).
    public static func run(_ scenarios: [Scenario], values: [String], seeds: Int, baseSeed: UInt64?,
                           options: RunOptions, progress: @escaping (Int, Int) -> Void) -> [CompareRow] {
        let total = scenarios.count * seeds
        final class Box: @unchecked Sendable {
            let lock = NSLock()
            var results: [(Int, Int, LoadFigures?, String?)] = []
            var done = 0
        }
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: total) { k in
            let i = k / seeds, j = k % seeds
            var o = options
            o.quiet = true
            o.seed = (baseSeed ?? scenarios[i].seed ?? Runner.defaultSeed) &+ UInt64(j)
            let result = Runner(scenario: scenarios[i], options: o, output: { _ in }).run()
            let problem = result.warnings.first ?? (result.loads.isEmpty ? "the scenario has no siege or load command" : nil)
            box.lock.lock()
            box.results.append((i, j, result.loads.last, problem))
            box.done += 1
            let d = box.done
            box.lock.unlock()
            progress(d, total)
        }
        var rows = values.map { CompareRow(value: $0) }
        for (i, _, figures, problem) in box.results.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
            if let f = figures { rows[i].runs.append(f) }
            if let p = problem { rows[i].problems.append(p) }
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
