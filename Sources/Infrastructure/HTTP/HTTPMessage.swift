import SimCore
import Formats

/// An HTTP request as it travels through the simulated system.
public struct HTTPRequest: @unchecked Sendable {
    /// The fields live in one shared box, copied only when a holder of a shared one writes
    /// (copy on write): a request is copied at every hop (the network's transit, the
    /// gateway, Tomcat's queue, the handler's context), and a copy of six fields cost six
    /// reference counts where a box costs one. Sendable as an Array is: a write to a shared
    /// box copies it first.
    private final class Fields {
        var method: String
        var host: String
        var path: String
        var body: JSON?
        var contentType: String?
        var trace: TraceContext?

        init(method: String, host: String, path: String, body: JSON?, contentType: String?, trace: TraceContext?) {
            self.method = method; self.host = host; self.path = path; self.body = body
            self.contentType = contentType; self.trace = trace
        }

        func copy() -> Fields {
            Fields(method: method, host: host, path: path, body: body, contentType: contentType, trace: trace)
        }
    }
    private var fields: Fields

    private mutating func unique() -> Fields {
        if !isKnownUniquelyReferenced(&fields) { fields = fields.copy() }
        return fields
    }

    public var method: String {
        get { fields.method }
        set { unique().method = newValue }
    }
    /// Host and port the client addressed (`localhost:8081`, `stock:8080`), for links.
    public var host: String {
        get { fields.host }
        set { unique().host = newValue }
    }
    public var path: String {
        get { fields.path }
        set { unique().path = newValue }
    }
    public var body: JSON? {
        get { fields.body }
        set { unique().body = newValue }
    }
    public var contentType: String? {
        get { fields.contentType }
        set { unique().contentType = newValue }
    }
    /// The caller's span (Sleuth's B3 headers), when the request is traced.
    public var trace: TraceContext? {
        get { fields.trace }
        set { unique().trace = newValue }
    }

    public init(method: String, host: String, path: String, body: JSON? = nil, contentType: String? = nil) {
        fields = Fields(method: method, host: host, path: path, body: body, contentType: contentType, trace: nil)
    }
}

/// An HTTP response. `reason` is empty for Tomcat, which sends no reason phrase.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var reason: String
    public var headers: [(String, String)]
    public var body: JSON?
    /// Whether the body is written indented, as Spring Data REST's HAL mapper writes it
    /// (`INDENT_OUTPUT`); Spring Boot's error JSON and actuator are compact.
    public var indented: Bool

    public init(status: Int, reason: String = "", headers: [(String, String)] = [], body: JSON? = nil, indented: Bool = false) {
        self.status = status; self.reason = reason; self.headers = headers; self.body = body; self.indented = indented
    }

    /// Size of the body on the wire (siege's bytes: the body only, `http_read`).
    public var bodyBytes: Int {
        guard let b = body else { return 0 }
        return indented ? b.jacksonIndentedByteCount() : b.byteCount
    }

    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return ""
        }
    }
}

/// What an endpoint answers, and so what the network carries back: a response, or the
/// connection's failure. A time-out is never an answer: it is the waiting side's own
/// verdict (`HTTPResult.timedOut`: Feign's read timeout, the client's).
public enum HTTPAnswer: Sendable {
    case response(HTTPResponse)
    /// Nothing listens on the port (the process is stopped or still booting): TCP RST.
    case connectionRefused
    /// The connection broke while the request was in flight (the server died).
    case connectionReset

    public var response: HTTPResponse? { if case .response(let r) = self { return r }; return nil }
    public var status: Int? { response?.status }
}

/// What a client gets back: a response, or a transport failure as the client library reports it.
public enum HTTPResult: Sendable {
    case response(HTTPResponse)
    /// Nothing listens on the port (the process is stopped or still booting): TCP RST.
    case connectionRefused
    /// The connection broke while the request was in flight (the server died).
    case connectionReset
    /// The client gave up waiting (its read or connect timeout).
    case timedOut(SimDuration)

    public var response: HTTPResponse? { if case .response(let r) = self { return r }; return nil }
    public var status: Int? { response?.status }

    /// The endpoint's answer, as the client library reports it.
    public init(_ answer: HTTPAnswer) {
        switch answer {
        case .response(let r): self = .response(r)
        case .connectionRefused: self = .connectionRefused
        case .connectionReset: self = .connectionReset
        }
    }
}

/// Anything that accepts HTTP requests at a host name: a Spring Boot instance, the gateway.
public protocol HTTPEndpoint: AnyObject {
    /// Handles `request`; `reply` is called exactly once, unless the endpoint dies first,
    /// in which case it is called with `.connectionReset`.
    func accept(_ request: HTTPRequest, reply: @escaping (HTTPAnswer) -> Void)
}

extension HTTPRequest {
    /// The path's segments and its query, split on bytes (String's `split` walks grapheme
    /// clusters, which was a tenth of a request's cost).
    public var route: (segments: [Substring], query: Substring) {
        var segments: [Substring] = []
        segments.reserveCapacity(3)
        let query = walkRoute { segments.append($0) }
        return (segments, query)
    }

    /// The route's first two segments, how many there are, and the query: what a Spring
    /// Data REST dispatch reads, without building an array.
    public var routeHead: (count: Int, first: Substring, second: Substring, query: Substring) {
        var n = 0
        var first: Substring = "", second: Substring = ""
        let query = walkRoute { s in
            if n == 0 { first = s } else if n == 1 { second = s }
            n += 1
        }
        return (n, first, second, query)
    }

    /// Hands each non-empty segment of the path before its query to `segment`, in order;
    /// returns the query.
    private func walkRoute(_ segment: (Substring) -> Void) -> Substring {
        let u = path.utf8
        var start = u.startIndex
        var i = u.startIndex
        var queryStart = u.endIndex
        while i != u.endIndex {
            let b = u[i]
            if b == UInt8(ascii: "?") { queryStart = u.index(after: i); break }
            if b == UInt8(ascii: "/") {
                if start != i { segment(Substring(path[start..<i])) }
                start = u.index(after: i)
            }
            i = u.index(after: i)
        }
        if start != i { segment(Substring(path[start..<i])) }
        return queryStart == u.endIndex ? "" : Substring(path[queryStart...])
    }

    /// The path as a route template: numeric segments become `{id}` (`/orders/{id}`), as
    /// span names carry it.
    public var routeTemplate: String {
        "/" + pathOnly.split(separator: "/").map { $0.allSatisfy(\.isNumber) ? "{id}" : String($0) }.joined(separator: "/")
    }

    /// The path without its query.
    public var pathOnly: Substring {
        if let q = path.utf8.firstIndex(of: UInt8(ascii: "?")) { return Substring(path[..<q]) }
        return Substring(path)
    }
}
