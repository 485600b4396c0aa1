import SimCore
import Infrastructure

/// reservation (port 8081, H2): the core domain. Before inserting (JPA `@PrePersist`,
/// inside the transaction, holding a Hikari connection) it calls resort through Feign and,
/// with `reservation.check-payment=true`, payment too.
public final class ReservationService: DataRestService {
    public static let schema = EntitySchema(name: "reservation", collection: "reservations", fields: [
        ("id", .long), ("resortId", .long), ("resortName", .string), ("resortStatus", .string),
        ("resortType", .string), ("resortPeriod", .string), ("resortPrice", .double), ("memberName", .string),
    ])

    /// Where the Feign clients call when `feign.resort.url` / `feign.payment.url` are unset
    /// (the seed's cluster profile).
    public static let defaultResortURL = "resort:8080"
    public static let defaultPaymentURL = "payment:8080"

    static let resortURLKey = SpringBootConfig.canonical("feign.resort.url")
    static let paymentURLKey = SpringBootConfig.canonical("feign.payment.url")
    static let checkPaymentKey = SpringBootConfig.canonical("reservation.check-payment")

    public init() { super.init(schema: ReservationService.schema) }

    override public func eventsAfterInsert(_ row: JSON) -> [String] { ["ReservationRegistered"] }
    override public func eventsAfterUpdate(_ row: JSON) -> [String] { ["ReservationCanceled"] }

    /// The last URL resolved and its host (the URL rarely changes; resolving it is not free).
    private var resolved: (url: String, host: String) = ("", "")

    private var resolvedPayment: (url: String, host: String) = ("", "")

    func resolvePayment(_ url: String) -> String {
        if url == resolvedPayment.url { return resolvedPayment.host }
        let h = ReservationService.host(url)
        resolvedPayment = (url, h)
        return h
    }

    func resolve(_ url: String) -> String {
        if url == resolved.url { return resolved.host }
        let h = ReservationService.host(url)
        resolved = (url, h)
        return h
    }

    /// The Feign target from configuration: `http://resort:8080`, `resort:8080` or `localhost:8082`.
    static func host(_ url: String) -> String {
        var u = url
        for scheme in ["http://", "https://"] where u.hasPrefix(scheme) { u.removeFirst(scheme.count) }
        if let slash = u.firstIndex(of: "/") { u = String(u[..<slash]) }
        if !u.contains(where: { $0 == ":" }) { u += ":80" }
        return u
    }

    override public func prePersist(_ row: JSON, _ context: RequestContext, _ then: @escaping (Result<JSON, HookError>) -> Void) {
        let app = context.app
        guard let resortId = row["resortId"]?.int64Value else {
            then(.failure(HookError("The resort is not in a usable status.")))
            return
        }
        let resortHost = resolve(app.config.property(canonical: ReservationService.resortURLKey) ?? ReservationService.defaultResortURL)
        let get = HTTPRequest(method: "GET", host: resortHost, path: "/resorts/\(resortId)")
        // ResortService has no fallback: a failed call throws HystrixRuntimeException.
        app.feign(client: "resort", configKey: "ResortService#getResortStatus(Long)", host: resortHost, get, hasFallback: false) { [unowned self] result in
            let resort: JSON
            switch result {
            case .success(let r): resort = r.body ?? .null
            case .error(_, let message): then(.failure(HookError(message))); return
            case .fallback: then(.failure(HookError("The resort is not in a usable status."))); return
            }
            guard resort["resortStatus"]?.stringValue == Status.available else {
                then(.failure(HookError("The resort is not in a usable status.")))
                return
            }
            var r = row
            for f in ["resortName", "resortPeriod", "resortPrice", "resortType"] { r.set(f, resort[f] ?? .null) }
            r.set("resortStatus", .string(Status.confirmed))
            guard (app.config.property(canonical: ReservationService.checkPaymentKey) ?? "false").lowercased() == "true" else {
                then(.success(r))
                return
            }
            // The final version's payment check. The entity has no id yet in @PrePersist, so
            // the check looks up the payment by the resort id (see docs/ARCHITECTURE.md).
            // PaymentService's fallback returns null, and a null payment fails the insert.
            let paymentHost = self.resolvePayment(app.config.property(canonical: ReservationService.paymentURLKey) ?? ReservationService.defaultPaymentURL)
            let pay = HTTPRequest(method: "GET", host: paymentHost, path: "/payments/\(resortId)")
            app.feign(client: "payment", configKey: "PaymentService#getPaymentStatus(Long)", host: paymentHost, pay, hasFallback: true) { result in
                switch result {
                case .success(let p) where p.body != nil && p.body != .null: then(.success(r))
                case .error(_, let message): then(.failure(HookError(message)))
                default: then(.failure(HookError("The payment is not in a usable status.")))
                }
            }
        }
    }
}
