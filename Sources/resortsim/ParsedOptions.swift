import Foundation
import Formats
import SimCore

/// A command line read against a command's table: `--name VALUE`, `--name=VALUE`, the
/// short aliases, flags, positional arguments (everything after `--` is positional).
/// Every value is checked by its kind as it is read; then the table's groups, dependencies
/// and paths are checked, all before the command does anything.
struct ParsedOptions {
    let configuration: CommandConfiguration
    private(set) var positionals: [String] = []
    /// The values given, by option name (looked up, never iterated).
    private var given: [String: [OptionValue]] = [:]

    init(_ args: [String], for c: CommandConfiguration) throws {
        configuration = c
        var i = 0, onlyPositionals = false
        while i < args.count {
            let raw = args[i]
            i += 1
            if onlyPositionals || !raw.hasPrefix("-") || raw == "-" { positionals.append(raw); continue }
            if raw == "--" { onlyPositionals = true; continue }
            var spelled = raw, inline: String? = nil
            if raw.hasPrefix("--"), let eq = raw.firstIndex(of: "=") {
                spelled = String(raw[..<eq]); inline = String(raw[raw.index(after: eq)...])
            }
            guard let o = c.option(named: spelled) else {
                let names = c.allOptions.map { $0.name } + c.allOptions.compactMap { $0.short }
                throw UsageError("unknown option '\(spelled)'" + DidYouMean.hint(spelled, among: names,
                    expected: "one of: " + c.allOptions.map { $0.label }.joined(separator: ", ")))
            }
            let text: String
            if !o.takesValue {
                text = inline ?? "true"
            } else if let v = inline {
                text = v
            } else {
                guard i < args.count, !Self.isOption(args[i], in: c) else {
                    let what = Values.expected(o)
                    throw UsageError("\(o.name) needs a value (\(o.valueName)" + (what == o.valueName ? ")" : ": \(what))"))
                }
                text = args[i]
                i += 1
            }
            try record(o, try Values.parse(text, for: o))
        }
        if !flag("--help") { try checkTable() }
    }

    /// `--report --quiet`: the next word is an option, not the value.
    private static func isOption(_ word: String, in c: CommandConfiguration) -> Bool {
        guard word.hasPrefix("-"), word.count > 1 else { return false }
        let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
        return c.option(named: name) != nil
    }

    private mutating func record(_ o: Option, _ v: OptionValue) throws {
        let before = given[o.name] ?? []
        if !before.isEmpty && o.takesValue {
            guard o.repeatable else { throw UsageError("\(o.name) is given twice (give it once)") }
            if let name = Self.assignedName(v), before.contains(where: { Self.assignedName($0) == name }) {
                throw UsageError("\(o.name) \(name) is given twice (give each NAME once, as \(o.valueName))")
            }
        }
        given[o.name] = o.takesValue ? before + [v] : [v]
    }

    private static func assignedName(_ v: OptionValue) -> String? {
        switch v {
        case .assignment(let k, _), .assignmentList(let k, _), .durationRange(let k, _, _): return k
        default: return nil
        }
    }

    /// Exclusive groups, dependencies, and the paths (given or default) checked on disk.
    private func checkTable() throws {
        for group in configuration.exclusive where group.filter({ isGiven($0) }).count > 1 {
            throw UsageError("give one of " + group.dropLast().joined(separator: ", ") + " and " + (group.last ?? ""))
        }
        for o in configuration.options where isGiven(o.name) {
            if let r = o.requires, !isGiven(r.name) {
                let needed = configuration.option(named: r.name).map { $0.label } ?? r.name
                throw UsageError("\(o.name) needs \(needed) (\(r.why))")
            }
        }
        for o in configuration.options {
            guard case .path(let role) = o.kind, let path = text(o.name) else { continue }
            try Paths.check(path, role: role, option: o.name)
        }
    }

    // MARK: Values, given or the table's default

    /// Whether the option was given (a flag: given as true).
    func isGiven(_ name: String) -> Bool {
        guard let v = given[name], let last = v.last else { return false }
        if case .flag(false) = last { return false }
        return true
    }

    private func values(_ name: String) -> [OptionValue] {
        guard let o = configuration.option(named: name) else {
            assertionFailure("no option \(name) in \(configuration.name)'s table")
            return []
        }
        if let v = given[o.name], !v.isEmpty { return v }  // a flag given as false too
        return o.defaultValue.map { [$0] } ?? []
    }

    func flag(_ name: String) -> Bool {
        if case .flag(let b)? = values(name).last { return b }
        return false
    }
    func integer(_ name: String) -> Int? {
        if case .integer(let n)? = values(name).last { return n }
        return nil
    }
    func unsigned(_ name: String) -> UInt64? {
        if case .unsigned(let n)? = values(name).last { return n }
        return nil
    }
    func number(_ name: String) -> Double? {
        if case .number(let x)? = values(name).last { return x }
        return nil
    }
    func text(_ name: String) -> String? {
        if case .text(let s)? = values(name).last { return s }
        return nil
    }
    func shard(_ name: String) -> (k: Int, n: Int)? {
        if case .shard(let k, let n)? = values(name).last { return (k, n) }
        return nil
    }
    func list(_ name: String) -> [String] {
        if case .list(let l)? = values(name).last { return l }
        return []
    }
    func assignments(_ name: String) -> [(name: String, value: String)] {
        values(name).compactMap { if case .assignment(let k, let v) = $0 { return (k, v) } else { return nil } }
    }
    func assignmentLists(_ name: String) -> [(name: String, values: [String])] {
        values(name).compactMap { if case .assignmentList(let k, let v) = $0 { return (k, v) } else { return nil } }
    }
    func durationRanges(_ name: String) -> [(name: String, low: SimDuration, high: SimDuration)] {
        values(name).compactMap { if case .durationRange(let k, let lo, let hi) = $0 { return (k, lo, hi) } else { return nil } }
    }
}
