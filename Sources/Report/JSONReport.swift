import SimCore
import Formats

/// `report.json`: every figure of the run, the scenario, seed and version.
public enum JSONReport {
    public static let schemaVersion: Int64 = 1

    public static func render(_ r: RunResult) -> String {
        let body = JSON.object([
            ("schemaVersion", .int(schemaVersion)),
            ("scenario", .string(r.scenario)),
            ("file", .string(r.file)),
            ("seed", .string(String(r.seed))),
            ("version", .string(r.version)),
            ("params", .object(r.params.map { ($0.0, .string($0.1)) })),
            ("virtualSeconds", number(r.virtualSeconds)),
            ("simulatedEvents", .int(Int64(r.simulatedEvents))),
            ("eventFingerprint", .string(r.eventFingerprint)),
            ("passed", .bool(r.passed)),
            ("loads", .array(r.loads.map(load))),
            ("expectations", .array(r.expectations.map { e in
                .object([("line", .int(Int64(e.line))), ("expectation", .string(e.text)),
                         ("passed", .bool(e.passed)), ("measured", .string(e.measured))])
            })),
            ("eventCount", .int(Int64(r.events.count))),
            ("timeline", .array(r.timeline.map { row in
                var m: [(String, JSON)] = [("second", .int(Int64(row.second))), ("offered", .int(Int64(row.offered))),
                                           ("succeeded", .int(Int64(row.succeeded))), ("failed", .int(Int64(row.failed)))]
                if let a = row.availability { m.append(("availability", number(a))) }
                if let p = row.p50 { m.append(("p50Seconds", number(p))) }
                if let p = row.p99 { m.append(("p99Seconds", number(p))) }
                m.append(("breakers", .object(row.breakers.map { ($0.0, .string($0.1)) })))
                m.append(("services", .object(row.services.map { sv in
                    (sv.name, .object([("replicas", .int(Int64(sv.replicas))), ("ready", .int(Int64(sv.ready))),
                                       ("cpuMillicores", .int(Int64(sv.cpuMilli))), ("lag", .int(sv.lag))]))
                })))
                return .object(m)
            })),
            ("kubernetesTimeline", .array(r.kubernetesTimeline.map { k in
                .object([("timeSeconds", number(k.time)), ("deployment", .string(k.deployment)), ("replicas", .int(Int64(k.replicas))),
                         ("pods", .int(Int64(k.pods))), ("ready", .int(Int64(k.ready))), ("restarts", .int(Int64(k.restarts)))])
            })),
            ("breakerTransitions", .array(r.breakerTransitions.map { t in
                var m: [(String, JSON)] = [("timeSeconds", number(t.time)), ("breaker", .string(t.breaker)),
                                           ("command", .string(t.command)), ("from", .string(t.from)), ("to", .string(t.to))]
                if let total = t.total, let errors = t.errors { m += [("windowTotal", .int(total)), ("windowErrors", .int(errors))] }
                return .object(m)
            })),
            ("warnings", .array(r.warnings.map { .string($0) })),
        ])
        return body.pretty(indent: 2, sortKeys: false) + "\n"
    }

    static func number(_ v: Double) -> JSON { .double((v * 1e6).rounded() / 1e6) }

    static func load(_ f: LoadFigures) -> JSON {
        var members: [(String, JSON)] = [
            ("command", .string(f.command)), ("line", .int(Int64(f.line))), ("users", .int(Int64(f.users))),
            ("transactions", .int(Int64(f.hits))), ("availability", number(f.availability)),
            ("elapsedSeconds", number(f.elapsed)), ("dataTransferredMB", number(f.megabytes)),
            ("responseTimeSeconds", number(f.responseTime)), ("transactionRate", number(f.transactionRate)),
            ("throughputMBps", number(f.throughput)), ("concurrency", number(f.concurrency)),
            ("successfulTransactions", .int(Int64(f.successful))), ("failedTransactions", .int(Int64(f.failed))),
            ("connectionFailures", .int(Int64(f.connectionFailures))),
            ("longestSeconds", number(f.longest)), ("shortestSeconds", number(f.shortestOrZero)),
            ("p50Seconds", number(f.percentile(0.5))), ("p90Seconds", number(f.percentile(0.9))),
            ("p99Seconds", number(f.percentile(0.99))),
            ("startSeconds", number(f.start)),
            ("breakers", .array(f.breakers.map { b in
                .object([("breaker", .string(b.name)), ("notClosedSeconds", number(b.notClosedSeconds)),
                         ("openShare", number(f.elapsed > 0 ? b.notClosedSeconds / f.elapsed : 0)), ("openings", .int(Int64(b.openings)))])
            })),
            ("statusCounts", .object(f.statusCounts.keys.sorted().map { (String($0), .int(Int64(f.statusCounts[$0]!))) })),
        ]
        // Only when a pod stopped while the load ran (a rollout, a kill), so that other
        // loads' reports are as they were.
        if !f.podsStopped.isEmpty {
            members.append(("podsStopped", .array(f.podsStopped.map { .object([("pod", .string($0.pod)), ("atSeconds", number($0.atSeconds))]) })))
        }
        return .object(members)
    }

    /// `events.jsonl`: the broker log, one event per line in the real system's JSON shape.
    public static func eventsJSONL(_ events: [JSON]) -> String {
        events.map { $0.compact + "\n" }.joined()
    }
}
