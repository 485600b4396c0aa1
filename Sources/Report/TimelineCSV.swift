import Foundation

/// `timeline.csv`: one row per virtual second: offered, succeeded and failed requests,
/// availability, p50 and p99, each breaker's state, and per service replicas, ready pods,
/// CPU (millicores) and consumer lag.
public enum TimelineCSV {
    public static func render(_ r: RunResult) -> String {
        let breakers = r.timeline.last?.breakers.map { $0.0 } ?? []
        let services = r.timeline.first?.services.map { $0.name } ?? []
        var header = ["second", "offered", "succeeded", "failed", "availability", "p50_s", "p99_s"]
        header += breakers.map { "breaker:\($0)" }
        for s in services { header += ["\(s):replicas", "\(s):ready", "\(s):cpu_m", "\(s):lag"] }
        var out = CSV.record(header)
        for row in r.timeline {
            var cells = [String(row.second), String(row.offered), String(row.succeeded), String(row.failed),
                         row.availability.map { String(format: "%.2f", $0) } ?? "",
                         row.p50.map { String(format: "%.4f", $0) } ?? "", row.p99.map { String(format: "%.4f", $0) } ?? ""]
            for b in breakers { cells.append(row.breakers.first { $0.0 == b }?.1 ?? "CLOSED") }
            for s in services {
                if let sv = row.services.first(where: { $0.name == s }) {
                    cells += [String(sv.replicas), String(sv.ready), String(sv.cpuMilli), String(sv.lag)]
                } else { cells += ["", "", "", ""] }
            }
            out += CSV.record(cells)
        }
        return out
    }
}
