import Foundation

extension CompareTable {
    /// A self-contained SVG: availability (left axis, with its 95 % interval) and p99
    /// (right axis) against the values: to scale when they are numbers of one kind
    /// (`CompareAxis`), else evenly in the order given.
    public static func svg(_ rows: [CompareRow], parameter: String, title: String) -> String {
        let axis = CompareAxis(rows.map { $0.values })
        let labels = labelRows(rows.map { $0.value }, axis.positions)
        let extra = Double(max(0, (labels.max() ?? 0)))
        let w = 720.0, h = 400.0 + 14 * extra, left = 70.0, right = 70.0, top = 50.0, bottom = 60.0 + 14 * extra
        let pw = w - left - right, ph = h - top - bottom
        func x(_ i: Int) -> Double { left + pw * axis.positions[i] }
        let maxP99 = max(0.001, rows.map { $0.p99 }.max() ?? 0) * 1.1
        func yA(_ a: Double) -> Double { top + ph * (1 - a / 100) }
        func yP(_ p: Double) -> Double { top + ph * (1 - p / maxP99) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
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
            // A tick at the value, its label below (a row lower where it would overlap its neighbour's).
            s += "<line class=\"value\" x1=\"\(f(x(i)))\" x2=\"\(f(x(i)))\" y1=\"\(f(top + ph))\" y2=\"\(f(top + ph + 5))\" stroke=\"#57606a\"/>\n"
            s += "<text x=\"\(f(x(i)))\" y=\"\(f(top + ph + 20 + 14 * Double(labels[i])))\" text-anchor=\"middle\">\(esc(r.value))</text>\n"
            if let ci = r.availabilityCI95 {
                s += "<line x1=\"\(f(x(i)))\" x2=\"\(f(x(i)))\" y1=\"\(f(yA(min(100, r.availabilityMean + ci))))\" y2=\"\(f(yA(max(0, r.availabilityMean - ci))))\" stroke=\"#1f6feb\" stroke-width=\"2\"/>\n"
            }
        }
        let scale = axis.kind == nil ? "" : " (to scale)"
        s += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(h - 14))\" text-anchor=\"middle\">\(esc(parameter))\(scale)</text>\n"
        // Left to right, so that the lines join neighbours on the axis.
        let measured = rows.enumerated().filter { !$0.element.runs.isEmpty }
        let line = measured.sorted { (axis.positions[$0.offset], $0.offset) < (axis.positions[$1.offset], $1.offset) }
        s += "<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" points=\"" + line.map { "\(f(x($0.offset))),\(f(yA($0.element.availabilityMean)))" }.joined(separator: " ") + "\"/>\n"
        s += "<polyline fill=\"none\" stroke=\"#d1242f\" stroke-width=\"2\" stroke-dasharray=\"6 4\" points=\"" + line.map { "\(f(x($0.offset))),\(f(yP($0.element.p99)))" }.joined(separator: " ") + "\"/>\n"
        for (i, r) in measured {
            s += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(yA(r.availabilityMean)))\" r=\"4\" fill=\"#1f6feb\"><title>\(esc(r.value)): availability \(String(format: "%.2f", r.availabilityMean)) %</title></circle>\n"
            s += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(yP(r.p99)))\" r=\"4\" fill=\"#d1242f\"><title>\(esc(r.value)): p99 \(String(format: "%.3f", r.p99)) s</title></circle>\n"
        }
        s += "<text x=\"\(f(left))\" y=\"42\" fill=\"#1f6feb\">— availability (mean, 95 % interval)</text>\n"
        s += "<text x=\"\(f(left + pw))\" y=\"42\" text-anchor=\"end\" fill=\"#d1242f\">- - p99 response time</text>\n"
        s += "</svg>\n"
        return s
    }

    static func esc(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }

    /// For each label, the row (0 first) it goes in: the first row where it does not overlap
    /// a label already placed, left to right (12-px sans-serif: about 7 px a character).
    /// The axis is 580 px wide.
    static func labelRows(_ labels: [String], _ positions: [Double]) -> [Int] {
        let order = labels.indices.sorted { (positions[$0], $0) < (positions[$1], $1) }
        var ends: [Double] = [], row = Array(repeating: 0, count: labels.count)
        for i in order {
            let half = Double(labels[i].count) * 3.5 + 4, x = 580 * positions[i]
            if let k = ends.firstIndex(where: { $0 <= x - half }) { row[i] = k; ends[k] = x + half }
            else if ends.count < 6 { row[i] = ends.count; ends.append(x + half) }
            else { let k = ends.indices.min { ends[$0] < ends[$1] } ?? 0; row[i] = k; ends[k] = x + half }
        }
        return row
    }
}
