import SimCore
import Infrastructure
import Formats

/// Prints a response the way httpie prints it in a terminal: status line, headers, a
/// blank line, and the JSON body indented by 4 with sorted keys.
enum HttpiePrinter {
    static func render(_ result: HTTPResult, method: String, url: String) -> String {
        switch result {
        case .response(let r):
            var out = "HTTP/1.1 \(r.status) \(r.reason)\n"
            for (k, v) in r.headers { out += "\(k): \(v)\n" }
            out += "\n"
            if let body = r.body { out += body.pretty() + "\n" }
            return out
        case .connectionRefused:
            return "http: error: ConnectionError: [Errno 111] Connection refused while doing a \(method) request to URL: \(url)\n"
        case .connectionReset:
            return "http: error: ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer')) while doing a \(method) request to URL: \(url)\n"
        case .timedOut(let d):
            return "http: error: Request timed out (\(d.seconds)s).\n"
        }
    }

    /// Evaluates a body path: `status`, `_embedded.orders[0].status`, or
    /// `[0].status`, which on a Spring Data REST list indexes its embedded items.
    /// What is wrong with a body path, or nil: names joined by dots, each name or the path
    /// followed by any number of `[N]` indexes (`_embedded.resorts[0].resortName`, `[0].id`),
    /// also as jq writes them (`.resortStatus`, `.[0].id`, `resorts.[0]`).
    static func pathProblem(_ path: String) -> String? {
        guard !path.isEmpty else { return "it is empty" }
        if path == "." { return nil } // jq's whole body
        var afterIndex = false, afterDot = false
        var i = path.startIndex
        while i < path.endIndex {
            let c = path[i]
            switch c {
            case ".":
                if afterDot { return "two dots with no name between them" }
                afterDot = true; afterIndex = false
            case "[":
                guard let close = path[i...].firstIndex(of: "]") else { return "'[' is never closed" }
                let digits = path[path.index(after: i)..<close]
                guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    return "'[\(digits)]' is not an index, which is a whole number, 0 or more"
                }
                guard Int(digits) != nil else { return "the index [\(digits)] is too large" }
                i = close
                afterIndex = true; afterDot = false
            case "]": return "']' with no '[' before it"
            default:
                if afterIndex { return "a name right after an index, with no dot between them" }
                afterDot = false
            }
            i = path.index(after: i)
        }
        return afterDot ? "it ends with a dot" : nil
    }

    static func lookup(_ path: String, in body: JSON) -> JSON? {
        var current: JSON? = body
        var tokens: [Either] = []
        var name = ""
        var i = path.startIndex
        while i < path.endIndex {
            let c = path[i]
            if c == "." { if !name.isEmpty { tokens.append(.key(name)); name = "" } }
            else if c == "[" {
                if !name.isEmpty { tokens.append(.key(name)); name = "" }
                guard let close = path[i...].firstIndex(of: "]"), let n = Int(path[path.index(after: i)..<close]) else { return nil }
                tokens.append(.index(n))
                i = close
            } else { name.append(c) }
            i = path.index(after: i)
        }
        if !name.isEmpty { tokens.append(.key(name)) }
        if case .index = tokens.first, let embedded = body["_embedded"], case .object(let m) = embedded, m.count == 1 {
            current = m[0].1
        }
        for t in tokens {
            switch t {
            case .key(let k): current = current?[k]
            case .index(let n):
                guard case .array(let a)? = current, n >= 0, n < a.count else { return nil }
                current = a[n]
            }
        }
        return current
    }

    enum Either { case key(String), index(Int) }
}
