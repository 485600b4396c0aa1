import SimCore
import Infrastructure
import Formats

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

    // MARK: The code as it ran (switches; docs/FIDELITY.md gives the evidence for each)

    /// `reservation.resort-fallback`: the ResortService Feign client has
    /// `ResortServiceFallback`, which prints a line and returns null (wired in the
    /// repository on 2021-07-25; the F4 run's 183-byte 500s show it ran then). Off: a failed
    /// call throws Hystrix's HystrixRuntimeException.
    static let resortFallbackKey = SpringBootConfig.canonical("reservation.resort-fallback")
    /// `reservation.null-resort`: `fail` throws `new Exception("The resort is not in a
    /// usable status.")` on a null resort (the README's check); `continue` stores the
    /// reservation without the resort's fields.
    static let nullResortKey = SpringBootConfig.canonical("reservation.null-resort")
    /// `reservation.unavailable-resort`: `fail` throws when the resort is not "Available"
    /// (the repository's `else`); `continue` stores the reservation without the resort's
    /// fields and status (the documented runs' 343-byte bodies).
    static let unavailableResortKey = SpringBootConfig.canonical("reservation.unavailable-resort")
    /// `reservation.payment-check`: where the payment check runs, `pre-persist` (the
    /// repository's `@PrePersist`) or `post-persist` (`@PostPersist`, which Hibernate runs
    /// at the flush inside the commit, so a null payment fails the commit: F5's 255-byte 500s).
    static let paymentCheckKey = SpringBootConfig.canonical("reservation.payment-check")

    /// Throwables created when an entity callback throws a checked exception: the exception,
    /// reflection's InvocationTargetException, and Hibernate's `RuntimeException(cause)`
    /// wrapper (`EntityCallback.performCallback`), whose message is `cause.toString()`.
    static func checked(_ message: String) -> HookError {
        HookError("java.lang.Exception: " + message, thrown: 3)
    }

    override public func prePersist(_ row: JSON, _ context: RequestContext, _ then: @escaping (Result<JSON, HookError>) -> Void) {
        let app = context.app
        let cfg = app.config
        guard let resortId = row["resortId"]?.int64Value else {
            then(.failure(ReservationService.checked("The resort is not in a usable status.")))
            return
        }
        let fallback = cfg.property(canonical: ReservationService.resortFallbackKey).flatMap { ValueSyntax.bool($0) } ?? false
        let nullFails = (cfg.property(canonical: ReservationService.nullResortKey) ?? "fail").lowercased() == "fail"
        let unavailableFails = (cfg.property(canonical: ReservationService.unavailableResortKey) ?? "fail").lowercased() == "fail"
        let resortHost = resolve(cfg.property(canonical: ReservationService.resortURLKey) ?? ReservationService.defaultResortURL)
        let get = HTTPRequest(method: "GET", host: resortHost, path: "/resorts/\(resortId)")
        // System.out.print("#######resortId="+resort), before the call.
        app.consoleWrites(1) { [unowned(unsafe) self] in
            app.feignClient("resort").call(configKey: "ResortService#getResortStatus(Long)", host: resortHost, get, hasFallback: fallback, trace: context.work) { [unowned(unsafe) self] result in
                switch result {
                case .success(let r):
                    self.checkResort(r.body ?? .null, row, app, unavailableFails, context.work, then)
                case .error(_, let message):
                    // HystrixRuntimeException (a RuntimeException) leaves the callback as it is.
                    then(.failure(HookError(message, thrown: 3)))
                case .fallback:
                    // ResortServiceFallback: System.out.println(...); return null.
                    app.consoleWrites(1) {
                        if nullFails { then(.failure(ReservationService.checked("The resort is not in a usable status."))) }
                        else { self.afterResort(row, app, context.work, then) }
                    }
                }
            }
        }
    }

    /// The resort answered: copy its fields when it is available, else throw or go on.
    private func checkResort(_ resort: JSON, _ row: JSON, _ app: SpringBootApp, _ unavailableFails: Bool,
                             _ trace: TraceContext?, _ then: @escaping (Result<JSON, HookError>) -> Void) {
        guard resort["resortStatus"]?.stringValue == Status.available else {
            if unavailableFails { then(.failure(ReservationService.checked("The resort is not in a usable status."))) }
            else { afterResort(row, app, trace, then) }
            return
        }
        var r = row
        for f in ["resortName", "resortPeriod", "resortPrice", "resortType"] { r.set(f, resort[f] ?? .null) }
        r.set("resortStatus", .string(Status.confirmed))
        afterResort(r, app, trace, then)
    }

    private func checksPayment(_ app: SpringBootApp) -> (pre: Bool, post: Bool) {
        guard app.config.property(canonical: ReservationService.checkPaymentKey).flatMap { ValueSyntax.bool($0) } ?? false else { return (false, false) }
        let post = (app.config.property(canonical: ReservationService.paymentCheckKey) ?? "pre-persist").lowercased() == "post-persist"
        return (!post, post)
    }

    private func afterResort(_ row: JSON, _ app: SpringBootApp, _ trace: TraceContext?, _ then: @escaping (Result<JSON, HookError>) -> Void) {
        guard checksPayment(app).pre else { then(.success(row)); return }
        checkPayment(app, trace: trace) { ok in
            then(ok ? .success(row) : .failure(ReservationService.checked("The payment is not in a usable status.")))
        }
    }

    override public func postPersist(_ row: JSON, _ context: RequestContext, _ then: @escaping (Result<JSON, HookError>) -> Void) {
        let app = context.app
        guard checksPayment(app).post else { then(.success(row)); return }
        checkPayment(app, trace: context.work) { ok in
            then(ok ? .success(row) : .failure(ReservationService.checked("The payment is not in a usable status.")))
        }
    }

    /// The final version's payment check: `System.out.print("#######paymentId="+payment)`,
    /// then PaymentService#getPaymentStatus(Long) for the entity's `test` field (1L: the
    /// repository's code asks for payment 1 whatever the reservation). PaymentServiceFallback
    /// prints a line and returns null; a null payment fails the reservation.
    private func checkPayment(_ app: SpringBootApp, trace: TraceContext?, _ then: @escaping (Bool) -> Void) {
        let paymentHost = resolvePayment(app.config.property(canonical: ReservationService.paymentURLKey) ?? ReservationService.defaultPaymentURL)
        let pay = HTTPRequest(method: "GET", host: paymentHost, path: "/payments/1")
        app.consoleWrites(1) {
            app.feignClient("payment").call(configKey: "PaymentService#getPaymentStatus(Long)", host: paymentHost, pay, hasFallback: true, trace: trace) { result in
                switch result {
                case .success(let p) where p.body != nil && p.body != .null: then(true)
                case .fallback: app.consoleWrites(1) { then(false) }
                default: then(false)
                }
            }
        }
    }
}
