import Foundation
import SimCore
import Infrastructure
import Systems
import Formats

/// Parses and checks a scenario: every problem is collected, none stops the others
/// being found; nothing runs unless the list is empty.
public struct Parser {
    public static let commandNames = ["seed", "start-time", "param", "config", "fault", "stop", "start", "at", "http",
                                      "siege", "load", "wait", "settle", "expect", "kubectl", "system", "kubernetes-version"]
    /// The system the scenario runs (its `system` line, or the default one).
    let system: SystemDefinition
    /// The system's services, in creation order.
    var services: [String] { system.names }
    var knownHosts: [String] { system.knownHosts }
    /// Names of the system for the examples in messages: a consumer group (a view's service,
    /// else the first), a service to scale (one with a CPU request, else the first), a breaker
    /// (the first Feign call's CALLER->CLIENT).
    var examples: (group: String, scaled: String, breaker: String) {
        let first = system.names.first ?? "SERVICE"
        let group = system.services.first { s in s.program.handlers.contains { $0.kind == .view } }?.name ?? first
        let scaled = system.services.first { $0.template.cpuRequest != nil }?.name ?? first
        let caller = system.services.first { !$0.feignCalls.isEmpty }
        let breaker = caller.map { "\($0.name)->\($0.feignCalls[0].client)" } ?? "CALLER->CLIENT"
        return (group, scaled, breaker)
    }

    let file: String
    let directory: String
    var diagnostics: [Diagnostic] = []
    var params: [(String, String)] = []
    /// The client commands refused (`http`, `siege`, `load`): an expectation after one is
    /// not reported as having nothing to check, its own error being the one to fix.
    var refusedClients: [(command: String, line: Int)] = []
    /// The line of each command a scenario may have once (`seed`, `start-time`, `kubernetes-version`).
    var onceOnly: [String: Int] = [:]
    let overrides: [String: String]
    /// The most requests one `siege -r` or `load` command may send (`--max-requests`).
    let maxRequests: Int
    /// resortsim's budget of requests per load command: the model answers some tens of
    /// thousands of requests a wall second, so ten million is minutes of work, and a
    /// mistyped `-r` (siege -c1 -r100000000) is refused before it runs for hours.
    public static let defaultMaxRequests = 10_000_000

    /// Reads and parses a scenario file; `overrides` are `--set NAME=VALUE` values.
    public static func parse(file: String, overrides: [String: String] = [:], maxRequests: Int = defaultMaxRequests) -> Result<Scenario, ScenarioErrors> {
        switch InputFile.bytes(file) {
        case .success(let data): return parse(bytes: data, file: file, overrides: overrides, maxRequests: maxRequests)
        case .failure(let d): return .failure(ScenarioErrors(diagnostics: [d]))
        }
    }

    public static func parse(bytes: [UInt8], file: String, overrides: [String: String] = [:],
                             maxRequests: Int = defaultMaxRequests) -> Result<Scenario, ScenarioErrors> {
        let directory = (file as NSString).deletingLastPathComponent
        let (lines, lexErrors) = Lexer.lex(bytes, file: file)
        let system: SystemDefinition
        switch SystemResolver.system(for: lines, file: file, directory: directory) {
        case .success(let s): system = s
        case .failure(let e): return .failure(ScenarioErrors(diagnostics: lexErrors + e.diagnostics))
        }
        var p = Parser(file: file, directory: directory, system: system, overrides: overrides, maxRequests: maxRequests)
        p.diagnostics = lexErrors
        var commands: [Located] = []
        for line in lines {
            guard let l = p.substitute(line) else { continue }
            if let c = p.command(l) { commands.append(c) } else if ["http", "siege", "load"].contains(l.words[0].text) {
                p.refusedClients.append((l.words[0].text, l.line))
            }
        }
        for name in overrides.keys.sorted() where !p.params.contains(where: { $0.0 == name }) {
            p.diagnostics.append(Diagnostic(file: file, line: 0, column: 0,
                message: "--set \(name): the scenario declares no parameter '\(name)'" + p.declaredHint()))
        }
        p.checkOrder(commands)
        if !p.diagnostics.isEmpty {
            return .failure(ScenarioErrors(diagnostics: p.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) }))
        }
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return .success(Scenario(file: file, name: name, commands: commands, params: p.params, system: system))
    }

    init(file: String, directory: String, system: SystemDefinition, overrides: [String: String], maxRequests: Int = Parser.defaultMaxRequests) {
        self.file = file; self.directory = directory; self.system = system; self.overrides = overrides; self.maxRequests = maxRequests
    }

    func declaredHint() -> String {
        params.isEmpty ? " (it declares none)" : " (declared: \(params.map { $0.0 }.joined(separator: ", ")))"
    }

    mutating func error(_ w: Word, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: w.line, column: w.column, message: message))
    }
    mutating func error(_ line: SourceLine, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: line.line, column: line.words.first?.column ?? 1, message: message))
    }

    // MARK: Commands

    mutating func command(_ line: SourceLine) -> Located? {
        let w = line.words
        let name = w[0].text
        let args = Array(w.dropFirst())
        func located(_ c: Command?) -> Located? { c.map { Located(command: $0, line: line.line, column: w[0].column, text: line.text) } }
        switch name {
        case _ where onceOnly[name] != nil:
            error(w[0], "\(name) is set twice (first on line \(onceOnly[name] ?? 0)); a scenario has one")
            return nil
        case "seed":
            onceOnly[name] = line.line
            guard args.count == 1, let s = UInt64(args[0].text) else {
                error(args.first ?? w[0], "seed needs one whole number from 0 to 18446744073709551615 (expected: seed 42)")
                return nil
            }
            return located(.seed(s))
        case "start-time":
            onceOnly[name] = line.line
            guard args.count == 1, let t = WallClock.parse(args[0].text) else {
                error(args.first ?? w[0], "start-time needs a real UTC date-time, year 1970 to 9999 (expected: start-time 2021-07-26T02:11:54, or with a final Z)")
                return nil
            }
            return located(.startTime(t))
        case "kubernetes-version":
            onceOnly[name] = line.line
            // The cluster's version sets the defaults that changed between versions.
            let parts = args.count == 1 ? args[0].text.drop(while: { $0 == "v" }).split(separator: ".") : []
            guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]), major == 1, (10...40).contains(minor) else {
                error(args.first ?? w[0], "kubernetes-version needs a version from 1.10 to 1.40 (expected: kubernetes-version 1.19)")
                return nil
            }
            return located(.kubernetesVersion(minor: minor))
        case "config": return located(config(line, args))
        case "fault": return located(fault(line, args))
        case "stop", "start":
            guard args.count == 1 else { error(args.first ?? w[0], "\(name) needs one service or kafka (expected: \(name) SERVICE)"); return nil }
            guard let target = serviceName(args[0], extra: ["kafka", "gateway"]) else { return nil }
            return located(name == "stop" ? .stop(target) : .start(target))
        case "http": return located(http(line, args))
        case "siege":
            var a = args
            let bg = a.last?.text == "&" && a.last?.quoted == false
            if bg { a.removeLast() }
            return located(siege(line, a).map { .siege($0, background: bg) })
        case "load":
            var a = args
            let bg = a.last?.text == "&" && a.last?.quoted == false
            if bg { a.removeLast() }
            return located(load(line, a).map { .load($0, background: bg) })
        case "wait":
            if args.isEmpty { return located(.wait(nil)) }
            // `wait uniform(3s, 20s)`: a moment not known, drawn per run.
            if args[0].text.contains("(") {
                guard let d = distribution(args) else { return nil }
                return located(.wait(d))
            }
            guard args.count == 1, let d = duration(args[0]), withinRun(d, args[0]) else { return nil }
            return located(.wait(.constant(d)))
        case "settle":
            guard args.isEmpty else { error(args[0], "settle takes no arguments"); return nil }
            return located(.settle)
        case "expect": return located(expectation(line, args))
        case "at":
            // at TIME COMMAND...: the rest of the line is a command of its own.
            guard args.count >= 2, let t = duration(args[0]), withinRun(t, args[0]) else {
                if args.count < 2 { error(args.first ?? w[0], "at needs a time and a command (expected: at 2.5s stop kafka)") }
                return nil
            }
            // The inner command's text (what runs prints): its words, quoted where needed.
            let innerText = args.dropFirst().map { $0.text.contains(" ") || $0.text.isEmpty ? "'\($0.text)'" : $0.text }.joined(separator: " ")
            let inner = SourceLine(line: line.line, text: innerText, words: Array(args.dropFirst()))
            guard let c = command(inner) else { return nil }
            switch c.command {
            case .stop, .start, .config, .fault, .networkFault, .crash, .consumerCrash: break
            case .kubectl(.rolloutRestart(_)), .kubectl(.deletePod(_)), .kubectl(.scale(_, _)): break
            default:
                error(args[1], "at runs an instant command (stop, start, config, fault, kubectl rollout restart, kubectl delete pod, kubectl scale), not '\(args[1].text)'")
                return nil
            }
            return located(.at(t, c))
        case "kubectl": return located(kubectl(line, args).map { .kubectl($0) })
        case "system":
            // Read before the other lines (SystemResolver); one path only.
            if args.count != 1 { error(args.first ?? w[0], "system needs one path, the system's folder (expected: system ../systems/NAME)") }
            return nil
        default:
            let hint = suggestion(for: name, among: Parser.commandNames).map { " (did you mean '\($0)'?)" }
                ?? " (expected one of: \(Parser.commandNames.joined(separator: ", ")))"
            error(w[0], "unknown command '\(name)'\(hint)")
            return nil
        }
    }

    mutating func serviceName(_ w: Word, extra: [String] = []) -> String? {
        let known = services + extra
        if known.contains(w.text) { return w.text }
        let hint = suggestion(for: w.text, among: known).map { " (did you mean '\($0)'?)" } ?? " (expected one of: \(known.joined(separator: ", ")))"
        error(w, "unknown service '\(w.text)'\(hint)")
        return nil
    }

    mutating func duration(_ w: Word) -> SimDuration? {
        do { return try ValueSyntax.duration(w.text) } catch let e as ValueError {
            diagnostics.append(Diagnostic(file: file, line: w.line, column: w.column + e.offset, message: e.message))
        } catch {}
        return nil
    }

    /// Whether a stretch of the run's own time (`wait`, `siege -t`, `load --for`, `at`) fits in
    /// the virtual time a run may last (`RunOptions.maxVirtualTime`): a longer one could
    /// only end with the run stopped at that bound.
    mutating func withinRun(_ d: SimDuration, _ w: Word) -> Bool {
        let bound = RunOptions().maxVirtualTime
        guard d > bound else { return true }
        error(w, "'\(w.text)' is longer than a run may last (\(bound.nanoseconds / 3_600_000_000_000)h of virtual time)")
        return false
    }

    mutating func distribution(_ words: [Word]) -> Distribution? {
        guard let first = words.first else { return nil }
        let text = words.map { $0.text }.joined(separator: " ")
        do { return try ValueSyntax.distribution(text) } catch let e as ValueError {
            error(first, e.message)
        } catch {}
        return nil
    }

    mutating func config(_ line: SourceLine, _ args: [Word]) -> Command? {
        guard let svc = args.first else { error(line, "config needs a service and KEY=VALUE settings (expected: config SERVICE KEY=VALUE ...)"); return nil }
        guard let service = serviceName(svc) else { return nil }
        if args.count > 1 && args[1].text == "-f" {
            guard args.count == 3 else { error(args[1], "config -f needs one application.yml (expected: config SERVICE -f FILE.yml)"); return nil }
            return configFile(service, args[2])
        }
        guard args.count > 1 else { error(svc, "config \(service) needs at least one KEY=VALUE"); return nil }
        var settings: [(String, String)] = []
        var probe = system.blankConfig
        for a in args.dropFirst() {
            let kv = a.text.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, !kv[0].isEmpty else { error(a, "'\(a.text)' is not a setting (expected KEY=VALUE)"); continue }
            if let earlier = settings.first(where: { SpringBootConfig.canonical($0.0) == SpringBootConfig.canonical(kv[0]) }) {
                error(a, "\(kv[0]) is set twice on this line (first as \(earlier.0)=\(earlier.1))")
                continue
            }
            do {
                try probe.set(kv[0], kv[1])
                if let typo = probe.misspelling(of: kv[0]) { error(a, typo) }
            } catch let e as ValueError { error(a, e.message) } catch {}
            settings.append((kv[0], kv[1]))
        }
        return .config(service: service, settings: settings)
    }

    /// A file the scenario names (relative to the scenario's directory), or an error at the
    /// word that names it saying why it cannot be read.
    mutating func readRelative(_ w: Word, what: String) -> (path: String, text: String)? {
        let path = w.text.hasPrefix("/") ? w.text : (directory as NSString).appendingPathComponent(w.text)
        switch InputFile.read(path) {
        case .success(let text): return (path, text)
        case .failure(let d):
            error(w, "cannot read the \(what) '\(w.text)' (a path relative to the scenario): \(d.message)")
            return nil
        }
    }

    /// `config SERVICE -f application.yml`: the file's keys, flattened to Spring's dotted form.
    mutating func configFile(_ service: String, _ w: Word) -> Command? {
        guard let (path, text) = readRelative(w, what: "application.yml") else { return nil }
        let docs: [JSON]
        do { docs = try YAML.documents(text) } catch let e as YAML.Failure {
            diagnostics.append(Diagnostic(file: path, line: e.line, column: e.column, message: e.message))
            return nil
        } catch { return nil }
        var settings: [(String, String)] = []
        func flatten(_ prefix: String, _ v: JSON) {
            switch v {
            case .object(let m): for (k, x) in m { flatten(prefix.isEmpty ? k : prefix + "." + k, x) }
            case .array(let a): for (i, x) in a.enumerated() { flatten("\(prefix)[\(i)]", x) }
            case .string(let s): settings.append((prefix, s))
            case .null: break
            default: settings.append((prefix, v.compact))
            }
        }
        for d in docs { flatten("", d) }
        var probe = system.blankConfig
        for (k, v) in settings {
            do { try probe.set(k, v) } catch let e as ValueError { error(w, "\(w.text): \(k): \(e.message)") } catch {}
        }
        return .config(service: service, settings: settings)
    }

    mutating func fault(_ line: SourceLine, _ args: [Word]) -> Command? {
        let usage = "expected: fault SERVICE delay METHOD PATH DIST, fault SERVICE error RATE [METHOD PATH], fault SERVICE crash, fault SERVICE consumer-crash, or fault network FROM TO delay DIST|loss RATE|partition|heal"
        guard args.count >= 2 else { error(line, "fault needs more (\(usage))"); return nil }
        if args[0].text == "network" {
            guard args.count >= 4 else { error(line, "fault network needs FROM TO and a kind (\(usage))"); return nil }
            let nodes = services + ["gateway", "client", "*"]
            var ok = true
            for n in args[1...2] where !nodes.contains(n.text) {
                let hint = suggestion(for: n.text, among: nodes).map { " (did you mean '\($0)'?)" } ?? " (expected a service, gateway, client or *)"
                error(n, "unknown node '\(n.text)'\(hint)"); ok = false
            }
            let kind: NetworkFault.Kind
            switch args[3].text {
            case "delay":
                guard let d = distribution(Array(args.dropFirst(4))) else { if args.count == 4 { error(args[3], "delay needs a distribution") }; return nil }
                kind = .delay(d)
            case "loss":
                guard args.count == 5 else { error(args[3], "loss needs one rate (expected: loss 5% or loss 0.05)"); return nil }
                do { kind = .loss(try ValueSyntax.rate(args[4].text)) } catch let e as ValueError { error(args[4], e.message); return nil } catch { return nil }
            case "partition": kind = .partition
            case "heal": kind = .heal
            default:
                error(args[3], "unknown network fault '\(args[3].text)' (expected delay, loss, partition or heal)"); return nil
            }
            return ok ? .networkFault(NetworkFault(from: args[1].text, to: args[2].text, kind: kind)) : nil
        }
        guard let service = serviceName(args[0], extra: ["network"]) else { return nil }
        switch args[1].text {
        case "crash", "consumer-crash":
            guard args.count == 2 else { error(args[2], "fault \(args[1].text) takes nothing more (expected: fault \(service) \(args[1].text))"); return nil }
            return args[1].text == "crash" ? .crash(service) : .consumerCrash(service)
        case "delay":
            guard args.count >= 5 else { error(args[1], "fault delay needs METHOD PATH DIST (\(usage))"); return nil }
            guard let method = httpMethod(args[2]) else { return nil }
            guard args[3].text.hasPrefix("/") else { error(args[3], "'\(args[3].text)' is not a path (expected a path such as /\(system.services.first?.schema.collection ?? "orders")/{id})"); return nil }
            guard let d = distribution(Array(args.dropFirst(4))) else { return nil }
            return .fault(service: service, ServiceFault(method: method, pathPattern: args[3].text, kind: .delay(d)))
        case "error":
            guard args.count == 3 || args.count == 5 else { error(args[1], "fault error needs RATE [METHOD PATH] (\(usage))"); return nil }
            let rate: Double
            do { rate = try ValueSyntax.rate(args[2].text) } catch let e as ValueError { error(args[2], e.message); return nil } catch { return nil }
            var method: String? = nil, path: String? = nil
            if args.count == 5 {
                guard let m = httpMethod(args[3]) else { return nil }
                method = m; path = args[4].text
            }
            return .fault(service: service, ServiceFault(method: method, pathPattern: path, kind: .error(rate)))
        default:
            error(args[1], "unknown fault '\(args[1].text)' (\(usage))")
            return nil
        }
    }
}
