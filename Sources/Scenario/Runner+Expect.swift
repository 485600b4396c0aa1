import Foundation
import SimCore
import Infrastructure
import Systems
import Report
import Formats

extension Runner {
    func expect(_ e: Expectation, _ c: Located) {
        let (passed, measured) = evaluate(e)
        result.expectations.append(ExpectationResult(line: c.line, text: c.text, passed: passed, measured: measured))
        let line = "\(passed ? "PASS" : "FAIL")  line \(c.line): \(c.text)  (\(measured))\n"
        if passed { say(line) } else { out(line) }
    }

    func evaluate(_ e: Expectation) -> (Bool, String) {
        switch e {
        case .status(let s):
            guard let r = lastResponse else { return (false, "no http response yet") }
            guard let got = r.status else { return (false, "no response: \(describe(r))") }
            return (got == s, "status \(got)")
        case .body(let path, let op, let value):
            guard let r = lastResponse?.response else { return (false, "no response body") }
            guard let body = r.body else { return (false, "the response has no body (status \(r.status))") }
            guard let got = HttpiePrinter.lookup(path, in: body) else { return (false, "\(path) is missing") }
            let shown = got.compact
            switch op {
            case .equal: return (got == value, "\(path) = \(shown)")
            case .notEqual: return (got != value, "\(path) = \(shown)")
            default:
                guard let a = got.doubleValue, let b = value.doubleValue else { return (false, "\(path) = \(shown) is not a number") }
                return (Comparison.op(op, b).holds(a), "\(path) = \(shown)")
            }
        case .load(let metric, let cmp, let unit):
            guard let job = lastLoad else { return (false, "no load has finished yet (a background load needs 'wait' first)") }
            let f = job.figures
            let v: Double
            switch metric {
            case .availability: v = f.availability
            case .transactions: v = Double(f.hits)
            case .successful: v = Double(f.successful)
            case .failed: v = Double(f.failed)
            case .throughput, .transactionRate: v = f.transactionRate
            case .responseTime: v = f.responseTime
            case .p50: v = f.percentile(0.5)
            case .p90: v = f.percentile(0.9)
            case .p99: v = f.percentile(0.99)
            case .longest: v = f.longest
            case .shortest: v = f.shortestOrZero
            case .concurrency: v = f.concurrency
            case .elapsed: v = f.elapsed
            }
            // Compare at the precision siege prints (two decimals) for percentages and seconds.
            let shown: String
            switch unit {
            case "percent": shown = String(format: "%.2f %%", v)
            case "seconds": shown = String(format: "%.3f s", v)
            case "count": shown = String(Int(v))
            default: shown = String(format: "%.2f", v)
            }
            return (cmp.holds(v), "\(metric.rawValue) \(shown)")
        case .lag(let group, let cmp):
            let lag = model.broker.group(group).lag
            return (cmp.holds(Double(lag)), "lag \(lag)")
        case .consistent:
            let v = ConsistencyChecker.violations(in: model)
            if v.isEmpty { return (true, ConsistencyChecker.summary(in: model)) }
            return (false, v.prefix(5).joined(separator: "; ") + (v.count > 5 ? "; and \(v.count - 5) more" : ""))
        case .events(let file):
            return compareEvents(file)
        case .kube(let m, let name, let cmp):
            return evaluateKube(m, name, cmp)
        case .breaker(let caller, let client, let opened):
            let name = caller + "->" + client
            let start = lastLoad.map { $0.figures.start } ?? 0
            let end = lastLoad.map { $0.figures.start + $0.figures.elapsed } ?? model.sim.now.seconds
            let openings = result.breakerTransitions.filter { $0.breaker == name && $0.from == "CLOSED" && $0.to == "OPEN" && $0.time >= start && $0.time <= end }
            let scope = lastLoad == nil ? "so far" : "during the last load"
            let measured = openings.isEmpty ? "never opened \(scope)" : "opened \(openings.count) time(s) \(scope), first at \(String(format: "%.3f", openings[0].time)) s"
            return (opened == !openings.isEmpty, measured)
        }
    }

    func describe(_ r: HTTPResult) -> String {
        switch r {
        case .response(let x): return "status \(x.status)"
        case .connectionRefused: return "connection refused"
        case .connectionReset: return "connection reset"
        case .timedOut(let d): return "timed out after \(d)"
        }
    }

    /// The broker log so far against a `.jsonl` file, timestamps aside. Kafka orders records
    /// per producer, not across producers (two services reacting to the same event race), so
    /// the order is compared per producing service; the counts must match overall.
    func compareEvents(_ file: String) -> (Bool, String) {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            return (false, "cannot read \(file)")
        }
        let expected = text.textLines.filter { !$0.isEmpty }.compactMap { try? JSONParser.parse(String($0)) }
        let got = model.broker.retainedRecords.map { $0.value }
        func strip(_ j: JSON) -> JSON {
            guard case .object(let m) = j else { return j }
            return .object(m.filter { $0.0 != "timestamp" })
        }
        if expected.count != got.count { return (false, "expected \(expected.count) events, the log has \(got.count)") }
        for service in model.system.names + ["unknown"] {
            let want = expected.filter { model.system.producer(of: $0) == service }.map(strip)
            let have = got.filter { model.system.producer(of: $0) == service }.map(strip)
            for (i, (a, b)) in zip(want, have).enumerated() where a != b {
                return (false, "\(service)'s event \(i + 1) differs: expected \(a.compact), got \(b.compact)")
            }
            if want.count != have.count { return (false, "expected \(want.count) events from \(service), the log has \(have.count)") }
        }
        return (true, "\(got.count) events match, in order per producer")
    }
}
