import Foundation
import SimCore
import Formats

/// A committed baseline (`reports/baselines/NAME.json`): each load's availability,
/// transaction rate and p99, with how far each may move before it counts as a regression.
public struct Baseline: Sendable {
    public struct Load: Sendable {
        public var line: Int
        public var command: String
        public var availability, transactionRate, p99: Double
        public var tolerance: (availability: Double, transactionRate: Double, p99: Double)
        public init(line: Int, command: String, availability: Double, transactionRate: Double, p99: Double,
                    tolerance: (availability: Double, transactionRate: Double, p99: Double)) {
            self.line = line; self.command = command; self.availability = availability
            self.transactionRate = transactionRate; self.p99 = p99; self.tolerance = tolerance
        }
    }
    public var scenario: String
    public var seed: UInt64
    public var version: String
    public var loads: [Load]

    public static let schemaVersion: Int64 = 1

    public init(scenario: String, seed: UInt64, version: String, loads: [Load]) {
        self.scenario = scenario; self.seed = seed; self.version = version; self.loads = loads
    }

    public func json() -> String {
        func n(_ v: Double) -> JSON { .double((v * 10_000).rounded() / 10_000) }
        return JSON.object([
            ("schemaVersion", .int(Baseline.schemaVersion)), ("scenario", .string(scenario)), ("seed", .string(String(seed))),
            ("version", .string(version)),
            ("loads", .array(loads.map { l in .object([
                ("line", .int(Int64(l.line))), ("command", .string(l.command)),
                ("availability", n(l.availability)), ("transactionRate", n(l.transactionRate)), ("p99Seconds", n(l.p99)),
                ("tolerance", .object([("availability", n(l.tolerance.availability)), ("transactionRate", n(l.tolerance.transactionRate)),
                                       ("p99Seconds", n(l.tolerance.p99))])),
            ]) })),
        ]).pretty(indent: 2, sortKeys: false) + "\n"
    }

    public static func parse(_ text: String) throws -> Baseline {
        let j: JSON
        do { j = try JSONParser.parse(text) } catch let f as JSONParser.Failure { throw ValueError("not JSON: \(f.describe(in: text))") }
        guard j["schemaVersion"]?.int64Value == schemaVersion, let name = j["scenario"]?.stringValue,
              case .array(let loads)? = j["loads"] else { throw ValueError("not a resortsim baseline (schemaVersion 1 with scenario and loads)") }
        return Baseline(scenario: name, seed: UInt64(j["seed"]?.stringValue ?? "") ?? 0, version: j["version"]?.stringValue ?? "",
                        loads: try loads.map { l in
            guard let a = l["availability"]?.doubleValue, let r = l["transactionRate"]?.doubleValue, let p = l["p99Seconds"]?.doubleValue else {
                throw ValueError("a baseline load needs availability, transactionRate and p99Seconds")
            }
            let t = l["tolerance"]
            let tolerance = (t?["availability"]?.doubleValue ?? 1, t?["transactionRate"]?.doubleValue ?? r * 0.05, t?["p99Seconds"]?.doubleValue ?? p * 0.1)
            guard (0...100).contains(a) else { throw ValueError("availability \(a) is not a percentage (expected 0 to 100)") }
            for (name, v) in [("transactionRate", r), ("p99Seconds", p), ("tolerance.availability", tolerance.0),
                              ("tolerance.transactionRate", tolerance.1), ("tolerance.p99Seconds", tolerance.2)] {
                guard v.isFinite, v >= 0, v <= 1e12 else { throw ValueError("\(name) \(v) is not a figure a run can have (expected 0 or more, finite)") }
            }
            return Load(line: Int(l["line"]?.int64Value ?? 0), command: l["command"]?.stringValue ?? "", availability: a, transactionRate: r, p99: p,
                        tolerance: tolerance)
        })
    }

    /// Tolerances from reruns with other seeds: 1.5 times the largest move from the
    /// baseline's figure, at least 0.5 percentage points, 2 % of the rate, 5 % of p99.
    public static func tolerance(base: LoadFigures, reruns: [LoadFigures]) -> (Double, Double, Double) {
        let a = reruns.map { abs($0.availability - base.availability) }.max() ?? 0
        let r = reruns.map { abs($0.transactionRate - base.transactionRate) }.max() ?? 0
        let p = reruns.map { abs($0.percentile(0.99) - base.percentile(0.99)) }.max() ?? 0
        return (max(0.5, a * 1.5), max(base.transactionRate * 0.02, r * 1.5, 0.01), max(base.percentile(0.99) * 0.05, p * 1.5, 0.001))
    }
}

/// One compared figure and its verdict.
public struct BaselineVerdict: Sendable {
    public let scenario: String
    public let figure: String
    public let baseline: String
    public let now: String
    public let verdict: String
    public let regression: Bool

    /// Compares a run's loads with its baseline: availability and rate may not fall, p99 may
    /// not rise, by more than the tolerance.
    public static func compare(_ r: RunResult, _ b: Baseline?) -> [BaselineVerdict] {
        guard let b = b else {
            return r.loads.isEmpty ? [] : [BaselineVerdict(scenario: r.scenario, figure: "loads", baseline: "none", now: "\(r.loads.count)", verdict: "no baseline (make one with --update-baselines)", regression: false)]
        }
        var out: [BaselineVerdict] = []
        if b.loads.count != r.loads.count {
            out.append(BaselineVerdict(scenario: r.scenario, figure: "loads", baseline: "\(b.loads.count)", now: "\(r.loads.count)", verdict: "REGRESSION: the number of loads changed", regression: true))
        }
        for (l, f) in zip(b.loads, r.loads) {
            func row(_ name: String, _ base: Double, _ now: Double, _ tol: Double, higherIsBetter: Bool, _ fmt: String) -> BaselineVerdict {
                let delta = now - base
                let worse = higherIsBetter ? delta < -tol : delta > tol
                let better = higherIsBetter ? delta > tol : delta < -tol
                let verdict = worse ? "REGRESSION (tolerance \(String(format: fmt, tol)))" : better ? "better (update the baseline?)" : "ok"
                return BaselineVerdict(scenario: r.scenario, figure: "\(name) (line \(f.line))", baseline: String(format: fmt, base),
                                       now: String(format: fmt, now), verdict: verdict, regression: worse)
            }
            out.append(row("availability %", l.availability, f.availability, l.tolerance.availability, higherIsBetter: true, "%.2f"))
            out.append(row("transaction rate /s", l.transactionRate, f.transactionRate, l.tolerance.transactionRate, higherIsBetter: true, "%.2f"))
            out.append(row("p99 s", l.p99, f.percentile(0.99), l.tolerance.p99, higherIsBetter: false, "%.3f"))
        }
        return out
    }

    public static func table(_ v: [BaselineVerdict]) -> String {
        var rows = [["scenario", "figure", "baseline", "now", "verdict"]]
        rows += v.map { [$0.scenario, $0.figure, $0.baseline, $0.now, $0.verdict] }
        var widths = Array(repeating: 0, count: 5)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { r in
            r.enumerated().map { i, c in
                i == 2 || i == 3 ? String(repeating: " ", count: widths[i] - c.count) + c : (i == 4 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0))
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
