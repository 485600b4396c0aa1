import SimCore
import Infrastructure
import Formats

/// mypage (port 8083, H2): the CQRS read model, one row per reservation, fed by events
/// (its `MyPageViewHandler`); it publishes none.
public enum MyPageService {
    public static let schema = EntitySchema(name: "myPage", collection: "myPages", fields: [
        ("id", .long), ("memberName", .string), ("resortId", .long), ("resortName", .string),
        ("resortStatus", .string), ("resortType", .string), ("resortPeriod", .string),
        ("resortPrice", .double), ("reservStatus", .string), ("voucherStatus", .string),
    ])

    public static let program = ServiceProgram(handlers: [
        // whenReservationRegistered_then_CREATE_1: the view's row, the reservation's id.
        EventHandler(.view, "ReservationRegistered", when: [.present(.long(.event, "id"))], DataRestEndpoints.handlerTransaction([
            .newRow(id: .value(.long(.event, "id"))),
            .copy(["memberName", "resortId", "resortName", "resortStatus", "resortType", "resortPeriod", "resortPrice"], from: .event),
            .set("reservStatus", .field(.event, "resortStatus")),
            .save,
        ])),
        update("PaymentRequested", key: "reservId", "reservStatus", from: "reservStatus"),
        update("PaymentCancelled", key: "reservId", "reservStatus", from: "reservStatus"),
        update("ReservationCanceled", key: "id", "resortStatus", from: "resortStatus"),
        update("VoucherSend", key: "reservId", "voucherStatus", from: "voucherStatus"),
    ])

    /// whenX_then_UPDATE: the row whose id is the event's `key`, its `field` from the event's `source`.
    static func update(_ type: String, key: String, _ field: String, from source: String) -> EventHandler {
        EventHandler(.view, type, when: [.present(.long(.event, key))], DataRestEndpoints.handlerTransaction([
            .find(.byId(.long(.event, key))),
            .when(.found, then: [.set(field, .field(.event, source)), .save], otherwise: []),
        ]))
    }
}
