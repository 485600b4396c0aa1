/// A method of a `@FeignClient` interface called from the code, with what the code does on
/// each outcome: the answer (`onSuccess`, the answer's body readable as `.answer`), the
/// fallback's null (`onFallback`), or the exception Hystrix throws without a fallback
/// (`onError`; `rethrowCallError` throws it).
public struct FeignCallStep {
    /// `@FeignClient(name:)`: the Hystrix group and thread pool.
    public let client: String
    /// Feign's config key, the Hystrix command key (`StockService#getStock(Long)`).
    public let configKey: String
    public let method: String
    /// The property that holds the client's URL (`feign.stock.url`), its relaxed-binding
    /// form, and the URL when it is unset.
    public let urlProperty: String
    public let canonicalURLProperty: String
    public let defaultURL: String
    /// The path, its parts joined (`/stocks/` and the row's `stockId`).
    public let path: [StepValue]
    /// Whether the client has a fallback class.
    public let hasFallback: Bool
    public let onSuccess: [Step]
    public let onFallback: [Step]
    public let onError: [Step]

    public init(client: String, configKey: String, method: String = "GET", urlProperty: String, defaultURL: String,
                path: [StepValue], hasFallback: Bool, onSuccess: [Step], onFallback: [Step], onError: [Step]) {
        self.client = client; self.configKey = configKey; self.method = method
        self.urlProperty = urlProperty; canonicalURLProperty = SpringBootConfig.canonical(urlProperty); self.defaultURL = defaultURL
        self.path = path; self.hasFallback = hasFallback
        self.onSuccess = onSuccess; self.onFallback = onFallback; self.onError = onError
    }

    /// The host Feign connects to for a configured URL: `http://stock:8080`, `stock:8080`
    /// or `localhost:8082` (port 80 when none is given).
    public static func host(_ url: String) -> String {
        var u = url
        for scheme in ["http://", "https://"] where u.hasPrefix(scheme) { u.removeFirst(scheme.count) }
        if let slash = u.firstIndex(of: "/") { u = String(u[..<slash]) }
        if !u.contains(where: { $0 == ":" }) { u += ":80" }
        return u
    }
}
