import SimCore
import Infrastructure
import Formats

/// The cross-service invariants, checked on the services' databases and the broker after
/// `settle`: the system's own rules (`Invariants`), then the broker's (no lag, nothing
/// processed twice, nothing lost). Each violation names the row and the rule.
public enum ConsistencyChecker {
    public static func violations(in model: SystemModel) -> [String] {
        var out: [String] = []
        if let rules = model.system.invariants {
            var tables: [String: EntityTable] = [:]
            for s in rules.services {
                guard let t = model.table(s) else { return ["a service has no running pod"] }
                tables[s] = t
            }
            out += check(rules, tables)
        }
        for g in model.broker.groups {
            if g.lag != 0 { out.append("consumer group \(g.name) has lag \(g.lag) (committed offset below the log end)") }
            if g.redelivered > 0 { out.append("consumer group \(g.name) processed \(g.redelivered) event(s) twice") }
        }
        // Every producer the run created, dead pods' included: a pod that crashed with
        // records in its buffer lost them, and it is gone from the live pods.
        for service in model.system.names {
            let lost = model.broker.producers.filter { $0.name == service }.reduce(UInt64(0)) { $0 + $1.lost }
            if lost > 0 { out.append("\(service) lost \(lost) event(s) it published (producer delivery timeout or crash)") }
        }
        return out
    }

    /// What `expect consistent` says when every invariant holds.
    public static func summary(in model: SystemModel) -> String {
        guard let rules = model.system.invariants else { return "all invariants hold" }
        return "\(model.table(rules.each)?.count ?? 0) \(rules.each)(s), all invariants hold"
    }

    static func check(_ rules: Invariants, _ tables: [String: EntityTable]) -> [String] {
        guard let subjects = tables[rules.each]?.all else { return [] }
        var out: [String] = []
        // The latest subject (by id) for each value of a rule's id field, and each
        // `where` lookup's first row per subject id: indexed once, so the check is linear.
        var latest: [String: [Int64: Int64]] = [:]
        var firstWhere: [String: [Int64: JSON]] = [:]
        for c in rules.cases {
            for r in c.rules {
                switch r.lookup {
                case .id(let f) where r.latest && latest[f] == nil:
                    var m: [Int64: Int64] = [:]
                    for s in subjects { if let v = s[f]?.int64Value, let id = s["id"]?.int64Value { m[v] = max(m[v] ?? 0, id) } }
                    latest[f] = m
                case .where_(let f) where firstWhere[r.service + "." + f] == nil:
                    var m: [Int64: JSON] = [:]
                    for row in tables[r.service]?.all ?? [] { if let v = row[f]?.int64Value, m[v] == nil { m[v] = row } }
                    firstWhere[r.service + "." + f] = m
                default: break
                }
            }
        }
        for s in subjects {
            guard let id = s["id"]?.int64Value else { continue }
            let status = s[rules.status]?.stringValue ?? ""
            guard let rulesForStatus = rules.cases.first(where: { $0.status == status })?.rules else { continue }
            let head = "\(rules.each) \(id) is \(status) but "
            for r in rulesForStatus {
                switch r.lookup {
                case .id(let f):
                    let key = f == "id" ? id : (s[f]?.int64Value ?? -1)
                    if r.latest && latest[f]?[key] != id { continue }
                    let row = tables[r.service]?.row(key)
                    if let field = r.field, let want = r.expected {
                        let v = row?[field]?.stringValue
                        if v != want { out.append(head + "\(r.service) \(key) is \(v.map { "\"\($0)\"" } ?? "missing") (expected \"\(want)\")") }
                    } else if row == nil && r.required {
                        out.append(head + "has no \(r.service) row")
                    }
                case .where_(let f):
                    let row = firstWhere[r.service + "." + f]?[id]
                    if let field = r.field, let want = r.expected, let v = row?[field]?.stringValue, v != want {
                        out.append(head + "its \(r.service) is \"\(v)\" (expected \"\(want)\")")
                    } else if row == nil && r.required {
                        out.append(head + "has no \(r.service)")
                    }
                }
            }
        }
        return out
    }
}
