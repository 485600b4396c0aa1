import SimCore
import Infrastructure
import Formats

/// reservation (port 8081, H2): the core domain. Before inserting (JPA `@PrePersist`,
/// inside the transaction, holding a Hikari connection) it calls resort through Feign and,
/// with `reservation.check-payment=true`, payment too. Its code as it ran, with the
/// variants the `reservation.*` switches choose (docs/FIDELITY.md gives the evidence for each).
public enum ReservationService {
    public static let schema = EntitySchema(name: "reservation", collection: "reservations", fields: [
        ("id", .long), ("resortId", .long), ("resortName", .string), ("resortStatus", .string),
        ("resortType", .string), ("resortPeriod", .string), ("resortPrice", .double), ("memberName", .string),
    ])

    /// Where the Feign clients call when `feign.resort.url` / `feign.payment.url` are unset
    /// (the seed's cluster profile).
    public static let defaultResortURL = "resort:8080"
    public static let defaultPaymentURL = "payment:8080"

    public static let program = ServiceProgram(
        prePersist: prePersist, postPersist: postPersist,
        insertEvents: ["ReservationRegistered"], updateEvents: ["ReservationCanceled"])

    static let resortUnusable = JavaException.checkedInCallback("The resort is not in a usable status.")
    static let paymentUnusable = JavaException.checkedInCallback("The payment is not in a usable status.")

    /// `@PrePersist`: the resort's status through Feign (`System.out.print("#######resortId="+resort)`
    /// first), then, where the version has it there, the payment check.
    static let prePersist: [Step] = [
        .check(.present(.long(.row, "resortId")), orThrow: resortUnusable),
        // `reservation.resort-fallback`: the ResortService Feign client has
        // `ResortServiceFallback`, which prints a line and returns null (wired in the
        // repository on 2021-07-25; the F4 run's 183-byte 500s show it ran then). Off: a
        // failed call throws Hystrix's HystrixRuntimeException.
        .choose(StepChoice(property: "reservation.resort-fallback", default: "false", [
            .init("true", [.print(1), .call(resortCall(hasFallback: true))]),
            .init("false", [.print(1), .call(resortCall(hasFallback: false))]),
        ])),
        paymentCheck(at: "pre-persist"),
    ]

    /// `@PostPersist`: the payment check, where the version has it there.
    static let postPersist: [Step] = [paymentCheck(at: "post-persist")]

    /// ResortService#getResortStatus(Long): an "Available" resort's fields are copied and
    /// the reservation confirmed.
    static func resortCall(hasFallback: Bool) -> FeignCallStep {
        FeignCallStep(
            client: "resort", configKey: "ResortService#getResortStatus(Long)", urlProperty: "feign.resort.url",
            defaultURL: defaultResortURL, path: [.text("/resorts/"), .long(.row, "resortId")], hasFallback: hasFallback,
            onSuccess: [
                .when(.equals(.field(.answer, "resortStatus"), Status.available), then: [
                    .copy(["resortName", "resortPeriod", "resortPrice", "resortType"], from: .answer),
                    .set("resortStatus", .text(Status.confirmed)),
                ], otherwise: [
                    // `reservation.unavailable-resort`: `fail` throws when the resort is not
                    // "Available" (the repository's `else`); `continue` stores the reservation
                    // without the resort's fields and status (the documented runs' 343-byte bodies).
                    .choose(StepChoice(property: "reservation.unavailable-resort", default: "fail", [
                        .init("fail", [.raise(resortUnusable)]), .init("continue", []),
                    ])),
                ]),
            ],
            onFallback: [
                // ResortServiceFallback: System.out.println(...); return null.
                // `reservation.null-resort`: `fail` throws `new Exception("The resort is not in
                // a usable status.")` on a null resort (the README's check); `continue` stores
                // the reservation without the resort's fields.
                .print(1),
                .choose(StepChoice(property: "reservation.null-resort", default: "fail", [
                    .init("fail", [.raise(resortUnusable)]), .init("continue", []),
                ])),
            ],
            // HystrixRuntimeException (a RuntimeException) leaves the callback as it is.
            onError: [.rethrowCallError(thrown: 3)])
    }

    /// `reservation.check-payment` (the final version's check) and `reservation.payment-check`,
    /// where it runs: `pre-persist` (the repository's `@PrePersist`) or `post-persist`
    /// (`@PostPersist`, which Hibernate runs at the flush inside the commit, so a null
    /// payment fails the commit: F5's 255-byte 500s). The check's steps where `hook` is that place.
    static func paymentCheck(at hook: String) -> Step {
        .choose(StepChoice(property: "reservation.check-payment", default: "false", [
            .init("true", [.choose(StepChoice(property: "reservation.payment-check", default: "pre-persist", [
                .init(hook, checkPayment),
                .init(hook == "pre-persist" ? "post-persist" : "pre-persist", []),
            ]))]),
            .init("false", []),
        ]))
    }

    /// `System.out.print("#######paymentId="+payment)`, then PaymentService#getPaymentStatus(Long)
    /// for the entity's `test` field (1L: the repository's code asks for payment 1 whatever
    /// the reservation). PaymentServiceFallback prints a line and returns null; a null
    /// payment fails the reservation.
    static let checkPayment: [Step] = [
        .print(1),
        .call(FeignCallStep(
            client: "payment", configKey: "PaymentService#getPaymentStatus(Long)", urlProperty: "feign.payment.url",
            defaultURL: defaultPaymentURL, path: [.text("/payments/1")], hasFallback: true,
            onSuccess: [.check(.present(.whole(.answer)), orThrow: paymentUnusable)],
            onFallback: [.print(1), .raise(paymentUnusable)],
            onError: [.raise(paymentUnusable)])),
    ]
}
