import SimCore
import Infrastructure
import Formats

/// mypage (port 8083, H2): the CQRS read model, one row per reservation, fed by events.
public final class MyPageService: DataRestService {
    public static let schema = EntitySchema(name: "myPage", collection: "myPages", fields: [
        ("id", .long), ("memberName", .string), ("resortId", .long), ("resortName", .string),
        ("resortStatus", .string), ("resortType", .string), ("resortPeriod", .string),
        ("resortPrice", .double), ("reservStatus", .string), ("voucherStatus", .string),
    ])

    public init() { super.init(schema: MyPageService.schema) }

    override public func policy(for event: JSON) -> (() -> [JSON])? {
        let type = DomainEvent.type(of: event)
        switch type {
        case "ReservationRegistered":
            guard let id = event["id"]?.int64Value else { return nil }
            return { [unowned(unsafe) self] in
                var row = self.table.blank(id: id)
                for f in ["memberName", "resortId", "resortName", "resortStatus", "resortType", "resortPeriod", "resortPrice"] {
                    row.set(f, event[f] ?? .null)
                }
                row.set("reservStatus", event["resortStatus"] ?? .null)
                self.table.save(row)
                return []
            }
        case "PaymentRequested", "PaymentCancelled":
            return update(event["reservId"]?.int64Value, "reservStatus", event["reservStatus"])
        case "ReservationCanceled":
            return update(event["id"]?.int64Value, "resortStatus", event["resortStatus"])
        case "VoucherSend":
            return update(event["reservId"]?.int64Value, "voucherStatus", event["voucherStatus"])
        default:
            return nil
        }
    }

    private func update(_ id: Int64?, _ field: String, _ value: JSON?) -> (() -> [JSON])? {
        guard let id = id else { return nil }
        return { [unowned(unsafe) self] in
            guard var row = self.table.row(id) else { return [] }
            row.set(field, value ?? .null)
            self.table.save(row)
            return []
        }
    }
}
