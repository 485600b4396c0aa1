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

/// `junit.xml`: one test case per expectation, a failure carrying the measured value.
public enum JUnitXML {
    static func esc(_ s: String) -> String {
        var o = ""
        for c in s {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default: o.append(c)
            }
        }
        return o
    }

    public static func render(_ results: [RunResult]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let tests = results.reduce(0) { $0 + $1.expectations.count }
        let failures = results.reduce(0) { $0 + $1.expectations.filter { !$0.passed }.count }
        out += "<testsuites name=\"resortsim\" tests=\"\(tests)\" failures=\"\(failures)\">\n"
        for r in results {
            let f = r.expectations.filter { !$0.passed }.count
            out += "  <testsuite name=\"\(esc(r.scenario))\" tests=\"\(r.expectations.count)\" failures=\"\(f)\" time=\"\(String(format: "%.3f", r.virtualSeconds))\">\n"
            out += "    <properties><property name=\"seed\" value=\"\(r.seed)\"/><property name=\"version\" value=\"\(esc(r.version))\"/></properties>\n"
            for e in r.expectations {
                out += "    <testcase classname=\"\(esc(r.scenario))\" name=\"line \(e.line): \(esc(e.text))\" file=\"\(esc(r.file))\" line=\"\(e.line)\">"
                if e.passed { out += "<system-out>\(esc(e.measured))</system-out>" }
                else { out += "\n      <failure message=\"\(esc(e.measured))\">\(esc(r.file)):\(e.line): \(esc(e.text)): measured \(esc(e.measured))</failure>\n    " }
                out += "</testcase>\n"
            }
            for w in r.warnings { out += "    <testcase classname=\"\(esc(r.scenario))\" name=\"run\"><failure message=\"\(esc(w))\"/></testcase>\n" }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }
}
