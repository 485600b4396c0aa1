import Foundation
import SimCore
import Formats
import Infrastructure
import Systems
import Report

/// `resortsim chaos`: random fault schedules over a scenario's flow, the invariants each
/// one breaks, and for each broken invariant a minimal schedule, written as a scenario that
/// `resortsim run` replays to the same failure.
public enum Chaos {
    /// The kinds of fault a schedule draws from (`--faults`).
    public static let kinds = ["kill", "broker", "consumer-crash", "partition", "delay", "slow-db", "rollout"]

    /// One fault of a schedule: its kind, when it begins, and the instant commands that
    /// make it (each `at` a time), e.g. a broker outage is `stop kafka`, then `start kafka`.
    public struct Fault: Equatable, Sendable {
        public var kind: String
        public var commands: [(at: Double, text: String)]
        public static func == (a: Fault, b: Fault) -> Bool { a.kind == b.kind && a.commands.map { "\($0.at) \($0.text)" } == b.commands.map { "\($0.at) \($0.text)" } }
        var start: Double { commands.first?.at ?? 0 }
    }

    /// Schedule `index` of `seed`: one to three faults of the allowed kinds, at times in
    /// [0, horizon] seconds, deterministic.
    public static func schedule(seed: UInt64, index: Int, kinds: [String], horizon: Double, services: [String]) -> [Fault] {
        var rng = RandomStreams(seed: seed).stream("chaos#\(index)")
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.nextDouble() }
        func ms(_ s: Double) -> Double { (s * 1000).rounded() / 1000 }
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        let count = 1 + Int(rng.next() % 3)
        var faults: [Fault] = []
        for _ in 0..<count {
            let kind = pick(kinds)
            let t = ms(uniform(0, horizon))
            let d = ms(uniform(0.5, 10))
            let s = pick(services)
            var other = pick(services)
            if other == s { other = "gateway" }
            switch kind {
            case "kill": faults.append(Fault(kind: kind, commands: [(t, "fault \(s) crash")]))
            case "consumer-crash": faults.append(Fault(kind: kind, commands: [(t, "fault \(s) consumer-crash")]))
            case "broker": faults.append(Fault(kind: kind, commands: [(t, "stop kafka"), (ms(t + d), "start kafka")]))
            case "partition": faults.append(Fault(kind: kind, commands: [(t, "fault network \(s) \(other) partition"), (ms(t + d), "fault network \(s) \(other) heal")]))
            case "delay":
                let extra = Int(uniform(50, 2000))
                faults.append(Fault(kind: kind, commands: [(t, "fault network \(s) \(other) delay \(extra)ms"), (ms(t + d), "fault network \(s) \(other) heal")]))
            case "slow-db":
                let normal = SpringBootConfig().databaseOperation.description
                faults.append(Fault(kind: kind, commands: [(t, "config \(s) 'resortsim.database-operation=lognormal(median: 50ms, p99: 500ms)'"),
                                                           (ms(t + d), "config \(s) 'resortsim.database-operation=\(normal)'")]))
            default: faults.append(Fault(kind: "rollout", commands: [(t, "kubectl rollout restart deployment/\(s)")]))
            }
        }
        return faults.sorted { $0.start < $1.start }
    }

    /// Lines `text` puts before the scenario's own first line.
    public static func linesBefore(_ faults: [Fault]) -> Int { 2 + faults.reduce(0) { $0 + $1.commands.count } }

    /// The scenario text of a schedule: its `at` lines, the scenario, then time for every
    /// fault to end and Feign's longest timeout to pass, a settle and the consistency check.
    public static func text(_ faults: [Fault], scenario: String) -> String {
        var s = "# resortsim chaos: a fault schedule, then the scenario; replay with resortsim run\n"
        for f in faults { for c in f.commands { s += "at \(SimDuration.fromSeconds(c.at)) \(c.text)\n" } }
        s += "\n" + scenario
        if !scenario.hasSuffix("\n") { s += "\n" }
        s += "\n# After the flow: every fault over, Feign's 70 s timeouts passed, then the invariants.\nsettle\nwait 75s\nsettle\nexpect consistent\n"
        return s
    }

    /// What one schedule broke: invariants of the system (names with the numbers taken
    /// out, so that equal breaks group) and defects of the simulator itself.
    public struct Outcome: Sendable {
        public var violations: [String] = []
        public var defects: [String] = []
    }

    /// Runs a schedule's scenario text and checks it.
    public static func check(text: String, file: String, options: RunOptions, lineOffset: Int = 0) -> Outcome {
        var o = Outcome()
        guard case .success(let s) = Parser.parse(bytes: Array(text.utf8), file: file) else {
            o.defects.append("simulator: a generated schedule does not parse")
            return o
        }
        var opts = options
        opts.quiet = true
        let runner = Runner(scenario: s, options: opts, output: { _ in })
        let r = runner.run()
        for w in r.warnings { o.defects.append("simulator: the run stopped: \(w)") }
        let consistencyLines = Set(s.commands.filter { if case .expect(.consistent) = $0.command { return true }; return false }.map { $0.line })
        for e in r.expectations where !e.passed && !consistencyLines.contains(e.line) {
            o.violations.append("line \(e.line - lineOffset): \(e.text)")
        }
        for v in ConsistencyChecker.violations(in: runner.model) { o.violations.append(generalize(v)) }
        o.defects += simulatorDefects(runner.model)
        o.violations = unique(o.violations)
        o.defects = unique(o.defects)
        return o
    }

    /// The simulator's own invariants after the settle: every pool back to idle, and every
    /// record a producer sent appended, lost or still pending.
    static func simulatorDefects(_ model: SystemModel) -> [String] {
        var out: [String] = []
        for app in model.apps where app.state == .running {
            if app.tomcat.threads.inUse > 0 { out.append("simulator: \(app.name) holds Tomcat threads after settle") }
            if app.hikari.connections.inUse > 0 { out.append("simulator: \(app.name) holds Hikari connections after settle") }
            if app.console.inUse > 0 { out.append("simulator: \(app.name) holds its console after settle") }
            for p in app.hystrix.pools where p.active > 0 { out.append("simulator: \(app.name) holds Hystrix threads of \(p.key) after settle") }
        }
        for p in model.broker.producers where p.sent != p.appended + p.lost + UInt64(p.pending) {
            out.append("simulator: producer \(p.name) sent \(p.sent) records, appended \(p.appended), lost \(p.lost), pending \(p.pending)")
        }
        return out
    }

    /// A violation's text with its numbers replaced by N, so that the same break in other
    /// rows or amounts counts once.
    static func generalize(_ s: String) -> String {
        var out = "", inNumber = false
        for c in s {
            if c.isNumber { if !inNumber { out.append("N") }; inNumber = true } else { out.append(c); inNumber = false }
        }
        return out
    }

    static func unique(_ xs: [String]) -> [String] {
        var seen: [String] = []
        for x in xs where !seen.contains(x) { seen.append(x) }
        return seen
    }

    /// Delta debugging over a schedule: drops whole faults while `breaks` still holds, then
    /// moves each remaining fault's start to the earliest of 0, its time rounded to whole
    /// seconds or to tenths that still breaks it.
    public static func shrink(_ faults: [Fault], breaks: ([Fault]) -> Bool) -> [Fault] {
        var current = faults
        var changed = true
        while changed {
            changed = false
            for i in current.indices.reversed() {
                var fewer = current
                fewer.remove(at: i)
                if !fewer.isEmpty && breaks(fewer) { current = fewer; changed = true }
            }
        }
        for i in current.indices {
            let t = current[i].start
            for candidate in [0, t.rounded(.down), (t * 10).rounded(.down) / 10] where candidate < t {
                var moved = current
                let shift = t - candidate
                moved[i].commands = moved[i].commands.map { (max(0, (($0.at - shift) * 1000).rounded() / 1000), $0.text) }
                if breaks(moved) { current = moved; break }
            }
        }
        return current
    }
}
