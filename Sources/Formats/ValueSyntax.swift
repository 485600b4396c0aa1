import SimCore
/// A problem with a value written by the user; `column` is the 0-based offset within the
/// value where it was found, and `expected` says what would be valid.
public struct ValueError: Error, Equatable, Sendable {
    public let message: String
    public let offset: Int
    public init(_ message: String, offset: Int = 0) { self.message = message; self.offset = offset }
}

/// Parsers for the scenario language's value syntax: durations, percentages, CPU sizes,
/// distributions. Pure functions; errors say what would be valid.
public enum ValueSyntax {
    static let durationHelp = "a duration such as 610ms, 2s, 1.5s, 10S, 5m or 1h"

    /// Parses `610ms`, `2s`, `1.5s`, `10S`, `60S` (siege), `5m`, `1M` (siege minutes), `1h`,
    /// `1H`, `250us`, `100ns`. Exact: the decimal is converted with integers.
    /// The longest duration anything takes: 10^9 s (about 31.7 years), so that sums of
    /// durations stay far inside 64-bit nanoseconds. The command line uses the same bound.
    public static let maxDurationSeconds: Int64 = 1_000_000_000

    public static func duration(_ text: String) throws -> SimDuration {
        let chars = Array(text)
        var i = 0
        var intPart: Int64 = 0
        var fracDigits: [Int64] = []
        var sawDigit = false
        let tooLong = ValueError("duration '\(text)' is too long (at most \(ValueSyntax.maxDurationSeconds)s)")
        while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
            sawDigit = true
            // Bounded while read (a long run of digits cannot overflow); the whole value is
            // checked against the limit below, once its unit is known.
            if intPart > ValueSyntax.maxDurationSeconds * 100_000_000 { throw tooLong } // x10 would pass 10^18 ns
            intPart = intPart * 10 + Int64(d); i += 1
        }
        if i < chars.count && chars[i] == "." {
            i += 1
            while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
                sawDigit = true
                if fracDigits.count < 9 { fracDigits.append(Int64(d)) }
                i += 1
            }
        }
        guard sawDigit else { throw ValueError("'\(text)' is not a duration (expected \(durationHelp))") }
        let unit = String(chars[i...])
        let scale: Int64
        switch unit {
        case "ns": scale = 1
        case "us", "µs": scale = 1_000
        case "ms": scale = 1_000_000
        case "s", "S": scale = 1_000_000_000
        case "m", "M": scale = 60_000_000_000
        case "h", "H": scale = 3_600_000_000_000
        case "": throw ValueError("duration '\(text)' has no unit (expected \(durationHelp))", offset: i)
        default: throw ValueError("unknown duration unit '\(unit)' in '\(text)' (expected ns, us, ms, s, m or h)", offset: i)
        }
        var ns = intPart.multipliedReportingOverflow(by: scale)
        if ns.overflow || ns.partialValue > ValueSyntax.maxDurationSeconds * 1_000_000_000 { throw tooLong }
        var fracScale = scale
        for d in fracDigits {
            fracScale /= 10
            ns.partialValue += d * fracScale
        }
        if ns.partialValue > ValueSyntax.maxDurationSeconds * 1_000_000_000 { throw tooLong }
        return SimDuration(nanoseconds: ns.partialValue)
    }

    /// A boolean as Spring converts one (spring-core 5.1 `StringToBooleanConverter`:
    /// `true`, `on`, `yes`, `1` and `false`, `off`, `no`, `0`, in any case, trimmed), which
    /// the command line's flags take too; nil for anything else.
    public static let boolHelp = "true or false (on/off, yes/no, 1/0)"
    public static func bool(_ text: String) -> Bool? {
        var t = Substring(text)
        while t.first == " " { t = t.dropFirst() }
        while t.last == " " { t = t.dropLast() }
        switch t.lowercased() {
        case "true", "on", "yes", "1": return true
        case "false", "off", "no", "0": return false
        default: return nil
        }
    }

    /// Parses `20%` or `99.5%` into a fraction (0.2, 0.995). The value must be in 0…100.
    public static func percentage(_ text: String) throws -> Double {
        guard text.hasSuffix("%"), let v = Double(text.dropLast()), v.isFinite else {
            throw ValueError("'\(text)' is not a percentage (expected a number followed by %, such as 20% or 99.5%)")
        }
        guard v >= 0 && v <= 100 else { throw ValueError("percentage '\(text)' is out of range (expected 0% to 100%)") }
        return v / 100
    }

    /// Parses a share written as `0.05` or `5%`.
    public static func rate(_ text: String) throws -> Double {
        if text.hasSuffix("%") { return try percentage(text) }
        guard let v = Double(text), v.isFinite, v >= 0, v <= 1 else {
            throw ValueError("'\(text)' is not a rate (expected a number from 0 to 1, or a percentage such as 5%)")
        }
        return v
    }

    /// Parses a distribution; a bare duration is a constant.
    public static func distribution(_ text: String) throws -> Distribution {
        let t = text.trimmingSpaces
        guard let open = t.firstIndex(of: "(") else { return .constant(try duration(t)) }
        let name = String(t[..<open])
        guard t.hasSuffix(")") else {
            throw ValueError("distribution '\(text)' is missing its closing ')'", offset: t.count)
        }
        let inner = t[t.index(after: open)..<t.index(before: t.endIndex)]
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        func arg(_ index: Int, _ label: String?) throws -> SimDuration {
            guard index < parts.count else { throw ValueError("\(name) needs \(label ?? "two durations")") }
            var p = parts[index]
            if let label = label {
                guard p.hasPrefix(label + ":") else {
                    throw ValueError("\(name) expects '\(label): DURATION' as argument \(index + 1), found '\(p)'")
                }
                p = String(p.dropFirst(label.count + 1)).trimmingSpaces
            }
            return try duration(p)
        }
        func arity(_ n: Int, _ usage: String) throws {
            guard parts.count == n else { throw ValueError("\(name) takes \(n) argument\(n == 1 ? "" : "s") (expected \(usage))") }
        }
        switch name {
        case "uniform":
            try arity(2, "uniform(MIN, MAX)")
            let a = try arg(0, nil), b = try arg(1, nil)
            guard a <= b else { throw ValueError("uniform(\(a), \(b)): the minimum is above the maximum") }
            return .uniform(a, b)
        case "exponential":
            try arity(1, "exponential(mean: DURATION)")
            let m = try arg(0, "mean")
            guard m.nanoseconds > 0 else { throw ValueError("exponential needs a mean above zero") }
            return .exponential(mean: m)
        case "normal":
            try arity(2, "normal(mean: DURATION, sd: DURATION)")
            return .normal(mean: try arg(0, "mean"), sd: try arg(1, "sd"))
        case "lognormal":
            try arity(2, "lognormal(median: DURATION, p99: DURATION)")
            let m = try arg(0, "median"), p = try arg(1, "p99")
            guard m.nanoseconds > 0, p >= m else { throw ValueError("lognormal needs 0 < median <= p99") }
            return .lognormal(median: m, p99: p)
        default:
            throw ValueError("unknown distribution '\(name)' (expected a duration, uniform(...), exponential(mean: ...), normal(mean: ..., sd: ...) or lognormal(median: ..., p99: ...))")
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    public var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

/// Levenshtein distance between two strings, for "did you mean" hints.
public func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var prev = Array(0...y.count)
    for i in 1...x.count {
        var cur = [i] + Array(repeating: 0, count: y.count)
        for j in 1...y.count { cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)) }
        prev = cur
    }
    return prev[y.count]
}
