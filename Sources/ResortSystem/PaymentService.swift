import SimCore
import Infrastructure
import Formats

/// payment (port 8084, H2): a payment per reservation. Every update publishes
/// `PaymentApproved` and then `PaymentCancelled` (the real update hook does both).
public enum PaymentService {
    public static let schema = EntitySchema(name: "payment", collection: "payments", fields: [
        ("id", .long), ("reservId", .long), ("resortPrice", .double), ("reservStatus", .string),
    ])

    public static let program = ServiceProgram(
        insertEvents: ["PaymentRequested"], updateEvents: ["PaymentApproved", "PaymentCancelled"],
        handlers: [
            // A new payment, waiting for payment: `PaymentRequested`.
            EventHandler(.policy, "ReservationRegistered", when: [.present(.long(.event, "id"))], DataRestEndpoints.handlerTransaction([
                .newRow(id: .sequence),
                .set("reservId", .long(.event, "id")),
                .set("resortPrice", .field(.event, "resortPrice")),
                .set("reservStatus", .text(Status.waitingForPayment)),
                .save, .publish(.lifecycle),
            ])),
            // The reservation's payment, cancelled.
            EventHandler(.policy, "ReservationCanceled", when: [.present(.long(.event, "id"))], DataRestEndpoints.handlerTransaction([
                .find(.first(field: "reservId", equals: .long(.event, "id"))),
                .when(.found, then: [.set("reservStatus", .text(Status.canceled)), .save, .publish(.lifecycle)], otherwise: []),
            ])),
        ])
}
