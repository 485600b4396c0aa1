import SimCore
import Infrastructure
import Formats

/// resort (port 8082, H2): resorts; becomes unavailable when reserved, available when cancelled.
public final class ResortService: DataRestService {
    public static let schema = EntitySchema(name: "resort", collection: "resorts", fields: [
        ("id", .long), ("resortName", .string), ("resortType", .string), ("resortPrice", .double),
        ("resortStatus", .string), ("resortPeriod", .string),
    ])

    public init() { super.init(schema: ResortService.schema) }

    override public func eventsAfterInsert(_ row: JSON) -> [String] { ["ResortRegistrated"] }
    override public func eventsAfterUpdate(_ row: JSON) -> [String] { ["ResortStatusChanged"] }

    override public func policy(for event: JSON) -> (() -> [JSON])? {
        let type = DomainEvent.type(of: event)
        let status: String
        switch type {
        case "ReservationRegistered": status = Status.notAvailable
        case "ReservationCanceled": status = Status.available
        default: return nil
        }
        guard let resortId = event["resortId"]?.int64Value else { return nil }
        return { [unowned(unsafe) self] in
            guard let app = self.app, var resort = self.table.row(resortId) else { return [] }
            resort.set("resortStatus", .string(status))
            self.table.save(resort)
            return self.eventsAfterUpdate(resort).map { self.event($0, resort, app) }
        }
    }
}
