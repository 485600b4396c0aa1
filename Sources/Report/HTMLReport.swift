import Foundation

/// `report.html`: one self-contained page (inline CSS and SVG, nothing fetched). Each load
/// (siege or `load` command) has a section of its own: its charts over its own window of
/// virtual time (requests and availability, response time, breaker states, replicas and
/// ready pods, CPU, broker lag) and its siege summary. A whole-scenario section with the
/// same charts, the loads shaded, comes first when the loads leave time out of their
/// windows (`showsWholeScenario`); before them, the system's picture (services, calls,
/// events, policies and views: `HTMLReport+System.swift`) when the run carries one. Then
/// where the time went (traced runs) and the expectations.
public enum HTMLReport {
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
    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
    static func s3(_ v: Double) -> String { String(format: "%.3f", v) }

    /// Whole seconds of virtual time, never a trap (times are finite and non-negative in a
    /// run; anything else is clamped).
    static func second(_ t: Double, _ rule: FloatingPointRoundingRule) -> Int {
        guard t.isFinite else { return 0 }
        return Int(min(max(t, 0), 1e12).rounded(rule))
    }

    /// A load's window: the whole seconds around [start, start + elapsed], at most to the
    /// timeline's end, at least one second.
    static func window(_ l: LoadFigures, seconds: Int) -> (from: Int, to: Int) {
        let from = second(l.start, .down)
        let end = min(second(l.start + l.elapsed, .up), seconds)
        return (from, max(from + 1, end))
    }

    /// The whole-scenario view adds something unless a single load's window covers at least
    /// 90 % of the timeline.
    static func showsWholeScenario(_ r: RunResult) -> Bool {
        guard r.loads.count == 1 else { return true }
        let seconds = max(1, r.timeline.count), w = window(r.loads[0], seconds: seconds)
        return Double(w.to - w.from) < 0.9 * Double(seconds)
    }

    public static func render(_ r: RunResult) -> String {
        let seconds = max(1, r.timeline.count)
        let spans = r.loads.map { (start: $0.start, end: $0.start + $0.elapsed, label: "line \($0.line)") }
        var body = ""
        body += "<h1>\(esc(r.scenario))</h1>\n<p class=\"meta\">\(esc(r.file)) · seed \(r.seed) · resortsim \(esc(r.version)) · \(String(format: "%.1f", r.virtualSeconds)) s of virtual time · "
        let failed = r.expectations.filter { !$0.passed }.count
        body += failed == 0 ? "<span class=\"pass\">all \(r.expectations.count) expectations held</span></p>\n"
                            : "<span class=\"fail\">\(failed) of \(r.expectations.count) expectations failed</span></p>\n"
        if r.loads.count > 1 {
            body += "<p class=\"meta\">Loads: " + r.loads.map { "<a href=\"#line-\($0.line)\">line \($0.line)</a>" }.joined(separator: " · ") + "</p>\n"
        }
        if let picture = r.picture { body += systemPicture(picture) }
        if showsWholeScenario(r) {
            let chart = HTMLChart(from: 0, to: seconds, spans: spans, level: 3)
            body += "<section class=\"scenario\" data-from=\"0\" data-to=\"\(seconds)\">\n"
            body += "<h2>Whole scenario: 0 s to \(seconds) s\(r.loads.isEmpty ? "" : " (loads shaded)")</h2>\n"
            body += charts(r.timeline, chart) + "</section>\n"
        }
        for l in r.loads {
            let w = window(l, seconds: seconds)
            let chart = HTMLChart(from: w.from, to: w.to, spans: [(l.start, l.start + l.elapsed, "")], level: 3)
            body += "<section class=\"load\" id=\"line-\(l.line)\" data-line=\"\(l.line)\" data-start=\"\(s3(l.start))\" data-end=\"\(s3(l.start + l.elapsed))\" data-from=\"\(w.from)\" data-to=\"\(w.to)\">\n"
            body += "<h2>Line \(l.line): <code>\(esc(l.command))</code></h2>\n"
            body += "<p class=\"meta\">\(String(format: "%.2f", l.start)) s to \(String(format: "%.2f", l.start + l.elapsed)) s of virtual time (\(String(format: "%.2f", l.elapsed)) s); charts from \(w.from) s to \(w.to) s</p>\n"
            body += charts(r.timeline, chart)
            body += "<pre>\(esc(SiegeSummary.render(l) + SiegeSummary.percentiles(l)))</pre>\n"
            if !l.podsStopped.isEmpty {
                body += "<p class=\"meta\">\(l.podsStopped.count == 1 ? "Pod" : "Pods") stopped during this load: "
                    + l.podsStopped.map { esc($0.pod) + " at " + String(format: "%.2f s", $0.atSeconds) }.joined(separator: ", ") + "</p>\n"
            }
            body += "</section>\n"
        }
        if let json = r.zipkinJSON, let view = try? TraceView(json: json) { body += timeBars(view) }
        if !r.expectations.isEmpty {
            body += "<h2>Expectations</h2>\n<table><tr><th>line</th><th>expectation</th><th>measured</th><th></th></tr>\n"
            for e in r.expectations {
                body += "<tr><td>\(e.line)</td><td><code>\(esc(e.text))</code></td><td>\(esc(e.measured))</td><td class=\"\(e.passed ? "pass" : "fail")\">\(e.passed ? "PASS" : "FAIL")</td></tr>\n"
            }
            body += "</table>\n"
        }
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(esc(r.scenario)) · resortsim</title>
        <style>
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1000px; color: #1f2328; }
        h1 { margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; } h3 { font-size: 14px; margin: 18px 0 0 0; }
        section { border-top: 1px solid #d1d9e0; margin-top: 28px; } section > h2 { margin-top: 14px; }
        .meta { color: #59636e; margin-top: 0; } .pass { color: #1a7f37; font-weight: 600; } .fail { color: #d1242f; font-weight: 600; }
        pre { background: #f6f8fa; padding: 12px; overflow-x: auto; } table { border-collapse: collapse; width: 100%; }
        td, th { border-bottom: 1px solid #d1d9e0; padding: 4px 8px; text-align: left; font-size: 13px; vertical-align: top; }
        svg { display: block; margin: 8px 0 0 0; } .legend { font-size: 12px; }
        .system { overflow-x: auto; }
        </style></head><body>
        \(body)</body></html>

        """
    }

    /// The charts of one window, each drawn when the run has something for it; the scales
    /// are the window's own.
    static func charts(_ rows: [TimelineRow], _ chart: HTMLChart) -> String {
        let palette = HTMLChart.palette
        let inWindow = Array(rows[min(chart.from, rows.count)..<min(chart.to, rows.count)])
        var s = ""
        if rows.contains(where: { $0.offered + $0.succeeded + $0.failed > 0 }) {
            let maxRate = Double(inWindow.map { $0.succeeded + $0.failed }.max() ?? 1)
            s += chart.lines(title: "Requests per second (ended) and availability", yMax: max(1, maxRate), unit: "/s", series: [
                ("succeeded", palette[2], rows.map { Double($0.succeeded) }),
                ("failed", palette[1], rows.map { Double($0.failed) }),
            ], secondary: ("availability %", palette[0], rows.map { $0.availability }))
            let maxLatency = inWindow.compactMap { $0.p99 }.max() ?? 1
            s += chart.lines(title: "Response time (s)", yMax: max(0.001, maxLatency), unit: " s", series: [
                ("p50", palette[0], rows.map { $0.p50 }), ("p99", palette[1], rows.map { $0.p99 }),
            ])
        }
        let breakers = rows.last?.breakers.map { $0.0 } ?? []
        if !breakers.isEmpty { s += chart.bands(breakers, rows) }
        let services = rows.first?.services.map { $0.name } ?? []
        func values(_ s: String, _ v: @escaping (TimelineRow.Service) -> Double) -> [Double?] { rows.map { r in r.services.first { $0.name == s }.map(v) } }
        let scaled = services.filter { s in Set(rows.compactMap { $0.services.first { $0.name == s } }.map { "\($0.replicas)/\($0.ready)" }).count > 1 }
        if !scaled.isEmpty {
            let maxPods = Double(inWindow.flatMap { $0.services }.map { max($0.replicas, $0.ready) }.max() ?? 1)
            var series: [(String, String, [Double?])] = []
            for (i, s) in scaled.enumerated() {
                series.append(("\(s) replicas", palette[(2 * i) % palette.count], values(s) { Double($0.replicas) }))
                series.append(("\(s) ready", palette[(2 * i + 1) % palette.count], values(s) { Double($0.ready) }))
            }
            s += chart.lines(title: "Replicas and ready pods", yMax: max(1, maxPods) + 0.5, unit: "", series: series)
            let maxCPU = Double(inWindow.flatMap { $0.services }.map { $0.cpuMilli }.max() ?? 1)
            s += chart.lines(title: "CPU (millicores)", yMax: max(1, maxCPU), unit: "m", series: scaled.enumerated().map { i, s in
                (s, palette[i % palette.count], values(s) { Double($0.cpuMilli) })
            })
        }
        // Consumer groups that lag somewhere in the window.
        let lagging = services.filter { s in inWindow.contains { r in (r.services.first { $0.name == s }?.lag ?? 0) > 0 } }
        if !lagging.isEmpty {
            let maxLag = Double(inWindow.flatMap { $0.services }.map { $0.lag }.max() ?? 1)
            s += chart.lines(title: "Broker lag per consumer group (records)", yMax: max(1, maxLag), unit: "", series: lagging.enumerated().map { i, s in
                (s, palette[i % palette.count], values(s) { Double($0.lag) })
            })
        }
        return s
    }
}
