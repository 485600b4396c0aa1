import SimCore
import Infrastructure
import Formats

/// voucher (port 8085, HSQLDB): a voucher per paid reservation, its id the reservation id.
/// Every update publishes `VoucherSend` and then `VoucherCancelled`.
public enum VoucherService {
    public static let schema = EntitySchema(name: "voucher", collection: "vouchers", fields: [
        ("id", .long), ("reservId", .long), ("voucherCode", .string), ("voucherStatus", .string),
    ])

    public static let program = ServiceProgram(
        insertEvents: ["VoucherRequested"], updateEvents: ["VoucherSend", "VoucherCancelled"],
        handlers: [
            // save() with an existing id is a JPA merge: an update, with its events.
            EventHandler(.policy, "PaymentApproved",
                         when: [.present(.long(.event, "reservId")), .equals(.field(.event, "reservStatus"), Status.paid)],
                         DataRestEndpoints.handlerTransaction([
                .newRow(id: .value(.long(.event, "reservId"))),
                .set("reservId", .long(.event, "reservId")),
                .set("voucherCode", .concat([.long(.event, "reservId"), .text("code")])),
                .set("voucherStatus", .text(Status.approved)),
                .save, .publish(.lifecycle),
            ])),
            EventHandler(.policy, "PaymentCancelled",
                         when: [.present(.long(.event, "reservId")), .equals(.field(.event, "reservStatus"), Status.canceled)],
                         DataRestEndpoints.handlerTransaction([
                .find(.first(field: "reservId", equals: .long(.event, "reservId"))),
                .when(.found, then: [.set("voucherStatus", .text(Status.canceled)), .save, .publish(.lifecycle)], otherwise: []),
            ])),
        ])
}
