import SimCore
import Formats

/// Where a span sits in its trace: what an instrumented call passes on (Sleuth's B3
/// headers `X-B3-TraceId` and `X-B3-SpanId`).
public struct TraceContext: Sendable, Equatable {
    public let traceId: UInt64
    public let spanId: UInt64
}

/// Which traces a run keeps.
public enum TraceFilter: Sendable, Equatable {
    /// Every trace, or a deterministic share of them (by the trace's number).
    case sample(Double)
    /// Only traces whose client request failed.
    case failed
    /// The N slowest traces.
    case slowest(Int)
}

/// Zipkin v2 spans for every client request, as Spring Cloud Sleuth would report them:
/// one trace per request a client (siege, `load`, `http`) sends, with a span for each
/// place the request spends time. Spans are kept per trace until the client has its
/// answer; then the trace is closed (anything still running is ended there and tagged
/// `resortsim.unfinished`, so children always lie within their parents), filtered, and
/// rendered. Memory follows the traces in flight and those kept.
public final class Tracer {
    public enum Kind: String, Sendable { case client = "CLIENT", server = "SERVER", producer = "PRODUCER", consumer = "CONSUMER" }

    struct Span {
        let traceId: UInt64
        let id: UInt64
        let parentId: UInt64?
        let name: String
        let kind: Kind?
        let service: String
        let start: SimTime
        var end: SimTime?
        var tags: [(String, String)]
    }

    /// A closed trace: its spans in start order, the root first.
    struct Trace {
        let spans: [Span]
        var failed: Bool { spans.first?.tags.contains { $0.0 == "error" } ?? false }
        var duration: Int64 { spans.first.map { ($0.end ?? $0.start).nanoseconds - $0.start.nanoseconds } ?? 0 }
    }

    let sim: Simulation
    public let filter: TraceFilter
    /// Maps virtual time to Unix microseconds (Zipkin's timestamps).
    private let microsAt: (SimTime) -> Int64
    private var nextTrace: UInt64 = 0
    private var nextSpan: UInt64 = 0
    /// Open traces: their spans in start order, and where each span is (looked up only).
    private var open: [UInt64: [Span]] = [:]
    private var index: [UInt64: Int] = [:]
    private var kept: [Trace] = []

    public init(sim: Simulation, filter: TraceFilter, microsAt: @escaping (SimTime) -> Int64) {
        self.sim = sim
        self.filter = filter
        self.microsAt = microsAt
    }

    /// Starts a trace: its root span (the client's request).
    public func startTrace(_ name: String, kind: Kind, service: String, tags: [(String, String)] = []) -> TraceContext {
        nextTrace += 1
        // Trace ids are the trace's number, mixed so that they look like ids (stable).
        let traceId = splitMix(nextTrace)
        open[traceId] = []
        return add(traceId: traceId, parent: nil, name, kind, service, tags)
    }

    /// Starts a span under `parent`; nil when the parent's trace is closed or untraced.
    public func startSpan(_ name: String, kind: Kind? = nil, service: String, parent: TraceContext?, tags: [(String, String)] = []) -> TraceContext? {
        guard let p = parent, open[p.traceId] != nil else { return nil }
        return add(traceId: p.traceId, parent: p.spanId, name, kind, service, tags)
    }

    /// Adds tags to an open span.
    public func tag(_ span: TraceContext?, _ tags: [(String, String)]) {
        guard let s = span, let i = index[s.spanId], open[s.traceId] != nil else { return }
        open[s.traceId]![i].tags += tags
    }

    /// Ends a span now; ending a trace's root closes the trace.
    public func finish(_ span: TraceContext?, tags: [(String, String)] = []) {
        guard let s = span, let i = index[s.spanId], open[s.traceId] != nil else { return }
        guard open[s.traceId]![i].end == nil else { return }
        open[s.traceId]![i].end = sim.now
        open[s.traceId]![i].tags += tags
        if i == 0 { close(s.traceId) }
    }

    private func add(traceId: UInt64, parent: UInt64?, _ name: String, _ kind: Kind?, _ service: String, _ tags: [(String, String)]) -> TraceContext {
        nextSpan += 1
        let id = splitMix(nextSpan ^ 0x5bd1e995)
        index[id] = open[traceId]!.count
        open[traceId]!.append(Span(traceId: traceId, id: id, parentId: parent, name: name, kind: kind, service: service,
                                   start: sim.now, end: nil, tags: tags))
        return TraceContext(traceId: traceId, spanId: id)
    }

    /// The client has its answer: spans still running end with their parent (the work went
    /// on, but nobody waited for it), and the trace is kept or dropped.
    private func close(_ traceId: UInt64) {
        guard var spans = open.removeValue(forKey: traceId) else { return }
        var endOf: [UInt64: SimTime] = [:]
        var dropped = Set<UInt64>()
        for i in spans.indices {
            index[spans[i].id] = nil
            // Work that began after its parent had ended (once nobody waited for it) is
            // left out, with everything under it.
            if let p = spans[i].parentId, dropped.contains(p) || (endOf[p].map { spans[i].start > $0 } ?? false) {
                dropped.insert(spans[i].id)
                continue
            }
            let parentEnd = spans[i].parentId.flatMap { endOf[$0] }
            if spans[i].end == nil {
                spans[i].end = parentEnd ?? sim.now
                spans[i].tags.append(("resortsim.unfinished", "true"))
            } else if let pe = parentEnd, let e = spans[i].end, e > pe {
                spans[i].tags.append(("resortsim.outlived_parent_us", String((e.nanoseconds - pe.nanoseconds) / 1000)))
                spans[i].end = pe
            }
            endOf[spans[i].id] = spans[i].end
        }
        keep(Trace(spans: spans.filter { !dropped.contains($0.id) }))
    }

    private func keep(_ trace: Trace) {
        switch filter {
        case .sample(let rate):
            // Deterministic: the trace's id, read as a fraction of 2^64.
            guard rate >= 1 || Double(trace.spans[0].traceId) / 18_446_744_073_709_551_616.0 < rate else { return }
            kept.append(trace)
        case .failed:
            if trace.failed { kept.append(trace) }
        case .slowest(let n):
            kept.append(trace)
            if kept.count > n {
                // Drop the fastest; ties keep the earlier trace.
                var fastest = 0
                for i in kept.indices where kept[i].duration < kept[fastest].duration { fastest = i }
                kept.remove(at: fastest)
            }
        }
    }

    /// Closes every trace still open (the run ended with requests in flight: siege
    /// abandons them, and so do their traces).
    public func abandonOpenTraces() {
        open.removeAll()
        index.removeAll()
    }

    /// Traces kept so far.
    public var keptCount: Int { kept.count }

    /// The kept traces as Zipkin v2 JSON: one array of spans, traces in the order they
    /// closed, spans in the order they started.
    public func zipkinJSON() -> String {
        var items: [JSON] = []
        for t in kept {
            for s in t.spans {
                var m: [(String, JSON)] = [("traceId", .string(hex(s.traceId)))]
                if let p = s.parentId { m.append(("parentId", .string(hex(p)))) }
                m.append(("id", .string(hex(s.id))))
                if let k = s.kind { m.append(("kind", .string(k.rawValue))) }
                m.append(("name", .string(s.name)))
                let start = microsAt(s.start)
                m.append(("timestamp", .int(start)))
                // Zipkin's duration is at least 1 µs when present: an instant has none.
                let duration = microsAt(s.end ?? s.start) - start
                if duration > 0 { m.append(("duration", .int(duration))) }
                m.append(("localEndpoint", .object([("serviceName", .string(s.service))])))
                if !s.tags.isEmpty { m.append(("tags", .object(s.tags.map { ($0.0, .string($0.1)) }))) }
                items.append(.object(m))
            }
        }
        return JSON.array(items).compact + "\n"
    }

    private func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// SplitMix64's finalizer: a bijection, so distinct numbers give distinct ids.
    private func splitMix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E3779B97F4A7C15
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
