import Foundation

/// The charts of report.html over one window of virtual time: the whole seconds
/// [from, to), each timeline row (row i is the second [i, i+1)) drawn at its middle, and
/// the loads' exact spans shaded behind.
struct HTMLChart {
    static let width = 960.0, left = 150.0, right = 56.0
    static let palette = ["#1f6feb", "#d1242f", "#1a7f37", "#8250df", "#bf8700", "#0a7ea4", "#cf222e", "#6e7781"]

    /// The window, whole seconds, to > from.
    let from: Int, to: Int
    /// Loads to shade, with their label (none when empty), in seconds of virtual time.
    let spans: [(start: Double, end: Double, label: String)]
    /// The heading level of a chart's title (2 or 3).
    let level: Int

    static func esc(_ s: String) -> String { HTMLReport.esc(s) }
    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
    var plotWidth: Double { HTMLChart.width - HTMLChart.left - HTMLChart.right }

    func x(_ t: Double) -> Double { HTMLChart.left + plotWidth * (t - Double(from)) / Double(to - from) }

    func heading(_ title: String) -> String { "<h\(level)>\(HTMLChart.esc(title))</h\(level)>\n" }

    /// The time axis: a tick every 1, 2, 5, 10, … seconds, at most 12 of them.
    func axis(_ top: Double, _ h: Double) -> String {
        let f = HTMLChart.f, left = HTMLChart.left, right = HTMLChart.width - HTMLChart.right
        var s = "<line x1=\"\(f(left))\" x2=\"\(f(right))\" y1=\"\(f(top + h))\" y2=\"\(f(top + h))\" stroke=\"#8c959f\"/>\n"
        let length = to - from
        let step = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].first { length / $0 <= 12 } ?? 7200
        var t = (from + step - 1) / step * step
        while t <= to {
            let xt = x(Double(t))
            s += "<line x1=\"\(f(xt))\" x2=\"\(f(xt))\" y1=\"\(f(top))\" y2=\"\(f(top + h))\" stroke=\"#eaeef2\"/>"
            s += "<text x=\"\(f(xt))\" y=\"\(f(top + h + 14))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#59636e\">\(t)s</text>\n"
            t += step
        }
        return s
    }

    /// The loads' spans behind the plot, each starting with a dashed line and its label.
    func shade(_ top: Double, _ h: Double) -> String {
        let f = HTMLChart.f
        var s = ""
        for (i, span) in spans.enumerated() {
            let a = max(Double(from), span.start), b = min(Double(to), span.end)
            guard b > a else { continue }
            s += "<rect class=\"load-span\" x=\"\(f(x(a)))\" y=\"\(f(top))\" width=\"\(f(x(b) - x(a)))\" height=\"\(f(h))\" fill=\"\(i % 2 == 0 ? "#eef4fc" : "#f6f1fb")\"><title>\(HTMLChart.esc(span.label)): \(String(format: "%.2f", span.start))–\(String(format: "%.2f", span.end)) s</title></rect>\n"
            if span.start >= Double(from) {
                s += "<line x1=\"\(f(x(a)))\" x2=\"\(f(x(a)))\" y1=\"\(f(top))\" y2=\"\(f(top + h))\" stroke=\"#8c959f\" stroke-dasharray=\"3 3\"/>"
            }
            if !span.label.isEmpty {
                // A white halo keeps the label legible over the lines.
                s += "<text x=\"\(f(x(a) + 4))\" y=\"\(f(top + 11))\" font-size=\"10\" fill=\"#59636e\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">\(HTMLChart.esc(span.label))</text>\n"
            }
        }
        return s
    }

    /// The rows of the window that `values` (indexed by row) holds, as lines broken where a
    /// value is missing.
    func polyline(_ values: [Double?], _ top: Double, _ h: Double, _ yMax: Double, _ color: String, dashed: Bool = false) -> String {
        var out = "", points: [String] = []
        func flush() {
            if points.count > 1 { out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\"\(dashed ? " stroke-dasharray=\"5 3\"" : "") points=\"\(points.joined(separator: " "))\"/>\n" }
            else if points.count == 1 { out += "<circle cx=\"\(points[0].split(separator: ",")[0])\" cy=\"\(points[0].split(separator: ",")[1])\" r=\"2\" fill=\"\(color)\"/>\n" }
            points = []
        }
        for i in from..<min(to, values.count) {
            guard let v = values[i] else { flush(); continue }
            points.append("\(HTMLChart.f(x(Double(i) + 0.5))),\(HTMLChart.f(top + h * (1 - min(v, yMax) / yMax)))")
        }
        flush()
        return out
    }

    /// A line chart: the series on the left scale (0…yMax), and one on a 0–100 % right scale.
    func lines(title: String, yMax: Double, unit: String, series: [(String, String, [Double?])],
               secondary: (String, String, [Double?])? = nil) -> String {
        let f = HTMLChart.f, left = HTMLChart.left, width = HTMLChart.width
        let top = 28.0, h = 150.0
        var s = heading(title) + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(top + h + 24))\" font-family=\"sans-serif\">\n"
        s += shade(top, h) + axis(top, h)
        for k in 0...2 {
            let v = yMax * Double(k) / 2, y = top + h * (1 - Double(k) / 2)
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#59636e\">\(String(format: yMax < 10 ? "%.2f" : "%.0f", v))\(unit)</text>\n"
        }
        var legend = 0.0
        for (name, color, values) in series {
            s += polyline(values, top, h, yMax, color)
            s += "<text class=\"legend\" x=\"\(f(left + legend))\" y=\"16\" fill=\"\(color)\">■ \(HTMLChart.esc(name))</text>\n"
            legend += Double(name.count) * 7 + 30
        }
        if let (name, color, values) = secondary {
            for k in 0...2 {
                let y = top + h * (1 - Double(k) / 2)
                s += "<text x=\"\(f(width - HTMLChart.right + 6))\" y=\"\(f(y + 4))\" font-size=\"11\" fill=\"\(color)\">\(k * 50) %</text>\n"
            }
            s += polyline(values, top, h, 100, color, dashed: true)
            s += "<text class=\"legend\" x=\"\(f(left + legend))\" y=\"16\" fill=\"\(color)\">- - \(HTMLChart.esc(name)) (0–100 %)</text>\n"
        }
        return s + "</svg>\n"
    }

    /// One band per breaker: red while OPEN (amber for any other state a breaker may report),
    /// from its state at each second's end.
    func bands(_ names: [String], _ rows: [TimelineRow]) -> String {
        let f = HTMLChart.f, left = HTMLChart.left
        let rowH = 22.0, top = 8.0, h = rowH * Double(names.count)
        var s = heading("Circuit breakers (red: open)") + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(HTMLChart.width))\" height=\"\(Int(top + h + 24))\" font-family=\"sans-serif\">\n"
        s += axis(top, h)
        for (i, n) in names.enumerated() {
            let y = top + rowH * Double(i)
            s += "<rect x=\"\(f(left))\" y=\"\(f(y + 3))\" width=\"\(f(plotWidth))\" height=\"\(f(rowH - 6))\" fill=\"#dafbe1\"/>\n"
            for t in from..<min(to, rows.count) {
                guard let state = rows[t].breakers.first(where: { $0.0 == n })?.1, state != "CLOSED" else { continue }
                s += "<rect x=\"\(f(x(Double(t))))\" y=\"\(f(y + 3))\" width=\"\(f(x(Double(t + 1)) - x(Double(t))))\" height=\"\(f(rowH - 6))\" fill=\"\(state == "OPEN" ? "#d1242f" : "#bf8700")\"><title>\(HTMLChart.esc(n)) \(HTMLChart.esc(state)) at \(t)–\(t + 1) s</title></rect>\n"
            }
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + rowH / 2 + 4))\" text-anchor=\"end\" font-size=\"12\" fill=\"#1f2328\">\(HTMLChart.esc(n.replacingOccurrences(of: "->", with: "→")))</text>\n"
        }
        return s + "</svg>\n"
    }
}
