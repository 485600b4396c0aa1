import Formats

/// Reads a Zipkin v2 trace file and shows it to a person: one request's span tree, and
/// where the time of all requests went, by outcome.
public struct TraceView {
    public struct Span {
        public let traceId: String
        public let id: String
        public let parentId: String?
        public let name: String
        public let service: String
        public let timestamp: Int64
        public let duration: Int64
        public let tags: [(String, String)]
        var failed: Bool { tags.contains { $0.0 == "error" } }
        func tag(_ k: String) -> String? { tags.first { $0.0 == k }?.1 }
    }

    /// The traces in file order; each one's spans in file order, its root first.
    public let traces: [[Span]]

    public struct Problem: Error { public let message: String }

    public init(json text: String) throws {
        let parsed: JSON
        do { parsed = try JSONParser.parse(text) } catch let f as JSONParser.Failure {
            throw Problem(message: "not JSON: \(f.describe(in: text))")
        }
        guard case .array(let items) = parsed else { throw Problem(message: "expected a JSON array of Zipkin v2 spans") }
        var order: [String] = []
        var byTrace: [String: [Span]] = [:]
        for (i, item) in items.enumerated() {
            guard let traceId = item["traceId"]?.stringValue, let id = item["id"]?.stringValue else {
                throw Problem(message: "span \(i + 1) lacks its traceId or id (strings)")
            }
            // Zipkin v2: timestamp and duration are integers of microseconds, not strings.
            func micros(_ field: String, required: Bool, minimum: Int64) throws -> Int64 {
                switch item[field] {
                case .int(let v)? where v >= minimum: return v
                case nil where !required: return 0
                case nil: throw Problem(message: "span \(i + 1) lacks its \(field) (an integer of microseconds)")
                default:
                    throw Problem(message: "span \(i + 1): \(field) must be \(minimum == 0 ? "a non-negative" : "an") integer of microseconds (found \(item[field]?.compact ?? "nothing"))")
                }
            }
            let ts = try micros("timestamp", required: true, minimum: .min)
            let duration = try micros("duration", required: false, minimum: 0)
            var tags: [(String, String)] = []
            if case .object(let m)? = item["tags"] { tags = m.map { ($0.0, $0.1.stringValue ?? $0.1.compact) } }
            let span = Span(traceId: traceId, id: id, parentId: item["parentId"]?.stringValue,
                            name: item["name"]?.stringValue ?? "", service: item["localEndpoint"]?["serviceName"]?.stringValue ?? "",
                            timestamp: ts, duration: duration, tags: tags)
            if byTrace[traceId] == nil { order.append(traceId) }
            byTrace[traceId, default: []].append(span)
        }
        traces = order.map { byTrace[$0] ?? [] }
    }

    /// Which request to show.
    public enum Pick { case number(Int), slowest, firstFailed }

    public func pick(_ p: Pick) -> [Span]? {
        switch p {
        case .number(let n): return n >= 1 && n <= traces.count ? traces[n - 1] : nil
        case .slowest:
            var best: [Span]? = nil
            for t in traces where (t.first?.duration ?? 0) > (best?.first?.duration ?? -1) { best = t }
            return best
        case .firstFailed: return traces.first { $0.first?.failed ?? false }
        }
    }

    /// One trace as an indented tree: offset from the request's start, duration, service,
    /// name, and the tags that say why.
    public static func tree(_ spans: [Span]) -> String {
        guard let root = spans.first else { return "" }
        var children: [String: [Span]] = [:]
        for s in spans.dropFirst() { children[s.parentId ?? root.id, default: []].append(s) }
        var out = "trace \(root.traceId): \(root.name) (\(root.service)), \(ms(root.duration)) ms, "
        out += root.failed ? "failed: \(root.tag("error") ?? "")\n" : "status \(root.tag("http.status_code") ?? "-")\n"
        var shown = Set<String>() // a span is printed once, whatever its parent ids say
        func walk(_ s: Span, _ depth: Int) {
            guard shown.insert(s.id).inserted, depth < 200 else { return }
            let offset = fmt((Double(s.timestamp) - Double(root.timestamp)) / 1000)
            var line = String(repeating: "  ", count: depth) + "+\(offset) ms  \(ms(s.duration)) ms  [\(s.service)] \(s.name)"
            let tagsShown = s.tags.filter { !["http.method", "http.path"].contains($0.0) }
            if !tagsShown.isEmpty { line += "  " + tagsShown.map { "\($0.0)=\($0.1)" }.joined(separator: " ") }
            out += line + "\n"
            for c in children[s.id] ?? [] { walk(c, depth + 1) }
        }
        walk(root, 1)
        return out
    }

    /// One kind of span in the breakdown: its own time per request that has one (mean, p99,
    /// how many requests), and its share of the outcome's mean request time.
    public struct Row {
        public let kind: String
        public let meanMs: Double
        public let p99Ms: Double
        public let requests: Int
        public let perRequestMs: Double
    }

    /// Where the time went, by outcome (succeeded, failed): every kind of span's own time
    /// (its duration less its children's), so that a request's own times add up to its
    /// duration. Kinds in the order they first appear.
    public func breakdownRows() -> [(failed: Bool, requests: Int, rows: [Row])] {
        var out: [(Bool, Int, [Row])] = []
        for failed in [false, true] {
            let chosen = traces.filter { ($0.first?.failed ?? false) == failed }
            guard !chosen.isEmpty else { continue }
            // Linear in spans: each kind gets an index on first sight, and each trace adds
            // its own time per kind to that kind's list.
            var kinds: [String] = []
            var kindIndex: [String: Int] = [:]
            var values: [[Int64]] = []
            for t in chosen {
                var childTime: [String: Int64] = [:]
                for s in t { if let p = s.parentId { childTime[p, default: 0] &+= s.duration } }
                var sums: [Int: Int64] = [:]
                var seen: [Int] = []
                for s in t {
                    let k = TraceView.kind(s)
                    let idx: Int
                    if let known = kindIndex[k] { idx = known } else {
                        idx = kinds.count; kindIndex[k] = idx; kinds.append(k); values.append([])
                    }
                    if sums[idx] == nil { seen.append(idx) }
                    sums[idx, default: 0] &+= max(0, s.duration &- (childTime[s.id] ?? 0))
                }
                for idx in seen { values[idx].append(sums[idx] ?? 0) }
            }
            let rows = kinds.indices.map { idx -> Row in
                let k = kinds[idx]
                let v = values[idx].sorted()
                let total = v.reduce(0.0) { $0 + Double($1) } / 1000
                let p99 = Double(v[min(v.count - 1, max(0, Int((Double(v.count) * 0.99).rounded(.up)) - 1))]) / 1000
                return Row(kind: k, meanMs: total / Double(v.count), p99Ms: p99, requests: v.count, perRequestMs: total / Double(chosen.count))
            }
            out.append((failed, chosen.count, rows))
        }
        return out
    }

    /// The breakdown as a table, one per outcome.
    public func breakdown() -> String {
        var out = ""
        for (failed, requests, rows) in breakdownRows() {
            out += "\(failed ? "failed" : "succeeded") requests: \(requests); own time of each kind of span, per request that has one\n"
            out += TraceView.pad("where", 48) + TraceView.pad("mean ms", 10, right: true) + TraceView.pad("p99 ms", 10, right: true) + TraceView.pad("requests", 10, right: true) + "\n"
            for r in rows {
                out += TraceView.pad(r.kind, 48) + TraceView.pad(TraceView.fmt(r.meanMs), 10, right: true) + TraceView.pad(TraceView.fmt(r.p99Ms), 10, right: true)
                    + TraceView.pad(String(r.requests), 10, right: true) + "\n"
            }
            out += "\n"
        }
        return out
    }

    /// The mechanism a span stands for, for the breakdown: its service and name, with the
    /// Hystrix command's event when it has one.
    static func kind(_ s: Span) -> String {
        if let e = s.tag("hystrix.event") { return "\(s.service) \(s.name) \(e)" }
        return "\(s.service) \(s.name)"
    }

    static func ms(_ micros: Int64) -> String { fmt(Double(micros) / 1000) }
    static func fmt(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int64(r)) + ".0" : String(r)
    }
    static func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
        s.count >= n ? s + " " : (right ? String(repeating: " ", count: n - s.count) + s : s + String(repeating: " ", count: n - s.count))
    }
}
