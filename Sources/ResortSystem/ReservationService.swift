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
        app.feignCall(host: resortHost, get) { result in
            let resort: JSON
            switch FeignOutcome.decode(result, method: "GET", url: "http://\(resortHost)/resorts/\(resortId)",
                                       configKey: "ResortService#getResortStatus(Long)") {
            case .failure(let e): then(.failure(e)); return
            case .success(let body): resort = body
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
            // the check looks up the payment by the resort id (see docs/DECISIONS.md).
            let paymentHost = ReservationService.host(app.config.property(canonical: ReservationService.paymentURLKey) ?? ReservationService.defaultPaymentURL)
            let pay = HTTPRequest(method: "GET", host: paymentHost, path: "/payments/\(resortId)")
            app.feignCall(host: paymentHost, pay) { result in
                switch FeignOutcome.decode(result, method: "GET", url: "http://\(paymentHost)/payments/\(resortId)",
                                           configKey: "PaymentService#getPaymentStatus(Long)") {
                case .failure(let e): then(.failure(e))
                case .success: then(.success(r))
                }
            }
        }
    }
}

/// How a Feign client turns an HTTP result into a value or an exception.
enum FeignOutcome {
    static func decode(_ result: HTTPResult, method: String, url: String, configKey: String) -> Result<JSON, HookError> {
        switch result {
        case .response(let r) where (200..<300).contains(r.status):
            return .success(r.body ?? .null)
        case .response(let r):
            return .failure(HookError("status \(r.status) reading \(configKey)"))
        case .connectionRefused:
            return .failure(HookError("Connection refused (Connection refused) executing \(method) \(url)"))
        case .connectionReset:
            return .failure(HookError("Connection reset executing \(method) \(url)"))
        case .timedOut:
            return .failure(HookError("Read timed out executing \(method) \(url)"))
        }
    }
}
