import SimCore
import Infrastructure
import Formats

/// voucher (port 8085, HSQLDB): a voucher per paid reservation, its id the reservation id.
/// Every update publishes `VoucherSend` and then `VoucherCancelled`.
public final class VoucherService: DataRestService {
    public static let schema = EntitySchema(name: "voucher", collection: "vouchers", fields: [
        ("id", .long), ("reservId", .long), ("voucherCode", .string), ("voucherStatus", .string),
    ])

    public init() { super.init(schema: VoucherService.schema) }

    override public func eventsAfterInsert(_ row: JSON) -> [String] { ["VoucherRequested"] }
    override public func eventsAfterUpdate(_ row: JSON) -> [String] { ["VoucherSend", "VoucherCancelled"] }

    override public func policy(for event: JSON) -> (() -> [JSON])? {
        let type = DomainEvent.type(of: event)
        guard let reservId = event["reservId"]?.int64Value else { return nil }
        let status = event["reservStatus"]?.stringValue
        if type == "PaymentApproved" && status == Status.paid {
            return { [unowned(unsafe) self] in
                guard let app = self.app else { return [] }
                // save() with an existing id is a JPA merge: an update, with its events.
                let existed = self.table.row(reservId) != nil
                var v = self.table.blank(id: reservId)
                v.set("reservId", .int(reservId))
                v.set("voucherCode", .string("\(reservId)code"))
                v.set("voucherStatus", .string(Status.approved))
                self.table.save(v)
                let types = existed ? self.eventsAfterUpdate(v) : self.eventsAfterInsert(v)
                return types.map { self.event($0, v, app) }
            }
        }
        if type == "PaymentCancelled" && status == Status.canceled {
            return { [unowned(unsafe) self] in
                guard let app = self.app,
                      var v = self.table.first(where: { $0["reservId"]?.int64Value == reservId }) else { return [] }
                v.set("voucherStatus", .string(Status.canceled))
                self.table.save(v)
                return self.eventsAfterUpdate(v).map { self.event($0, v, app) }
            }
        }
        return nil
    }
}
