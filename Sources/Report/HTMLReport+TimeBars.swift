import Foundation

extension HTMLReport {
    /// Where the time went (from the run's traces): one stacked bar per outcome, each kind
    /// of span's own time per request, so that a bar is the outcome's mean request time.
    static func timeBars(_ view: TraceView) -> String {
        let outcomes = view.breakdownRows()
        let longest = outcomes.map { $0.rows.reduce(0) { $0 + $1.perRequestMs } }.max() ?? 0
        guard longest > 0 else { return "" }
        let barWidth = HTMLChart.width - HTMLChart.left - HTMLChart.right - 60, rowHeight = 26.0  // room for the total after the bar
        var kinds: [String] = []
        for o in outcomes { for row in o.rows where !kinds.contains(row.kind) { kinds.append(row.kind) } }
        var svg = "<h2>Where the time went (traced requests)</h2>\n<svg width=\"\(Int(HTMLChart.width))\" height=\"\(Int(rowHeight * Double(outcomes.count) + 8))\" role=\"img\">\n"
        for (i, o) in outcomes.enumerated() {
            let y = 4 + rowHeight * Double(i)
            svg += "<text x=\"0\" y=\"\(f(y + 16))\">\(o.failed ? "failed" : "succeeded") (\(o.requests))</text>\n"
            var x = HTMLChart.left
            for row in o.rows where row.perRequestMs > 0 {
                let w = row.perRequestMs / longest * barWidth
                let color = HTMLChart.palette[(kinds.firstIndex(of: row.kind) ?? 0) % HTMLChart.palette.count]
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
        svg += visible.map { k in "<span style=\"color:\(HTMLChart.palette[(kinds.firstIndex(of: k) ?? 0) % HTMLChart.palette.count])\">■</span> \(esc(k))" }.joined(separator: " &nbsp; ")
        svg += "</p>\n<table><tr><th>where</th><th>own ms per request</th><th>mean ms where present</th><th>p99 ms</th><th>requests</th><th>outcome</th></tr>\n"
        for o in outcomes {
            for row in o.rows.sorted(by: { $0.perRequestMs > $1.perRequestMs }).prefix(8) {
                svg += "<tr><td>\(esc(row.kind))</td><td>\(f(row.perRequestMs))</td><td>\(f(row.meanMs))</td><td>\(f(row.p99Ms))</td><td>\(row.requests)</td><td>\(o.failed ? "failed" : "succeeded")</td></tr>\n"
            }
        }
        return svg + "</table>\n"
    }
}
