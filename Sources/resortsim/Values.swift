import Foundation
import SimCore
import Formats

/// Every value the command line reads is parsed here, by its option's kind; each message
/// names the option and what would be valid, with the real bounds.
enum Values {
    /// The longest duration the command line takes: 10^9 s (about 31.7 years), the limit of
    /// the scenario language's durations (ValueSyntax).
    static let maxDuration = SimDuration.seconds(ValueSyntax.maxDurationSeconds)

    /// `true`/`false`, `yes`/`no`, `on`/`off`, `1`/`0`, in any case (ValueSyntax.bool).
    static func bool(_ text: String) -> Bool? { ValueSyntax.bool(text) }

    /// A duration as the scenario language writes it (`610ms`, `2s`), at most `maxDuration`.
    static func duration(_ text: String) throws -> SimDuration {
        do { return try ValueSyntax.duration(text) } catch let e as ValueError { throw UsageError(e.message) }
    }

    /// Splits `V1,V2,...` at commas outside parentheses (`uniform(400ms, 620ms)` is one value).
    static func list(_ text: String) -> [String] {
        var out: [String] = [], cur = "", depth = 0
        for c in text {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == "," && depth == 0 { out.append(cur.trimmingCharacters(in: .whitespaces)); cur = "" } else { cur.append(c) }
        }
        out.append(cur.trimmingCharacters(in: .whitespaces))
        return out
    }

    /// `NAME=REST` split at the first `=`, or nil when either side is empty.
    static func assignment(_ text: String) -> (String, String)? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let name = String(text[..<eq]), rest = String(text[text.index(after: eq)...])
        return name.isEmpty || rest.isEmpty ? nil : (name, rest)
    }

    /// What the option's kind expects, for messages ("a whole number from 1 to 1000").
    static func expected(_ o: Option) -> String {
        switch o.kind {
        case .flag: return "no value, or true or false"
        case .integer(let r): return "a whole number from \(r.lowerBound) to \(r.upperBound)"
        case .unsigned(let r): return "a whole number from \(r.lowerBound) to \(r.upperBound)"
        case .share(let of): return "a share of \(of) above 0 and at most 1 (0.01 keeps one in a hundred)"
        case .text, .path: return o.valueName
        case .assignment: return "NAME=VALUE"
        case .assignmentList: return "NAME=V1,V2,... with no empty value"
        case .durationRange: return "NAME=LOW..HIGH, two durations with 0 < LOW < HIGH, such as 100us..3ms"
        case .shard(let n): return "K/N with 1 <= K <= N <= \(n) (a Kubernetes Indexed Job gives K = JOB_COMPLETION_INDEX + 1)"
        case .choices(let c): return "a comma-separated list of: " + c.joined(separator: ", ")
        }
    }

    /// The value `raw` given to `o` (as `o.name`, whichever spelling was typed).
    static func parse(_ raw: String, for o: Option) throws -> OptionValue {
        let bad = UsageError("\(o.name) needs \(expected(o)), not '\(raw)'")
        switch o.kind {
        case .flag:
            guard let b = bool(raw) else { throw UsageError("\(o.name) takes no value (or true or false), not '\(raw)'") }
            return .flag(b)
        case .integer(let r):
            guard let n = Int(raw), r.contains(n) else { throw bad }
            return .integer(n)
        case .unsigned(let r):
            guard let n = UInt64(raw), r.contains(n) else { throw bad }
            return .unsigned(n)
        case .share:
            guard let x = Double(raw), x > 0, x <= 1 else { throw bad }
            return .number(x)
        case .text, .path:
            guard !raw.isEmpty else { throw UsageError("\(o.name) needs a value (\(o.valueName)), not ''") }
            return .text(raw)
        case .assignment:
            guard let (k, v) = assignment(raw) else { throw bad }
            return .assignment(k, v)
        case .assignmentList:
            guard let (k, rest) = assignment(raw) else { throw bad }
            let values = list(rest)
            guard !values.contains(where: { $0.isEmpty }) else { throw bad }
            return .assignmentList(k, values)
        case .durationRange:
            guard let (k, range) = assignment(raw) else { throw bad }
            let parts = range.components(separatedBy: "..")
            guard parts.count == 2 else { throw bad }
            let lo: SimDuration, hi: SimDuration
            do { lo = try duration(parts[0]); hi = try duration(parts[1]) } catch let e as UsageError {
                throw UsageError("\(o.name) \(raw): \(e.message); expected \(expected(o))")
            }
            guard lo.nanoseconds > 0, hi > lo else { throw bad }
            return .durationRange(k, lo, hi)
        case .shard(let max):
            let kn = raw.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
            guard kn.count == 2, let k = kn[0], let n = kn[1], (1...max).contains(n), (1...n).contains(k) else { throw bad }
            return .shard(k, n)
        case .choices(let choices):
            let items = raw.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !items.isEmpty else { throw bad }
            for item in items where !choices.contains(item) {
                throw UsageError("\(o.name): unknown value '\(item)'" + DidYouMean.hint(item, among: choices))
            }
            for (i, item) in items.enumerated() where items[..<i].contains(item) {
                throw UsageError("\(o.name): '\(item)' is given twice")
            }
            return .list(items)
        }
    }
}
