/// The configuration keys a system's own code reads, besides Spring's and the model's: its
/// code variants (each with the values it accepts) and its Feign clients' URL properties.
/// The system's loader fills them in; `SpringBootConfig` validates a `config` line's key
/// against them, so a typo is an error before anything runs.
public struct ApplicationKeys: Sendable {
    /// The code variants as written (`order.stock-check`), with their values, in the
    /// system file's order.
    public private(set) var switches: [(key: String, values: [String])] = []
    /// The Feign clients' URL properties as written (`feign.stock.url`), in order.
    public private(set) var feignURLs: [String] = []
    /// The values of each switch by its relaxed-binding key (lookup only).
    private var byCanonical: [String: [String]] = [:]

    public init() {}

    public mutating func addSwitch(_ key: String, values: [String]) {
        let c = SpringBootConfig.canonical(key)
        guard byCanonical[c] == nil else { return }
        switches.append((key, values))
        byCanonical[c] = values
    }

    public mutating func addFeignURL(_ key: String) {
        guard !key.isEmpty, !feignURLs.contains(where: { SpringBootConfig.canonical($0) == SpringBootConfig.canonical(key) }) else { return }
        feignURLs.append(key)
    }

    /// The values a switch accepts, by its key in relaxed-binding form; nil for no switch.
    public func values(canonical key: String) -> [String]? { byCanonical[key] }
}
