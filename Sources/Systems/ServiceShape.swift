import Infrastructure
import Formats

/// What the loader knows of a service before it reads its code (the first pass over the
/// file), so that a step can be checked against any service: its port, entity, fields,
/// events, code variants, Feign clients and named methods.
final class ServiceShape {
    let name: String
    let node: YAMLNode
    var port = 0
    var entity = ""
    var path = ""
    /// The entity's columns with their Java types, the id first.
    var fields: [(String, String)] = [("id", "Long")]
    /// The events it publishes, each with its fields and types, and the node declaring it.
    var events: [(name: String, fields: [(String, String)], node: YAMLNode)] = []
    var variants: [(key: String, values: [String], defaultValue: String)] = []
    var clients: [FeignClientShape] = []
    /// `methods:` of the aggregate: named step lists that `invoke` runs.
    var methods: [YAMLEntry] = []

    init(name: String, node: YAMLNode) { self.name = name; self.node = node }

    func event(_ name: String) -> [(String, String)]? { events.first { $0.name == name }?.fields }
    func variant(_ key: String) -> (key: String, values: [String], defaultValue: String)? {
        let c = SpringBootConfig.canonical(key)
        return variants.first { SpringBootConfig.canonical($0.key) == c }
    }
}

/// A `@FeignClient` interface: its name (the Hystrix group), where it calls, its fallback
/// and its methods.
struct FeignClientShape {
    let interface: String
    let name: String
    /// The URL property (`feign.stock.url`; empty for a literal URL) and the URL used when
    /// it is unset (the placeholder's default, or the literal).
    let urlProperty: String
    let defaultURL: String
    /// The service the URL reaches (nil when it reaches none: an error already).
    let target: ServiceShape?
    let fallback: FeignFallback
    let methods: [FeignMethodShape]
}

struct FeignMethodShape {
    let name: String
    /// `(Long id)`: the parameters' types and names.
    let params: [(type: String, name: String)]
    let verb: String
    let path: String
    var configKey: String { "#\(name)(\(params.map { $0.type }.joined(separator: ",")))" }
}

/// A client's fallback: none, one class, or one per value of a code variant.
enum FeignFallback {
    case none
    case fixed(FallbackClass)
    case choose(key: String, [(value: String, FallbackClass?)])

    var summary: String {
        switch self {
        case .none: return "no fallback"
        case .fixed(let f): return "fallback \(f.name)"
        case .choose(let key, let alts):
            return "fallback by \(key): " + alts.map { "\($0.value) \($0.1?.name ?? "none")" }.joined(separator: ", ")
        }
    }
}

/// A fallback class's method: the lines it prints, then what it returns (null, a value) or throws.
struct FallbackClass {
    let name: String
    let prints: Int
    let returns: JSON
    let throwsMessage: String?
}
