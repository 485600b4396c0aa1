import SimCore
import Infrastructure
import Formats

/// The cross-service invariants of ARCHITECTURE.md, checked on the services' databases
/// and the broker after `settle`. Each violation names the reservation and the rule.
public enum ConsistencyChecker {
    public static func violations(in model: ResortSystemModel) -> [String] {
        var out: [String] = []
        guard let reservations = model.table("reservation"),
              let resorts = model.table("resort"),
              let payments = model.table("payment"),
              let vouchers = model.table("voucher"),
              let pages = model.table("mypage") else { return ["a service has no running pod"] }
        let all = reservations.all
        // The latest reservation (by id) for each resort decides the resort's expected status.
        var latestByResort: [Int64: Int64] = [:]
        for r in all { if let rid = r["resortId"]?.int64Value, let id = r["id"]?.int64Value { latestByResort[rid] = max(latestByResort[rid] ?? 0, id) } }
        // Each reservation's first payment and voucher (by id), as the services' own
        // `findByReservId` would find them: indexed once, so the check is linear.
        let paymentOf = firstRowByReservation(payments), voucherOf = firstRowByReservation(vouchers)
        for r in all {
            guard let id = r["id"]?.int64Value else { continue }
            let status = r["resortStatus"]?.stringValue ?? ""
            let resortId = r["resortId"]?.int64Value ?? -1
            let isLatest = latestByResort[resortId] == id
            let resortStatus = resorts.row(resortId)?["resortStatus"]?.stringValue
            let payment = paymentOf[id]
            let voucher = voucherOf[id]
            if status == Status.confirmed {
                if isLatest && resortStatus != Status.notAvailable {
                    out.append("reservation \(id) is Confirmed but resort \(resortId) is \(resortStatus.map { "\"\($0)\"" } ?? "missing") (expected \"Not Available\")")
                }
                if payment == nil { out.append("reservation \(id) is Confirmed but has no payment") }
                if pages.row(id) == nil { out.append("reservation \(id) is Confirmed but has no mypage row") }
            } else if status == Status.cancelled {
                if let p = payment?["reservStatus"]?.stringValue, p != Status.canceled {
                    out.append("reservation \(id) is Cancelled but its payment is \"\(p)\" (expected \"Canceled\")")
                } else if payment == nil {
                    out.append("reservation \(id) is Cancelled but has no payment")
                }
                if let v = voucher?["voucherStatus"]?.stringValue, v != Status.canceled {
                    out.append("reservation \(id) is Cancelled but its voucher is \"\(v)\" (expected \"Canceled\")")
                }
                if isLatest && resortStatus != Status.available {
                    out.append("reservation \(id) is Cancelled but resort \(resortId) is \(resortStatus.map { "\"\($0)\"" } ?? "missing") (expected \"Available\")")
                }
            }
        }
        for g in model.broker.groups {
            if g.lag != 0 { out.append("consumer group \(g.name) has lag \(g.lag) (committed offset below the log end)") }
            if g.redelivered > 0 { out.append("consumer group \(g.name) processed \(g.redelivered) event(s) twice") }
        }
        // Every producer the run created, dead pods' included: a pod that crashed with
        // records in its buffer lost them, and it is gone from the live pods.
        for service in Topology.names {
            let lost = model.broker.producers.filter { $0.name == service }.reduce(UInt64(0)) { $0 + $1.lost }
            if lost > 0 { out.append("\(service) lost \(lost) event(s) it published (producer delivery timeout or crash)") }
        }
        return out
    }

    /// The first row (in id order) of each `reservId`; looked up, never iterated.
    private static func firstRowByReservation(_ table: EntityTable) -> [Int64: JSON] {
        var first: [Int64: JSON] = [:]
        for row in table.all {
            if let r = row["reservId"]?.int64Value, first[r] == nil { first[r] = row }
        }
        return first
    }
}
