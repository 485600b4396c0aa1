import Foundation
import Scenario
import Report
import SimCore

let chaosUsage = """
OVERVIEW: Explore random fault schedules over a scenario's flow, check the system's
invariants after each, and write a minimal schedule for every invariant that breaks.

USAGE: resortsim chaos SCENARIO --schedules N [--seed S] [--faults LIST] [--report DIR]

OPTIONS:
  --schedules N     How many schedules to try (1 to 1000000).
  --seed S          Which schedules (default 1): the same seed gives the same schedules and output.
  --faults LIST     Kinds to draw from, comma-separated (default: all): kill, broker,
                    consumer-crash, partition, delay, slow-db, rollout.
  --report DIR      Where the minimal schedules go, as scenarios (DIR/NAME.scenario) that
                    'resortsim run' replays to the same failure (default: chaos-report).
  -h, --help        Show this help.

Each schedule is one to three faults at random times within the scenario's own duration;
after the flow every fault ends, 75 s pass, the system settles, and then the scenario's
expectations and 'expect consistent' are checked, with the simulator's own invariants.
Exit status: 0 nothing broke, 1 the system broke an invariant, 3 the simulator broke one
of its own (a defect of resortsim), 2 invalid input. See docs/CHAOS.md.
"""

func chaosCommand(_ args: [String]) -> Never {
    var file: String?, schedules: Int?, seed: UInt64 = 1, kinds = Chaos.kinds, dir = "chaos-report"
    var i = 0
    func value(_ flag: String) -> String {
        i += 1
        guard i < args.count else { fail(UsageError(message: "\(flag) needs a value", usage: chaosUsage)) }
        return args[i]
    }
    while i < args.count {
        let a = args[i]
        switch a {
        case "-h", "--help": printOut(chaosUsage + "\n"); fflush(stdout); exit(0)
        case "--schedules":
            let v = value(a)
            guard let n = Int(v), (1...1_000_000).contains(n) else { fail(UsageError(message: "--schedules needs a whole number from 1 to 1000000, not '\(v)'", usage: chaosUsage)) }
            schedules = n
        case "--seed":
            let v = value(a)
            guard let s = UInt64(v) else { fail(UsageError(message: "--seed needs a whole number, not '\(v)'", usage: chaosUsage)) }
            seed = s
        case "--faults":
            let v = value(a)
            let list = v.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            for k in list where !Chaos.kinds.contains(k) {
                let near = Chaos.kinds.min { Arguments.distance($0, k) < Arguments.distance($1, k) } ?? ""
                fail(UsageError(message: "unknown fault kind '\(k)' (did you mean '\(near)'? expected: \(Chaos.kinds.joined(separator: ", ")))", usage: chaosUsage))
            }
            guard !list.isEmpty else { fail(UsageError(message: "--faults needs at least one kind", usage: chaosUsage)) }
            kinds = list
        case "--report": dir = value(a)
        default:
            if a.hasPrefix("-") { fail(UsageError(message: "unknown option '\(a)' for chaos (expected one of: --schedules, --seed, --faults, --report, --help)", usage: chaosUsage)) }
            guard file == nil else { fail(UsageError(message: "chaos takes one scenario file", usage: chaosUsage)) }
            file = a
        }
        i += 1
    }
    guard let path = file else { fail(UsageError(message: "no scenario file given", usage: chaosUsage)) }
    guard let n = schedules else { fail(UsageError(message: "--schedules N is required", usage: chaosUsage)) }
    let scenario = parseAll([path], [:], usage: chaosUsage)[0]
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fail(UsageError(message: "cannot read \(path)", usage: chaosUsage)) }
    var options = RunOptions()
    options.version = resortsimVersion
    // The flow's own duration bounds when faults begin.
    var plain = options
    plain.quiet = true
    let baseline = Runner(scenario: scenario, options: plain, output: { _ in }).run()
    let horizon = max(1, baseline.virtualSeconds)
    let clean = Chaos.check(text: Chaos.text([], scenario: text), file: path, options: options, lineOffset: Chaos.linesBefore([]))
    printOut("chaos \(scenario.name): \(n) schedules (seed \(seed)) of \(kinds.joined(separator: ", ")) within its \(String(format: "%.3f", horizon)) s\n")
    if !clean.violations.isEmpty || !clean.defects.isEmpty {
        printOut("resortsim: without any fault the scenario already breaks: \((clean.violations + clean.defects).joined(separator: "; "))\n")
    }
    fflush(stdout)
    final class Box: @unchecked Sendable {
        let lock = NSLock()
        var outcomes: [(Int, Chaos.Outcome)] = []
    }
    let box = Box()
    let tty = isatty(2) == 1
    DispatchQueue.concurrentPerform(iterations: n) { k in
        let faults = Chaos.schedule(seed: seed, index: k, kinds: kinds, horizon: horizon)
        let o = Chaos.check(text: Chaos.text(faults, scenario: text), file: path, options: options, lineOffset: Chaos.linesBefore(faults))
        box.lock.lock()
        box.outcomes.append((k, o))
        let done = box.outcomes.count
        box.lock.unlock()
        if tty || done % 1000 == 0 || done == n {
            fputs("\rchaos: \(done)/\(n) schedules" + (done == n ? "\n" : ""), stderr)
        }
    }
    let outcomes = box.outcomes.sorted { $0.0 < $1.0 }
    // Every distinct break, in the order first seen; the system's apart from the simulator's.
    var found: [(key: String, count: Int, first: Int)] = []
    var defects: [(key: String, count: Int, first: Int)] = []
    for (k, o) in outcomes {
        for v in o.violations where !clean.violations.contains(v) {
            if let j = found.firstIndex(where: { $0.key == v }) { found[j].count += 1 } else { found.append((v, 1, k)) }
        }
        for d in o.defects {
            if let j = defects.firstIndex(where: { $0.key == d }) { defects[j].count += 1 } else { defects.append((d, 1, k)) }
        }
    }
    do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
        fail(UsageError(message: "cannot create \(dir): \(error.localizedDescription)", usage: chaosUsage))
    }
    copyReferencedFiles(scenario, from: path, to: dir)
    // The system's invariants first, then the scenario's expectations by line.
    func lineOf(_ k: String) -> Int { k.hasPrefix("line ") ? Int(k.dropFirst(5).prefix { $0.isNumber }) ?? 0 : -1 }
    found.sort { (lineOf($0.key), $0.first) < (lineOf($1.key), $1.first) }
    var rows: [[String]] = [["invariant", "schedules", "minimal", "example"]]
    for (number, f) in found.enumerated() {
        let first = Chaos.schedule(seed: seed, index: f.first, kinds: kinds, horizon: horizon)
        let minimal = Chaos.shrink(first) { faults in
            Chaos.check(text: Chaos.text(faults, scenario: text), file: path, options: options, lineOffset: Chaos.linesBefore(faults)).violations.contains(f.key)
        }
        let name = "\(scenario.name)-\(number + 1).scenario"
        let header = "# breaks: \(f.key)\n# found in schedule \(f.first) of seed \(seed); shrunk from \(first.count) fault(s) to \(minimal.count)\n"
        do { try (header + Chaos.text(minimal, scenario: text)).write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) } catch {
            fail(UsageError(message: "cannot write \(dir)/\(name): \(error.localizedDescription)", usage: chaosUsage))
        }
        rows.append([f.key, String(f.count), "\(minimal.count) fault(s): " + minimal.map { $0.kind }.joined(separator: ", "), dir + "/" + name])
    }
    for d in defects { rows.append([d.key, String(d.count), "-", "schedule \(d.first)"]) }
    if rows.count == 1 {
        printOut("no invariant broke in \(n) schedules\n")
    } else {
        var widths = [0, 0, 0, 0]
        for r in rows { for (j, c) in r.enumerated() { widths[j] = max(widths[j], c.count) } }
        for r in rows { printOut(r.enumerated().map { j, c in j == 3 ? c : c.padding(toLength: widths[j], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "\n") }
    }
    if !defects.isEmpty { printOut("resortsim: \(defects.count) simulator defect(s): a bug in resortsim, not in the system\n") }
    fflush(stdout)
    exit(!defects.isEmpty ? 3 : found.isEmpty ? 0 : 1)
}

/// Files a scenario names relative to itself (`expect events FILE`, `kubectl apply -f FILE`,
/// `config SERVICE -f FILE`), copied beside the schedules so that they replay from the
/// report directory.
func copyReferencedFiles(_ s: Scenario, from path: String, to dir: String) {
    let base = URL(fileURLWithPath: path).deletingLastPathComponent()
    guard let data = FileManager.default.contents(atPath: path) else { return }
    let (lines, _) = Lexer.lex(Array(data), file: path)
    var files: [String] = []
    for line in lines {
        let w = line.words.map { $0.text }
        if w.count >= 3, w[0] == "expect", w[1] == "events" { files.append(w[2]) }
        for (k, word) in w.enumerated() where word == "-f" && k + 1 < w.count { files.append(w[k + 1]) }
    }
    for file in files where !file.hasPrefix("/") && !file.contains("${") {
        let target = URL(fileURLWithPath: dir).appendingPathComponent(file)
        try? FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: target)
        try? FileManager.default.copyItem(atPath: base.appendingPathComponent(file).path, toPath: target.path)
    }
}
