import Foundation

/// `report.html`: one self-contained page (inline CSS and SVG, nothing fetched) with charts
/// on a shared time axis (throughput and availability, latency, breaker states, replicas
/// and ready pods, broker lag), the load summaries and the expectations.
public enum HTMLReport {
    static let width = 960.0, left = 150.0, right = 56.0
    static let palette = ["#1f6feb", "#d1242f", "#1a7f37", "#8250df", "#bf8700", "#0a7ea4", "#cf222e", "#6e7781"]

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

    public static func render(_ r: RunResult) -> String {
        let rows = r.timeline
        let seconds = max(1, rows.count)
        var body = ""
        body += "<h1>\(esc(r.scenario))</h1>\n<p class=\"meta\">\(esc(r.file)) · seed \(r.seed) · resortsim \(esc(r.version)) · \(String(format: "%.1f", r.virtualSeconds)) s of virtual time · "
        let failed = r.expectations.filter { !$0.passed }.count
        body += failed == 0 ? "<span class=\"pass\">all \(r.expectations.count) expectations held</span></p>\n"
                            : "<span class=\"fail\">\(failed) of \(r.expectations.count) expectations failed</span></p>\n"
        if rows.contains(where: { $0.offered + $0.succeeded + $0.failed > 0 }) {
            let maxRate = Double(rows.map { $0.succeeded + $0.failed }.max() ?? 1)
            body += chart(title: "Requests per second (ended) and availability", seconds: seconds, yMax: max(1, maxRate), unit: "/s", series: [
                ("succeeded", palette[2], rows.map { Double($0.succeeded) }),
                ("failed", palette[1], rows.map { Double($0.failed) }),
            ], secondary: ("availability %", palette[0], rows.map { $0.availability }))
            let maxLatency = rows.compactMap { $0.p99 }.max() ?? 1
            body += chart(title: "Response time (s)", seconds: seconds, yMax: max(0.001, maxLatency), unit: " s", series: [
                ("p50", palette[0], rows.map { $0.p50 }), ("p99", palette[1], rows.map { $0.p99 }),
            ])
        }
        let breakers = rows.last?.breakers.map { $0.0 } ?? []
        if !breakers.isEmpty { body += bands(breakers, rows, seconds) }
        let services = rows.first?.services.map { $0.name } ?? []
        let scaled = services.filter { s in Set(rows.compactMap { $0.services.first { $0.name == s } }.map { "\($0.replicas)/\($0.ready)" }).count > 1 }
        if !scaled.isEmpty {
            let maxPods = Double(rows.flatMap { $0.services }.map { max($0.replicas, $0.ready) }.max() ?? 1)
            var series: [(String, String, [Double?])] = []
            for (i, s) in scaled.enumerated() {
                series.append(("\(s) replicas", palette[(2 * i) % palette.count], rows.map { r in r.services.first { $0.name == s }.map { Double($0.replicas) } }))
                series.append(("\(s) ready", palette[(2 * i + 1) % palette.count], rows.map { r in r.services.first { $0.name == s }.map { Double($0.ready) } }))
            }
            body += chart(title: "Replicas and ready pods", seconds: seconds, yMax: max(1, maxPods) + 0.5, unit: "", series: series)
            let maxCPU = Double(rows.flatMap { $0.services }.map { $0.cpuMilli }.max() ?? 1)
            body += chart(title: "CPU (millicores)", seconds: seconds, yMax: max(1, maxCPU), unit: "m", series: scaled.enumerated().map { i, s in
                ("\(s)", palette[i % palette.count], rows.map { r in r.services.first { $0.name == s }.map { Double($0.cpuMilli) } })
            })
        }
        let lagging = services.filter { s in rows.contains { r in (r.services.first { $0.name == s }?.lag ?? 0) > 0 } }
        if !lagging.isEmpty {
            let maxLag = Double(rows.flatMap { $0.services }.map { $0.lag }.max() ?? 1)
            body += chart(title: "Broker lag per consumer group (records)", seconds: seconds, yMax: max(1, maxLag), unit: "", series: lagging.enumerated().map { i, s in
                (s, palette[i % palette.count], rows.map { r in r.services.first { $0.name == s }.map { Double($0.lag) } })
            })
        }
        if let json = r.zipkinJSON, let view = try? TraceView(json: json) { body += timeBars(view) }
        for l in r.loads {
            body += "<h2>Line \(l.line): <code>\(esc(l.command))</code></h2>\n<pre>\(esc(SiegeSummary.render(l) + SiegeSummary.percentiles(l)))</pre>\n"
        }
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
        h1 { margin-bottom: 4px; } h2 { font-size: 16px; margin-top: 28px; }
        .meta { color: #59636e; margin-top: 0; } .pass { color: #1a7f37; font-weight: 600; } .fail { color: #d1242f; font-weight: 600; }
        pre { background: #f6f8fa; padding: 12px; overflow-x: auto; } table { border-collapse: collapse; width: 100%; }
        td, th { border-bottom: 1px solid #d1d9e0; padding: 4px 8px; text-align: left; font-size: 13px; vertical-align: top; }
        svg { display: block; margin: 8px 0 0 0; } .legend { font-size: 12px; }
        </style></head><body>
        \(body)</body></html>

        """
    }

    static func x(_ s: Double, _ seconds: Int) -> Double { left + (width - left - right) * s / Double(seconds) }

    static func axis(_ seconds: Int, _ top: Double, _ h: Double) -> String {
        var s = "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(top + h))\" y2=\"\(f(top + h))\" stroke=\"#8c959f\"/>\n"
        let step = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].first { seconds / $0 <= 12 } ?? 7200
        var t = 0
        while t <= seconds {
            s += "<line x1=\"\(f(x(Double(t), seconds)))\" x2=\"\(f(x(Double(t), seconds)))\" y1=\"\(f(top))\" y2=\"\(f(top + h))\" stroke=\"#eaeef2\"/>"
            s += "<text x=\"\(f(x(Double(t), seconds)))\" y=\"\(f(top + h + 14))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#59636e\">\(t)s</text>\n"
            t += step
        }
        return s
    }

    static func polyline(_ values: [Double?], _ seconds: Int, _ top: Double, _ h: Double, _ yMax: Double, _ color: String, dashed: Bool = false) -> String {
        var out = "", points: [String] = []
        func flush() {
            if points.count > 1 { out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\"\(dashed ? " stroke-dasharray=\"5 3\"" : "") points=\"\(points.joined(separator: " "))\"/>\n" }
            else if points.count == 1 { out += "<circle cx=\"\(points[0].split(separator: ",")[0])\" cy=\"\(points[0].split(separator: ",")[1])\" r=\"2\" fill=\"\(color)\"/>\n" }
            points = []
        }
        for (i, v) in values.enumerated() {
            guard let v = v else { flush(); continue }
            points.append("\(f(x(Double(i) + 0.5, seconds))),\(f(top + h * (1 - min(v, yMax) / yMax)))")
        }
        flush()
        return out
    }

    static func chart(title: String, seconds: Int, yMax: Double, unit: String, series: [(String, String, [Double?])],
                      secondary: (String, String, [Double?])? = nil) -> String {
        let top = 28.0, h = 150.0
        var s = "<h2>\(esc(title))</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(top + h + 24))\" font-family=\"sans-serif\">\n"
        s += axis(seconds, top, h)
        for k in 0...2 {
            let v = yMax * Double(k) / 2, y = top + h * (1 - Double(k) / 2)
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#59636e\">\(String(format: yMax < 10 ? "%.2f" : "%.0f", v))\(unit)</text>\n"
        }
        var legend = 0.0
        for (name, color, values) in series {
            s += polyline(values, seconds, top, h, yMax, color)
            s += "<text class=\"legend\" x=\"\(f(left + legend))\" y=\"16\" fill=\"\(color)\">■ \(esc(name))</text>\n"
            legend += Double(name.count) * 7 + 30
        }
        if let (name, color, values) = secondary {
            for k in 0...2 {
                let y = top + h * (1 - Double(k) / 2)
                s += "<text x=\"\(f(width - right + 6))\" y=\"\(f(y + 4))\" font-size=\"11\" fill=\"\(color)\">\(k * 50) %</text>\n"
            }
            s += polyline(values, seconds, top, h, 100, color, dashed: true)
            s += "<text class=\"legend\" x=\"\(f(left + legend))\" y=\"16\" fill=\"\(color)\">- - \(esc(name)) (0–100 %)</text>\n"
        }
        return s + "</svg>\n"
    }

    /// One band per breaker: red while OPEN (amber for any other state a breaker may report).
    static func bands(_ names: [String], _ rows: [TimelineRow], _ seconds: Int) -> String {
        let rowH = 22.0, top = 8.0
        var s = "<h2>Circuit breakers (red: open)</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(top + rowH * Double(names.count) + 24))\" font-family=\"sans-serif\">\n"
        s += axis(seconds, top, rowH * Double(names.count))
        for (i, n) in names.enumerated() {
            let y = top + rowH * Double(i)
            s += "<rect x=\"\(f(left))\" y=\"\(f(y + 3))\" width=\"\(f(width - left - right))\" height=\"\(f(rowH - 6))\" fill=\"#dafbe1\"/>\n"
            for (t, row) in rows.enumerated() {
                guard let state = row.breakers.first(where: { $0.0 == n })?.1, state != "CLOSED" else { continue }
                s += "<rect x=\"\(f(x(Double(t), seconds)))\" y=\"\(f(y + 3))\" width=\"\(f(x(Double(t + 1), seconds) - x(Double(t), seconds)))\" height=\"\(f(rowH - 6))\" fill=\"\(state == "OPEN" ? "#d1242f" : "#bf8700")\"><title>\(esc(n)) \(state) at \(t)–\(t + 1) s</title></rect>\n"
            }
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + rowH / 2 + 4))\" text-anchor=\"end\" font-size=\"12\" fill=\"#1f2328\">\(esc(n.replacingOccurrences(of: "->", with: "→")))</text>\n"
        }
        return s + "</svg>\n"
    }

    /// Where the time went (from the run's traces): one stacked bar per outcome, each kind
    /// of span's own time per request, so that a bar is the outcome's mean request time.
    static func timeBars(_ view: TraceView) -> String {
        let outcomes = view.breakdownRows()
        let longest = outcomes.map { $0.rows.reduce(0) { $0 + $1.perRequestMs } }.max() ?? 0
        guard longest > 0 else { return "" }
        let barWidth = width - left - right - 60, rowHeight = 26.0  // room for the total after the bar
        var kinds: [String] = []
        for o in outcomes { for row in o.rows where !kinds.contains(row.kind) { kinds.append(row.kind) } }
        var svg = "<h2>Where the time went (traced requests)</h2>\n<svg width=\"\(Int(width))\" height=\"\(Int(rowHeight * Double(outcomes.count) + 8))\" role=\"img\">\n"
        for (i, o) in outcomes.enumerated() {
            let y = 4 + rowHeight * Double(i)
            svg += "<text x=\"0\" y=\"\(f(y + 16))\">\(o.failed ? "failed" : "succeeded") (\(o.requests))</text>\n"
            var x = left
            for row in o.rows where row.perRequestMs > 0 {
                let w = row.perRequestMs / longest * barWidth
                let color = palette[(kinds.firstIndex(of: row.kind) ?? 0) % palette.count]
                svg += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(max(0.5, w)))\" height=\"\(f(rowHeight - 6))\" fill=\"\(color)\"><title>\(esc(row.kind)): \(f(row.perRequestMs)) ms per request</title></rect>\n"
                x += w
            }
            svg += "<text x=\"\(f(x + 4))\" y=\"\(f(y + 16))\">\(f(o.rows.reduce(0) { $0 + $1.perRequestMs })) ms</text>\n"
        }
        svg += "</svg>\n<p class=\"meta\">"
        // A legend for the kinds that take at least 2 % of a bar.
        let visible = kinds.filter { k in outcomes.contains { o in
            let total = o.rows.reduce(0) { $0 + $1.perRequestMs }
            return (o.rows.first { $0.kind == k }?.perRequestMs ?? 0) >= 0.02 * total
        } }
        svg += visible.map { k in "<span style=\"color:\(palette[(kinds.firstIndex(of: k) ?? 0) % palette.count])\">■</span> \(esc(k))" }.joined(separator: " &nbsp; ")
        svg += "</p>\n<table><tr><th>where</th><th>own ms per request</th><th>mean ms where present</th><th>p99 ms</th><th>requests</th><th>outcome</th></tr>\n"
        for o in outcomes {
            for row in o.rows.sorted(by: { $0.perRequestMs > $1.perRequestMs }).prefix(8) {
                svg += "<tr><td>\(esc(row.kind))</td><td>\(f(row.perRequestMs))</td><td>\(f(row.meanMs))</td><td>\(f(row.p99Ms))</td><td>\(row.requests)</td><td>\(o.failed ? "failed" : "succeeded")</td></tr>\n"
            }
        }
        return svg + "</table>\n"
    }
}
