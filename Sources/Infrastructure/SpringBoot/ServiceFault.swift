import SimCore

/// A fault planted in a service's controller, as the seed's test delay was.
public struct ServiceFault: Sendable {
    public enum Kind: Sendable {
        /// The handler sleeps this long before doing its work (on its Tomcat thread).
        case delay(Distribution)
        /// This share of requests fail with HTTP 500.
        case error(Double)
    }
    public let method: String?
    public let pathPattern: String?
    public let kind: Kind

    public init(method: String?, pathPattern: String?, kind: Kind) {
        self.method = method; self.pathPattern = pathPattern; self.kind = kind
    }

    /// Whether it applies: method equal, path matching `/orders/{id}` segment by segment.
    public func matches(method m: String, path: String) -> Bool {
        if let method = method, method.uppercased() != m.uppercased() { return false }
        guard let pattern = pathPattern else { return true }
        return ServiceFault.pathMatches(pattern: pattern, path: path)
    }

    public static func pathMatches(pattern: String, path: String) -> Bool {
        let p = HTTPRequest(method: "", host: "", path: pattern).route.segments
        let s = HTTPRequest(method: "", host: "", path: path).route.segments
        guard p.count == s.count else { return false }
        for (a, b) in zip(p, s) where !(a.hasPrefix("{") && a.hasSuffix("}")) && a != b { return false }
        return true
    }
}
