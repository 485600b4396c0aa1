import SimCore
import Infrastructure
import Formats

/// resort (port 8082, H2): resorts; becomes unavailable when reserved, available when cancelled.
public enum ResortService {
    public static let schema = EntitySchema(name: "resort", collection: "resorts", fields: [
        ("id", .long), ("resortName", .string), ("resortType", .string), ("resortPrice", .double),
        ("resortStatus", .string), ("resortPeriod", .string),
    ])

    public static let program = ServiceProgram(
        insertEvents: ["ResortRegistrated"], updateEvents: ["ResortStatusChanged"],
        handlers: [
            EventHandler(.policy, "ReservationRegistered", when: [.present(.long(.event, "resortId"))], setStatus(Status.notAvailable)),
            EventHandler(.policy, "ReservationCanceled", when: [.present(.long(.event, "resortId"))], setStatus(Status.available)),
        ])

    /// `resortRepository.findById(resortId)`, the status set, `save`: `ResortStatusChanged`.
    static func setStatus(_ status: String) -> [Step] {
        DataRestEndpoints.handlerTransaction([
            .find(.byId(.long(.event, "resortId"))),
            .when(.found, then: [.set("resortStatus", .text(status)), .save, .publish(.lifecycle)], otherwise: []),
        ])
    }
}
