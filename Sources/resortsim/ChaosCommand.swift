import Foundation
import Scenario
import Report
import SimCore

/// `resortsim chaos SCENARIO --schedules N`: random fault schedules over a scenario's flow,
/// the invariants each breaks, and a minimal replayable schedule for each (docs/CHAOS.md).
struct ChaosCommand: Command {
    static let defaultSeed: UInt64 = 1
    static let defaultReport = "chaos-report"

    static let configuration = CommandConfiguration(
        name: "chaos",
        abstract: "Try random fault schedules on a scenario and write a minimal one for every invariant that breaks.",
        overview: "Explore random fault schedules over a scenario's flow, check the system's invariants after each, "
            + "and write a minimal schedule for every invariant that breaks.",
        arguments: [("SCENARIO", "The scenario whose flow the faults hit.")],
        discussion: "Each schedule is one to three faults at random times within the scenario's own duration; "
            + "after the flow every fault ends, 75 s pass, the system settles, and then the scenario's "
            + "expectations and 'expect consistent' are checked, with the simulator's own invariants.\n\n"
            + "Exit status: 0 nothing broke, 1 the system broke an invariant, 3 the simulator broke one of its own "
            + "(a defect of resortsim), 2 invalid input. See docs/CHAOS.md.",
        options: [
            Option.maxRequests,
            Option(name: "--schedules", kind: .integer(1...1_000_000), valueName: "N", help: "How many schedules to try", required: true),
            Option(name: "--seed", kind: .unsigned(0...UInt64.max), valueName: "S", defaultValue: .unsigned(defaultSeed),
                   help: "Which schedules: the same seed gives the same schedules and output"),
            Option(name: "--faults", kind: .choices(Chaos.kinds), valueName: "LIST", defaultValue: .list(Chaos.kinds), defaultNote: "all",
                   help: "Kinds of fault to draw from, comma-separated"),
            Option(name: "--report", kind: .path(.outputDirectory), valueName: "DIR", defaultValue: .text(defaultReport),
                   help: "Where the minimal schedules go, as scenarios (DIR/NAME.scenario) that 'resortsim run' replays to the same failure"),
        ])

    let path: String
    let n: Int
    let seed: UInt64
    let kinds: [String]
    let dir: String
    let maxRequests: Int

    init(_ p: ParsedOptions) throws {
        maxRequests = p.integer("--max-requests") ?? Parser.defaultMaxRequests
        path = try Support.oneFile(p.positionals)
        guard let n = p.integer("--schedules") else { throw UsageError("--schedules N is required (how many schedules to try)") }
        self.n = n
        seed = p.unsigned("--seed") ?? Self.defaultSeed
        kinds = p.list("--faults")
        dir = p.text("--report") ?? Self.defaultReport
    }

    func run() throws -> Int32 {
        let (path, n, seed, kinds, dir) = (self.path, self.n, self.seed, self.kinds, self.dir)
        guard let scenario = try Support.scenarios([path], maxRequests: maxRequests).first else { throw UsageError("no scenario file given") }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw UsageError("cannot read \(path)") }
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
            let faults = Chaos.schedule(seed: seed, index: k, kinds: kinds, horizon: horizon, services: scenario.system.names)
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
        try Support.write("the schedules", to: dir) { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        copyReferencedFiles(scenario, from: path, to: dir)
        // The system's invariants first, then the scenario's expectations by line.
        func lineOf(_ k: String) -> Int { k.hasPrefix("line ") ? Int(k.dropFirst(5).prefix { $0.isNumber }) ?? 0 : -1 }
        found.sort { (lineOf($0.key), $0.first) < (lineOf($1.key), $1.first) }
        var rows: [[String]] = [["invariant", "schedules", "minimal", "example"]]
        for (number, f) in found.enumerated() {
            let first = Chaos.schedule(seed: seed, index: f.first, kinds: kinds, horizon: horizon, services: scenario.system.names)
            let minimal = Chaos.shrink(first) { faults in
                Chaos.check(text: Chaos.text(faults, scenario: text), file: path, options: options, lineOffset: Chaos.linesBefore(faults)).violations.contains(f.key)
            }
            let name = "\(scenario.name)-\(number + 1).scenario"
            let header = "# breaks: \(f.key)\n# found in schedule \(f.first) of seed \(seed); shrunk from \(first.count) fault(s) to \(minimal.count)\n"
            try Support.write("a minimal schedule", to: dir + "/" + name) {
                try (header + Chaos.text(minimal, scenario: text)).write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
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
        return !defects.isEmpty ? 3 : found.isEmpty ? 0 : 1
    }
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
        // A `system PATH` folder goes along too, at the same path from the schedules, so
        // that each schedule replays on its system.
        if w.count == 2, w[0] == "system" { files.append(w[1]) }
    }
    for file in files where !file.hasPrefix("/") && !file.contains("${") {
        let target = URL(fileURLWithPath: dir).appendingPathComponent(file)
        try? FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: target)
        try? FileManager.default.copyItem(atPath: base.appendingPathComponent(file).path, toPath: target.path)
    }
}
