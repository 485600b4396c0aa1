import Foundation

/// report.html's picture of the system (`SystemPicture`), drawn as teams draw it: one column
/// per service in the system's order, its box at the top; each Feign call an arrow over the
/// boxes from caller to callee, in a lane of its own (the longest span highest, so arrows
/// nest), labelled with its method and settings; below, one row per event, an orange sticky
/// in its publisher's column with an arrow up into each consumer's sticky (policies lilac,
/// views green) in the consumer's column. Positions come from the order alone: the same
/// picture gives the same bytes.
extension HTMLReport {
    static let eventColor = "#f5a623", policyColor = "#c3a6e0", viewColor = "#9fd18b"
    static let picMargin = 10.0, laneHeight = 30.0, boxHeight = 40.0, stickyHeight = 42.0, rowHeight = 70.0, minSticky = 112.0
    /// Estimated advance of one character at 11 and 12 px (labels are placed from it).
    static let charWidth11 = 6.1, charWidth12 = 6.9

    /// The section: heading, the SVG and its legend.
    static func systemPicture(_ p: SystemPicture) -> String {
        var s = "<h2 id=\"system\">System: \(esc(p.name))</h2>\n<div class=\"system\">\n" + systemSVG(p) + "</div>\n"
        func chip(_ color: String) -> String { "<span style=\"background:\(color);padding:0 6px;border:1px solid #0002\">&nbsp;</span>" }
        s += "<p class=\"meta legend\">Boxes: services. Arrows above them: synchronous Feign calls, caller to callee, each with its method and the Hystrix or Resilience4j settings of the caller's configuration at the run's end (hover for the rest). "
        s += "Below, on Kafka topic <code>\(esc(p.topic))</code>: \(chip(eventColor)) events in their publisher's column, with an arrow to each \(chip(policyColor)) policy and \(chip(viewColor)) view that consumes them.</p>\n"
        return s
    }

    /// The columns: the services, then any name a call or event gives that is not one (none in
    /// a valid system), each once.
    static func pictureColumns(_ p: SystemPicture) -> [String] {
        var names = p.services
        let mentioned = p.calls.flatMap { [$0.from, $0.to] } + p.events.flatMap { [$0.publisher] + $0.consumers.map { $0.service } }
        for n in mentioned where !names.contains(n) { names.append(n) }
        return names
    }

    static func systemSVG(_ p: SystemPicture) -> String {
        let columns = pictureColumns(p)
        func column(_ name: String) -> Int { columns.firstIndex(of: name) ?? 0 }
        // Columns share 960 px, at least 150 each; a column where one event row puts several
        // stickies widens so that each keeps at least `minSticky` (the page then scrolls).
        let base = max(150, (960 - 2 * picMargin) / Double(max(1, columns.count)))
        var most = [Int](repeating: 1, count: columns.count)
        for e in p.events {
            for i in columns.indices {
                let k = (column(e.publisher) == i ? 1 : 0) + e.consumers.filter { column($0.service) == i }.count
                most[i] = max(most[i], k)
            }
        }
        let widths = most.map { max(base, 24 + minSticky * Double($0) + 6 * Double($0 - 1)) }
        let width = 2 * picMargin + widths.reduce(0, +)
        func left(_ i: Int) -> Double { picMargin + widths[..<i].reduce(0, +) + 12 }
        func inner(_ i: Int) -> Double { widths[i] - 24 }

        // Calls: the widest span takes the top lane; ties keep the files' order.
        let order = p.calls.indices.sorted { a, b in
            let sa = abs(column(p.calls[a].from) - column(p.calls[a].to)), sb = abs(column(p.calls[b].from) - column(p.calls[b].to))
            return sa != sb ? sa > sb : a < b
        }
        var lane = [Int](repeating: 0, count: p.calls.count)
        for (k, i) in order.enumerated() { lane[i] = k }
        func laneY(_ k: Int) -> Double { 28 + laneHeight * Double(k) }
        let boxTop = p.calls.isEmpty ? 8 : laneY(p.calls.count - 1) + 22
        let boxBottom = boxTop + boxHeight
        let eventsTop = boxBottom + 30
        let height = p.events.isEmpty ? boxBottom + 8 : eventsTop + rowHeight * Double(p.events.count)

        var svg = "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(esc("the system " + p.name))\">\n"
        svg += "<defs><marker id=\"pic-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#57606a\"/></marker></defs>\n"
        // Column bands behind the event rows: which service each sticky belongs to.
        if !p.events.isEmpty {
            for i in 0..<columns.count {
                svg += "<rect x=\"\(f(left(i)))\" y=\"\(f(boxBottom))\" width=\"\(f(inner(i)))\" height=\"\(f(height - boxBottom))\" fill=\"#f6f8fa\"/>\n"
            }
        }
        for (i, name) in columns.enumerated() {
            svg += "<g class=\"service\"><title>service \(esc(name))</title><rect x=\"\(f(left(i)))\" y=\"\(f(boxTop))\" width=\"\(f(inner(i)))\" height=\"\(f(boxHeight))\" rx=\"4\" fill=\"#ffffff\" stroke=\"#57606a\" stroke-width=\"1.5\"/>"
            svg += "<text x=\"\(f(left(i) + inner(i) / 2))\" y=\"\(f(boxTop + 25))\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"600\">\(esc(name))</text></g>\n"
        }
        svg += callArrows(p, lane: lane, column: column, left: left, inner: inner, width: width, boxTop: boxTop, laneY: laneY)
        if !p.events.isEmpty {
            svg += "<text x=\"\(f(picMargin))\" y=\"\(f(boxBottom + 19))\" font-size=\"11\" fill=\"#59636e\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">events on Kafka topic \(esc(p.topic))</text>\n"
        }
        for (i, e) in p.events.enumerated() {
            svg += eventRow(e, top: eventsTop + rowHeight * Double(i), column: column, left: left, inner: inner)
        }
        return svg + "</svg>\n"
    }

    /// Each call: up from the caller's box to its lane, across, down into the callee's box.
    /// A box's outgoing calls leave from its left part and incoming ones arrive at its right
    /// part, the higher lane further out, so that nested arrows do not cross.
    static func callArrows(_ p: SystemPicture, lane: [Int], column: (String) -> Int, left: (Int) -> Double, inner: (Int) -> Double,
                           width: Double, boxTop: Double, laneY: (Int) -> Double) -> String {
        var svg = ""
        for (i, c) in p.calls.enumerated() {
            let from = column(c.from), to = column(c.to)
            let out = p.calls.indices.filter { column(p.calls[$0].from) == from }.sorted { lane[$0] < lane[$1] }.firstIndex(of: i) ?? 0
            let into = p.calls.indices.filter { column(p.calls[$0].to) == to }.sorted { lane[$0] < lane[$1] }.firstIndex(of: i) ?? 0
            let x1 = left(from) + 14 + 12 * Double(out % max(1, Int((inner(from) / 2 - 14) / 12)))
            let x2 = left(to) + inner(to) - 14 - 12 * Double(into % max(1, Int((inner(to) / 2 - 14) / 12)))
            let y = laneY(lane[i])
            svg += "<g class=\"call\"><title>\(esc(c.from + " → " + c.to + ": " + c.detail))</title>"
            svg += "<path d=\"M\(f(x1)),\(f(boxTop)) V\(f(y)) H\(f(x2)) V\(f(boxTop - 1))\" fill=\"none\" stroke=\"#57606a\" stroke-width=\"1.5\" marker-end=\"url(#pic-arrow)\"/>"
            let estimated = textUnits(c.label) * charWidth11 + 10
            let x = max(4, min(min(x1, x2) + 6, width - 4 - estimated))
            svg += "<text x=\"\(f(x))\" y=\"\(f(y - 6))\" font-size=\"11\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">"
            svg += "<tspan font-weight=\"600\">\(esc(c.method))</tspan>\(c.settings.isEmpty ? "" : " · " + esc(c.settings))</text></g>\n"
        }
        return svg
    }

    /// One event's row: its sticky in the publisher's column and its consumers' stickies in
    /// theirs (several in one column share it), joined by a line below them with an arrow up
    /// into each consumer.
    static func eventRow(_ e: SystemPicture.Event, top: Double, column: (String) -> Int, left: (Int) -> Double, inner: (Int) -> Double) -> String {
        // (column, color, lines, tooltip) in the order drawn: the event, then its consumers.
        var items: [(col: Int, color: String, lines: [String], title: String)] = []
        let consumers = e.consumers.map { "\($0.kind.rawValue) \($0.service)" }.joined(separator: ", ")
        items.append((column(e.publisher), eventColor, [e.name], "event \(e.name), published by \(e.publisher)" + (consumers.isEmpty ? "; no consumer" : "; consumed by " + consumers)))
        for c in e.consumers {
            items.append((column(c.service), c.kind == .policy ? policyColor : viewColor, [c.kind.rawValue, c.service], "\(c.kind.rawValue) in \(c.service), on \(e.name)"))
        }
        var centers: [Double] = []
        var svg = ""
        for (k, item) in items.enumerated() {
            let shared = items.filter { $0.col == item.col }.count
            let slot = items[..<k].filter { $0.col == item.col }.count
            let w = (inner(item.col) - 6 * Double(shared - 1)) / Double(shared)
            let x = left(item.col) + Double(slot) * (w + 6)
            centers.append(x + w / 2)
            let isEvent = k == 0
            let fontSize = isEvent ? 12 : 11
            let lines = isEvent ? wrap(e.name, max(4, (w - 10) / charWidth12)) : item.lines
            svg += "<g class=\"\(isEvent ? "event" : (e.consumers[k - 1].kind.rawValue))\"><title>\(esc(item.title))</title>"
            svg += "<rect x=\"\(f(x))\" y=\"\(f(top))\" width=\"\(f(w))\" height=\"\(f(stickyHeight))\" rx=\"2\" fill=\"\(item.color)\" stroke=\"#000\" stroke-opacity=\"0.18\"/>"
            let firstY = lines.count == 1 ? top + 25 : top + 18
            for (j, line) in lines.enumerated() {
                let weight = isEvent || j == 1 ? " font-weight=\"600\"" : ""
                svg += "<text x=\"\(f(x + w / 2))\" y=\"\(f(firstY + 14 * Double(j)))\" text-anchor=\"middle\" font-size=\"\(fontSize)\"\(weight)>\(esc(line))</text>"
            }
            svg += "</g>\n"
        }
        let bottom = top + stickyHeight, bus = bottom + 14
        if e.consumers.isEmpty {
            svg += "<text x=\"\(f(centers[0]))\" y=\"\(f(bottom + 13))\" text-anchor=\"middle\" font-size=\"10\" fill=\"#59636e\">no policy or view</text>\n"
            return svg
        }
        let lo = centers.min() ?? 0, hi = centers.max() ?? 0
        svg += "<path d=\"M\(f(centers[0])),\(f(bottom)) V\(f(bus)) M\(f(lo)),\(f(bus)) H\(f(hi))\" fill=\"none\" stroke=\"#57606a\" stroke-width=\"1.2\"/>\n"
        for c in centers.dropFirst() {
            svg += "<path d=\"M\(f(c)),\(f(bus)) V\(f(bottom + 1))\" fill=\"none\" stroke=\"#57606a\" stroke-width=\"1.2\" marker-end=\"url(#pic-arrow)\"/>\n"
        }
        return svg
    }

    /// A name's width in characters of the Latin alphabet: a wide (East Asian) character
    /// counts two, as a font draws it about twice as wide.
    static func textUnits<S: StringProtocol>(_ s: S) -> Double {
        var units = 0.0
        for u in s.unicodeScalars {
            switch u.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3040...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6:
                units += 2
            default: units += 1
            }
        }
        return units
    }

    /// A name in at most two lines of `maxUnits` (`textUnits`): split at the word or
    /// camel-case boundary nearest its middle, else, for a name in a script without case or
    /// spaces, at its middle character (a Latin name without a boundary stays whole).
    static func wrap(_ s: String, _ maxUnits: Double) -> [String] {
        let chars = Array(s)
        guard textUnits(s) > maxUnits, chars.count > 1 else { return [s] }
        var best: Int? = nil
        for i in 1..<chars.count {
            let boundary = (chars[i].isUppercase && chars[i - 1].isLowercase) || " -_.".contains(chars[i - 1])
            guard boundary else { continue }
            if best.map({ abs(i - chars.count / 2) < abs($0 - chars.count / 2) }) ?? true { best = i }
        }
        if best == nil && textUnits(s) >= 2 * Double(chars.count) { best = chars.count / 2 }
        guard let b = best else { return [s] }
        return [String(chars[..<b]).trimmingCharacters(in: .whitespaces), String(chars[b...]).trimmingCharacters(in: .whitespaces)]
    }
}
