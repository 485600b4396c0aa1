import Foundation
import SimCore
import Formats
import Infrastructure

/// A command-line problem: printed as `resortsim: error: ...` with the usage, exit status 2.
struct UsageError: Error {
    let message: String
    let usage: String
}

/// The parsed options of `run` and `validate` (a small parser instead of a dependency).
struct Arguments {
    var files: [String] = []
    var seed: UInt64? = nil
    var sets: [String: String] = [:]
    var report: String? = nil
    var quiet = false
    var help = false
    var maxEvents: UInt64? = nil
    var varies: [(name: String, values: [String])] = []
    var shard: (k: Int, n: Int)? = nil
    var merge = false
    var seeds = 5
    var baselines: String? = nil
    var updateBaselines = false
    var trace: String? = nil
    var params: String? = nil
    var traceFilter: TraceFilter? = nil

    static let runOptions = ["--seed", "--set", "--params", "--report", "--quiet", "--max-events", "--trace", "--trace-sample", "--trace-failed", "--trace-slowest", "--help"]
    static let compareOptions = ["--vary", "--seeds", "--seed", "--set", "--params", "--report", "--max-events", "--shard", "--merge", "--help"]

    /// Splits `V1,V2,...` at commas outside parentheses (`uniform(400ms, 620ms)` is one value).
    static func values(_ text: String) -> [String] {
        var out: [String] = [], cur = "", depth = 0
        for c in text {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == "," && depth == 0 { out.append(cur.trimmingCharacters(in: .whitespaces)); cur = "" } else { cur.append(c) }
        }
        out.append(cur.trimmingCharacters(in: .whitespaces))
        return out
    }

    static func parse(_ args: [String], command: String, allowed: [String], usage: String) throws -> Arguments {
        var a = Arguments()
        var i = 0
        func value(_ flag: String, _ inline: String?) throws -> String {
            if let v = inline { return v }
            i += 1
            guard i < args.count else { throw UsageError(message: "\(flag) needs a value", usage: usage) }
            return args[i]
        }
        while i < args.count {
            let raw = args[i]
            var flag = raw, inline: String? = nil
            if raw.hasPrefix("--"), let eq = raw.firstIndex(of: "=") {
                flag = String(raw[..<eq]); inline = String(raw[raw.index(after: eq)...])
            }
            if raw.hasPrefix("-") && raw != "-" {
                if flag == "-h" { flag = "--help" }
                if flag == "-q" { flag = "--quiet" }
                guard allowed.contains(flag) else {
                    let near = allowed.min { distance($0, flag) < distance($1, flag) }
                    let hint = near.flatMap { distance($0, flag) <= 2 ? " (did you mean '\($0)'?)" : nil } ?? " (expected one of: \(allowed.joined(separator: ", ")))"
                    throw UsageError(message: "unknown option '\(raw)' for \(command)\(hint)", usage: usage)
                }
                switch flag {
                case "--help": a.help = true
                case "--quiet": a.quiet = true
                case "--seed":
                    let v = try value(flag, inline)
                    guard let s = UInt64(v) else { throw UsageError(message: "--seed needs a whole number from 0 to 18446744073709551615, not '\(v)'", usage: usage) }
                    a.seed = s
                case "--max-events":
                    let v = try value(flag, inline)
                    guard let s = UInt64(v), s > 0 else { throw UsageError(message: "--max-events needs a positive whole number, not '\(v)'", usage: usage) }
                    a.maxEvents = s
                case "--set":
                    let v = try value(flag, inline)
                    let kv = v.split(separator: "=", maxSplits: 1).map(String.init)
                    guard kv.count == 2, !kv[0].isEmpty else { throw UsageError(message: "--set needs NAME=VALUE, not '\(v)'", usage: usage) }
                    a.sets[kv[0]] = kv[1]
                case "--report":
                    a.report = try value(flag, inline)
                case "--baselines":
                    a.baselines = try value(flag, inline)
                case "--update-baselines":
                    a.updateBaselines = true
                case "--vary":
                    let v = try value(flag, inline)
                    let kv = v.split(separator: "=", maxSplits: 1).map(String.init)
                    let vals = kv.count == 2 ? values(kv[1]) : []
                    guard kv.count == 2, !kv[0].isEmpty, !vals.isEmpty, !vals.contains(where: { $0.isEmpty }) else {
                        throw UsageError(message: "--vary needs NAME=V1,V2,... with no empty value, not '\(v)'", usage: usage)
                    }
                    guard !a.varies.contains(where: { $0.name == kv[0] }) else {
                        throw UsageError(message: "--vary \(kv[0]) is given twice (list its values once: \(kv[0])=V1,V2,...)", usage: usage)
                    }
                    a.varies.append((kv[0], vals))
                case "--shard":
                    let v = try value(flag, inline)
                    let kn = v.split(separator: "/").map { Int($0) }
                    guard kn.count == 2, let k = kn[0], let n = kn[1], n >= 1, n <= 10_000, (1...n).contains(k) else {
                        throw UsageError(message: "--shard needs K/N with 1 <= K <= N (a Kubernetes Indexed Job gives K = JOB_COMPLETION_INDEX + 1), not '\(v)'", usage: usage)
                    }
                    a.shard = (k, n)
                case "--merge":
                    a.merge = true
                case "--params":
                    a.params = try value(flag, inline)
                case "--trace":
                    a.trace = try value(flag, inline)
                case "--trace-sample":
                    let v = try value(flag, inline)
                    guard let r = Double(v), r > 0, r <= 1 else { throw UsageError(message: "--trace-sample needs a share of requests above 0 and at most 1 (0.01 keeps one in a hundred), not '\(v)'", usage: usage) }
                    try a.setTraceFilter(.sample(r), usage)
                case "--trace-failed":
                    try a.setTraceFilter(.failed, usage)
                case "--trace-slowest":
                    let v = try value(flag, inline)
                    guard let n = Int(v), (1...100_000).contains(n) else { throw UsageError(message: "--trace-slowest needs a whole number from 1 to 100000, not '\(v)'", usage: usage) }
                    try a.setTraceFilter(.slowest(n), usage)
                case "--seeds":
                    let v = try value(flag, inline)
                    guard let n = Int(v), (1...1000).contains(n) else { throw UsageError(message: "--seeds needs a whole number from 1 to 1000, not '\(v)'", usage: usage) }
                    a.seeds = n
                default: break
                }
            } else {
                a.files.append(raw)
            }
            i += 1
        }
        return a
    }

    static func distance(_ a: String, _ b: String) -> Int { editDistance(a, b) }

    mutating func setTraceFilter(_ f: TraceFilter, _ usage: String) throws {
        guard traceFilter == nil else { throw UsageError(message: "give one of --trace-sample, --trace-failed and --trace-slowest", usage: usage) }
        traceFilter = f
    }
}
