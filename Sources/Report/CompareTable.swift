import Foundation
import SimCore

/// The table and CSV of a sweep (its SVG chart: CompareChart.swift).
public enum CompareTable {
    /// Two-sided 97.5 % quantiles of Student's t for 1…30 degrees of freedom.
    static let t975: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]

    public static func ci95(_ xs: [Double]) -> Double? {
        guard xs.count >= 2 else { return nil }
        let n = Double(xs.count)
        let m = xs.reduce(0, +) / n
        let sd = (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / (n - 1)).squareRoot()
        let t = xs.count - 1 <= t975.count ? t975[xs.count - 2] : 1.96
        return t * sd / n.squareRoot()
    }

    public static func render(_ rows: [CompareRow], parameters: [String], seeds: Int) -> String {
        // A column for the runs in which a pod stopped during the load, when any did (a rollout).
        let stops = rows.contains { $0.runsWithPodStop > 0 }
        let header = parameters + ["availability", "trans/sec", "resp time", "p99", "failed", "breaker open"] + (stops ? ["pod stopped"] : [])
        let k = parameters.count
        var lines: [[String]] = [header]
        for r in rows {
            guard !r.runs.isEmpty else { lines.append(r.values + ["no load measured"] + Array(repeating: "", count: header.count - k - 1)); continue }
            let ci = r.availabilityCI95.map { String(format: " ± %.2f", $0) } ?? ""
            lines.append(r.values + [String(format: "%.2f %%", r.availabilityMean) + ci, String(format: "%.2f", r.transactionRate),
                          String(format: "%.3f s", r.responseTime), String(format: "%.3f s", r.p99),
                          String(format: seeds > 1 ? "%.1f" : "%.0f", r.failed), String(format: "%.1f %%", r.breakerOpenShare * 100)]
                          + (stops ? ["\(r.runsWithPodStop) of \(r.runs.count) runs"] : []))
        }
        var widths = Array(repeating: 0, count: header.count)
        for l in lines { for (i, c) in l.enumerated() { widths[i] = max(widths[i], c.count) } }
        return lines.map { l in
            l.enumerated().map { i, c in
                i < k ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    public static func csv(_ rows: [CompareRow], parameters: [String]) -> String {
        var out = CSV.record(parameters + ["seeds", "availability_mean", "availability_ci95", "transaction_rate", "response_time_mean", "p99", "failed_mean", "breaker_open_share", "runs_with_pod_stop"])
        for r in rows {
            out += CSV.record(r.values + [String(r.runs.count), String(format: "%.4f", r.availabilityMean),
                    r.availabilityCI95.map { String(format: "%.4f", $0) } ?? "",
                    String(format: "%.4f", r.transactionRate), String(format: "%.6f", r.responseTime),
                    String(format: "%.6f", r.p99), String(format: "%.2f", r.failed), String(format: "%.4f", r.breakerOpenShare),
                    String(r.runsWithPodStop)])
        }
        return out
    }
}
