import Foundation
import SimCore

/// What `compare` keeps of one run: enough for its row's figures, and nothing that grows
/// with the run (a shard writes these, a merge reads them back bit for bit).
public struct RunSummary: Sendable, Equatable {
    public var hits: Int
    public var failed: Int
    public var elapsed: Double
    public var totalTime: Double
    public var breakerOpenShare: Double
    public var histogram: LatencyHistogram

    public init(hits: Int, failed: Int, elapsed: Double, totalTime: Double, breakerOpenShare: Double, histogram: LatencyHistogram) {
        self.hits = hits; self.failed = failed; self.elapsed = elapsed; self.totalTime = totalTime
        self.breakerOpenShare = breakerOpenShare; self.histogram = histogram
    }

    public init(_ f: LoadFigures) {
        self.init(hits: f.hits, failed: f.failed, elapsed: f.elapsed, totalTime: f.totalTime,
                  breakerOpenShare: f.breakerOpenShare(), histogram: f.histogram)
    }

    // siege's formulas, as LoadFigures has them.
    public var availability: Double { hits == 0 ? 0 : Double(hits) / Double(hits + failed) * 100 }
    public var responseTime: Double { hits == 0 ? 0 : totalTime / Double(hits) }
    public var transactionRate: Double { elapsed == 0 ? 0 : Double(hits) / elapsed }
}

/// One row of `resortsim compare`: the figures of one combination of parameter values over
/// several seeds.
public struct CompareRow: Sendable {
    /// The value of each varied parameter, in the order they were given.
    public let values: [String]
    public var runs: [RunSummary] = []
    /// Runs whose scenario had no load to measure, or stopped at a bound.
    public var problems: [String] = []

    public init(values: [String]) { self.values = values }

    /// The values as one label (`500ms, 10`).
    public var value: String { values.joined(separator: ", ") }
    public var availability: [Double] { runs.map { $0.availability } }
    public var availabilityMean: Double { mean(availability) }
    /// Half-width of the 95 % confidence interval of the mean (Student's t), nil below 2 runs.
    public var availabilityCI95: Double? { CompareTable.ci95(availability) }
    public var transactionRate: Double { mean(runs.map { $0.transactionRate }) }
    public var responseTime: Double { mean(runs.map { $0.responseTime }) }
    /// p99 of every response of every seed (merged histograms).
    public var p99: Double {
        var h = LatencyHistogram()
        for r in runs { h.merge(r.histogram) }
        return Double(h.percentile(0.99)) / 1e9
    }
    public var failed: Double { mean(runs.map { Double($0.failed) }) }
    public var breakerOpenShare: Double { mean(runs.map { $0.breakerOpenShare }) }

    func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
}

/// The table, CSV and SVG chart of a sweep.
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
        let header = parameters + ["availability", "trans/sec", "resp time", "p99", "failed", "breaker open"]
        let k = parameters.count
        var lines: [[String]] = [header]
        for r in rows {
            guard !r.runs.isEmpty else { lines.append(r.values + ["no load measured"] + Array(repeating: "", count: 5)); continue }
            let ci = r.availabilityCI95.map { String(format: " ± %.2f", $0) } ?? ""
            lines.append(r.values + [String(format: "%.2f %%", r.availabilityMean) + ci, String(format: "%.2f", r.transactionRate),
                          String(format: "%.3f s", r.responseTime), String(format: "%.3f s", r.p99),
                          String(format: seeds > 1 ? "%.1f" : "%.0f", r.failed), String(format: "%.1f %%", r.breakerOpenShare * 100)])
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
        var out = CSV.record(parameters + ["seeds", "availability_mean", "availability_ci95", "transaction_rate", "response_time_mean", "p99", "failed_mean", "breaker_open_share"])
        for r in rows {
            out += CSV.record(r.values + [String(r.runs.count), String(format: "%.4f", r.availabilityMean),
                    r.availabilityCI95.map { String(format: "%.4f", $0) } ?? "",
                    String(format: "%.4f", r.transactionRate), String(format: "%.6f", r.responseTime),
                    String(format: "%.6f", r.p99), String(format: "%.2f", r.failed), String(format: "%.4f", r.breakerOpenShare)])
        }
        return out
    }

    /// A self-contained SVG: availability (left axis, with its 95 % interval) and p99
    /// (right axis) against the values, in the order given.
    public static func svg(_ rows: [CompareRow], parameter: String, title: String) -> String {
        let w = 720.0, h = 400.0, left = 70.0, right = 70.0, top = 50.0, bottom = 60.0
        let pw = w - left - right, ph = h - top - bottom
        let n = max(1, rows.count)
        func x(_ i: Int) -> Double { left + (n == 1 ? pw / 2 : pw * Double(i) / Double(n - 1)) }
        let maxP99 = max(0.001, rows.map { $0.p99 }.max() ?? 0) * 1.1
        func yA(_ a: Double) -> Double { top + ph * (1 - a / 100) }
        func yP(_ p: Double) -> Double { top + ph * (1 - p / maxP99) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(f(w / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">\(esc(title))</text>\n"
        for k in 0...4 {
            let a = Double(k) * 25
            s += "<line x1=\"\(f(left))\" x2=\"\(f(left + pw))\" y1=\"\(f(yA(a)))\" y2=\"\(f(yA(a)))\" stroke=\"#ddd\"/>\n"
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(yA(a) + 4))\" text-anchor=\"end\" fill=\"#1f6feb\">\(Int(a)) %</text>\n"
            let p = maxP99 * Double(k) / 4
            s += "<text x=\"\(f(left + pw + 8))\" y=\"\(f(yA(a) + 4))\" fill=\"#d1242f\">\(String(format: "%.2f", p)) s</text>\n"
        }
        s += "<text x=\"18\" y=\"\(f(top + ph / 2))\" transform=\"rotate(-90 18 \(f(top + ph / 2)))\" text-anchor=\"middle\" fill=\"#1f6feb\">availability</text>\n"
        s += "<text x=\"\(f(w - 14))\" y=\"\(f(top + ph / 2))\" transform=\"rotate(90 \(f(w - 14)) \(f(top + ph / 2)))\" text-anchor=\"middle\" fill=\"#d1242f\">p99 response time</text>\n"
        for (i, r) in rows.enumerated() {
            s += "<text x=\"\(f(x(i)))\" y=\"\(f(top + ph + 20))\" text-anchor=\"middle\">\(esc(r.value))</text>\n"
            if let ci = r.availabilityCI95 {
                s += "<line x1=\"\(f(x(i)))\" x2=\"\(f(x(i)))\" y1=\"\(f(yA(min(100, r.availabilityMean + ci))))\" y2=\"\(f(yA(max(0, r.availabilityMean - ci))))\" stroke=\"#1f6feb\" stroke-width=\"2\"/>\n"
            }
        }
        s += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(h - 14))\" text-anchor=\"middle\">\(esc(parameter))</text>\n"
        let measured = rows.enumerated().filter { !$0.element.runs.isEmpty }
        s += "<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" points=\"" + measured.map { "\(f(x($0.offset))),\(f(yA($0.element.availabilityMean)))" }.joined(separator: " ") + "\"/>\n"
        s += "<polyline fill=\"none\" stroke=\"#d1242f\" stroke-width=\"2\" stroke-dasharray=\"6 4\" points=\"" + measured.map { "\(f(x($0.offset))),\(f(yP($0.element.p99)))" }.joined(separator: " ") + "\"/>\n"
        for (i, r) in measured {
            s += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(yA(r.availabilityMean)))\" r=\"4\" fill=\"#1f6feb\"><title>\(esc(r.value)): availability \(String(format: "%.2f", r.availabilityMean)) %</title></circle>\n"
            s += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(yP(r.p99)))\" r=\"4\" fill=\"#d1242f\"><title>\(esc(r.value)): p99 \(String(format: "%.3f", r.p99)) s</title></circle>\n"
        }
        s += "<text x=\"\(f(left))\" y=\"42\" fill=\"#1f6feb\">— availability (mean, 95 % interval)</text>\n"
        s += "<text x=\"\(f(left + pw))\" y=\"42\" text-anchor=\"end\" fill=\"#d1242f\">- - p99 response time</text>\n"
        s += "</svg>\n"
        return s
    }
}
