import SimCore
import Infrastructure
import Formats

/// payment (port 8084, H2): a payment per reservation. Every update publishes
/// `PaymentApproved` and then `PaymentCancelled` (the real update hook does both).
public final class PaymentService: DataRestService {
    public static let schema = EntitySchema(name: "payment", collection: "payments", fields: [
        ("id", .long), ("reservId", .long), ("resortPrice", .double), ("reservStatus", .string),
    ])

    public init() { super.init(schema: PaymentService.schema) }

    override public func eventsAfterInsert(_ row: JSON) -> [String] { ["PaymentRequested"] }
    override public func eventsAfterUpdate(_ row: JSON) -> [String] { ["PaymentApproved", "PaymentCancelled"] }

    override public func policy(for event: JSON) -> (() -> [JSON])? {
        switch DomainEvent.type(of: event) {
        case "ReservationRegistered":
            guard let reservId = event["id"]?.int64Value else { return nil }
            let price = event["resortPrice"] ?? .null
            return { [unowned(unsafe) self] in
                guard let app = self.app else { return [] }
                let id = self.table.nextId()
                var p = self.table.blank(id: id)
                p.set("reservId", .int(reservId))
                p.set("resortPrice", price)
                p.set("reservStatus", .string(Status.waitingForPayment))
                self.table.save(p)
                return self.eventsAfterInsert(p).map { self.event($0, p, app) }
            }
        case "ReservationCanceled":
            guard let reservId = event["id"]?.int64Value else { return nil }
            return { [unowned(unsafe) self] in
                guard let app = self.app,
                      var p = self.table.first(where: { $0["reservId"]?.int64Value == reservId }) else { return [] }
                p.set("reservStatus", .string(Status.canceled))
                self.table.save(p)
                return self.eventsAfterUpdate(p).map { self.event($0, p, app) }
            }
        default:
            return nil
        }
    }
}
