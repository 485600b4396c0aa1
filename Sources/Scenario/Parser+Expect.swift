import Foundation
import SimCore
import Infrastructure
import Formats

extension Parser {
    static let expectKinds = ["status", "body", "lag", "consistent", "events", "breaker", "replicas", "max-replicas", "ready", "restarts"] + LoadMetric.allCases.map { $0.rawValue }
    static let operators = ComparisonOperator.allCases.map(\.rawValue)

    mutating func expectation(_ line: SourceLine, _ args: [Word]) -> Command? {
        guard let kind = args.first else {
            error(line, "expect needs something to check (expected one of: \(Parser.expectKinds.joined(separator: ", ")))")
            return nil
        }
        let rest = Array(args.dropFirst())
        switch kind.text {
        case "status":
            guard rest.count == 1, let s = Int(rest[0].text), (100...599).contains(s) else {
                error(rest.first ?? kind, "expect status needs an HTTP status from 100 to 599 (expected: expect status 201)")
                return nil
            }
            return .expect(.status(s))
        case "body":
            guard rest.count == 3 else {
                error(rest.first ?? kind, "expect body needs PATH OP VALUE (expected: expect body status == \"Available\")")
                return nil
            }
            guard let op = ComparisonOperator(rawValue: rest[1].text) else {
                error(rest[1], "unknown operator '\(rest[1].text)' (expected one of: \(Parser.operators.joined(separator: " ")))")
                return nil
            }
            if let problem = HttpiePrinter.pathProblem(rest[0].text) {
                error(rest[0], "'\(rest[0].text)' is not a body path: \(problem) (expected names and indexes, such as _embedded.resorts[0].resortName)")
                return nil
            }
            let value = literal(rest[2])
            if op != .equal && op != .notEqual && value.doubleValue?.isFinite != true {
                error(rest[2], "\(op.rawValue) compares numbers, and '\(rest[2].text)' is not one (== and != compare any value)")
                return nil
            }
            return .expect(.body(path: rest[0].text, op: op, value: value))
        case "consistent":
            guard rest.isEmpty else { error(rest[0], "expect consistent takes no arguments"); return nil }
            return .expect(.consistent)
        case "events":
            guard rest.count == 1 else { error(rest.first ?? kind, "expect events needs one .jsonl file"); return nil }
            guard let (path, text) = readRelative(rest[0], what: "events file") else { return nil }
            for (n, l) in text.textLines.enumerated() where !String(l).trimmingSpaces.isEmpty {
                guard case .object(let members)? = try? JSONParser.parse(String(l)), !members.isEmpty else {
                    diagnostics.append(Diagnostic(file: path, line: n + 1, column: 1, message: "not an event (an events file has one JSON object with members per line)"))
                    continue
                }
            }
            return .expect(.events(file: path))
        case "lag":
            guard rest.count >= 3 else { error(rest.first ?? kind, "expect lag needs GROUP OP N (expected: expect lag \(examples.group) == 0)"); return nil }
            guard let group = serviceName(rest[0]) else { return nil }
            guard let cmp = comparison(Array(rest.dropFirst()), unit: .count) else { return nil }
            return .expect(.lag(group: group, cmp))
        case "replicas", "restarts", "ready", "max-replicas":
            guard rest.count >= 3 else { error(rest.first ?? kind, "expect \(kind.text) needs SERVICE OP N (expected: expect \(kind.text) \(examples.scaled) == 3)"); return nil }
            guard let d = serviceName(rest[0]) else { return nil }
            guard let cmp = comparison(Array(rest.dropFirst()), unit: .count) else { return nil }
            return .expect(.kube(KubeMetric(rawValue: kind.text) ?? .replicas, deployment: d, cmp))
        case "breaker":
            guard rest.count == 2 else {
                error(rest.first ?? kind, "expect breaker needs CALLER->CLIENT and opened or closed (expected: expect breaker \(examples.breaker) opened)")
                return nil
            }
            let ends = rest[0].text.components(separatedBy: "->")
            guard ends.count == 2 else {
                error(rest[0], "'\(rest[0].text)' is not a breaker (expected CALLER->CLIENT, such as \(examples.breaker))")
                return nil
            }
            var ok = true
            for (i, e) in ends.enumerated() where !services.contains(e) {
                let col = rest[0].column + (i == 0 ? 0 : ends[0].count + 2)
                let hint = suggestion(for: e, among: services).map { " (did you mean '\($0)'?)" } ?? " (expected one of: \(services.joined(separator: ", ")))"
                diagnostics.append(Diagnostic(file: file, line: rest[0].line, column: col, message: "unknown service '\(e)'\(hint)"))
                ok = false
            }
            guard rest[1].text == "opened" || rest[1].text == "closed" else {
                error(rest[1], "'\(rest[1].text)' is not a breaker outcome (expected opened or closed)")
                return nil
            }
            return ok ? .expect(.breaker(caller: ends[0], client: ends[1], opened: rest[1].text == "opened")) : nil
        default:
            let metricName = kind.text == "rate" ? "transaction-rate" : kind.text
            guard let metric = LoadMetric(rawValue: metricName) else {
                let hint = suggestion(for: kind.text, among: Parser.expectKinds).map { " (did you mean '\($0)'?)" }
                    ?? " (expected one of: \(Parser.expectKinds.joined(separator: ", ")))"
                error(kind, "unknown expectation '\(kind.text)'\(hint)")
                return nil
            }
            let unit = Parser.unit(of: metric)
            guard !rest.isEmpty else {
                error(kind, "expect \(kind.text) needs OP VALUE or between A and B (expected: expect \(kind.text) \(Parser.example(unit)))")
                return nil
            }
            guard let cmp = comparison(rest, unit: unit) else { return nil }
            return .expect(.load(metric, cmp, unit: unit.rawValue))
        }
    }

    enum Unit: String { case percent, seconds, count, number }

    /// A comparison in the unit, for messages.
    static func example(_ unit: Unit) -> String {
        switch unit {
        case .percent: return ">= 99%"
        case .seconds: return "<= 2s"
        case .count: return ">= 100"
        case .number: return ">= 15.5"
        }
    }

    static func unit(of m: LoadMetric) -> Unit {
        switch m {
        case .availability: return .percent
        case .responseTime, .p50, .p90, .p99, .longest, .shortest, .elapsed: return .seconds
        case .transactions, .successful, .failed: return .count
        case .throughput, .transactionRate, .concurrency: return .number
        }
    }

    /// `OP VALUE` or `between A and B`, values in the metric's unit.
    mutating func comparison(_ w: [Word], unit: Unit) -> Comparison? {
        guard let first = w.first else { return nil }
        if first.text == "between" {
            guard w.count == 4, w[2].text == "and" else { error(first, "expected: between A and B"); return nil }
            guard let a = number(w[1], unit), let b = number(w[3], unit) else { return nil }
            guard a <= b else { error(w[1], "between \(w[1].text) and \(w[3].text): the first bound is above the second"); return nil }
            return .between(a, b)
        }
        guard let op = ComparisonOperator(rawValue: first.text) else {
            error(first, "unknown operator '\(first.text)' (expected one of: \(Parser.operators.joined(separator: " ")), or between A and B)")
            return nil
        }
        guard w.count == 2 else { error(first, "expected one value after \(first.text)"); return nil }
        guard let v = number(w[1], unit) else { return nil }
        return .op(op, v)
    }

    mutating func number(_ w: Word, _ unit: Unit) -> Double? {
        switch unit {
        case .percent:
            do { return try ValueSyntax.percentage(w.text) * 100 } catch let e as ValueError { error(w, e.message) } catch {}
            return nil
        case .seconds:
            if let d = Double(w.text), d >= 0 { return d }
            if let d = duration(w) { return d.seconds }
            return nil
        case .count:
            if let n = Int(w.text), n >= 0 { return Double(n) }
            error(w, "'\(w.text)' is not a count (expected a whole number, 0 or more)")
            return nil
        case .number:
            let t = w.text.hasSuffix("/s") ? String(w.text.dropLast(2)) : w.text
            if let d = Double(t), d >= 0, d.isFinite { return d }
            error(w, "'\(w.text)' is not valid here (expected a number, 0 or more, such as 15.5)")
            return nil
        }
    }

    /// An expected body value: a quoted word is a string; otherwise a number, true, false,
    /// null or JSON, falling back to a string.
    func literal(_ w: Word) -> JSON {
        if w.quoted { return .string(w.text) }
        if let v = try? JSONParser.parse(w.text) { return v }
        return .string(w.text)
    }

    /// Checks that need the whole file: an expectation refers to something earlier.
    mutating func checkOrder(_ commands: [Located]) {
        var sawHttp = false, sawLoad = false
        for c in commands {
            for r in refusedClients where r.line < c.line {
                if r.command == "http" { sawHttp = true } else { sawLoad = true }
            }
            switch c.command {
            case .http: sawHttp = true
            case .siege, .load: sawLoad = true
            case .expect(.status), .expect(.body):
                if !sawHttp {
                    diagnostics.append(Diagnostic(file: file, line: c.line, column: c.column,
                        message: "this expectation checks the last http response, but no http command comes before it"))
                }
            case .expect(.load):
                if !sawLoad {
                    diagnostics.append(Diagnostic(file: file, line: c.line, column: c.column,
                        message: "this expectation checks the last load, but no siege or load command comes before it"))
                }
            default: break
            }
        }
    }
}
