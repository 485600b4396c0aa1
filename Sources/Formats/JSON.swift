import SimCore
/// A JSON value with ordered object members, so that serialization is deterministic and
/// follows the field order of the real system's entities and events.
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y
        case let (.int(x), .double(y)), let (.double(y), .int(x)): return Double(x) == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            guard x.count == y.count else { return false }
            for (k, v) in x { guard let w = b[k], w == v else { return false } }
            return true
        default: return false
        }
    }

    /// The member `key` of an object.
    public subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        // By index: `for (k, v) in members` copies every member it passes (a retain of its
        // value each), not only the one it returns.
        for i in members.indices where members[i].0 == key { return members[i].1 }
        return nil
    }

    /// Sets or appends the member `key` (objects only).
    public mutating func set(_ key: String, _ value: JSON) {
        guard case .object(var members) = self else { return }
        self = .null // release the enum's reference, so the members are mutated in place
        if let i = members.firstIndex(where: { $0.0 == key }) { members[i].1 = value } else { members.append((key, value)) }
        self = .object(members)
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var int64Value: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int64(d)
        case .string(let s): return Int64(s)
        default: return nil
        }
    }
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s): return Double(s)
        default: return nil
        }
    }
    public var isNull: Bool { if case .null = self { return true }; return false }

    // MARK: Serialization

    /// Compact JSON, members in their order (Jackson's default output).
    public var compact: String {
        var out = ""
        write(into: &out, indent: nil, sortKeys: false, level: 0)
        return out
    }

    /// Indented JSON; httpie prints with 4 spaces and sorted keys.
    public func pretty(indent: Int = 4, sortKeys: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: indent, sortKeys: sortKeys, level: 0)
        return out
    }

    private func write(into out: inout String, indent: Int?, sortKeys: Bool, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += JSON.javaDouble(d)
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent, level + 1)
                item.write(into: &out, indent: indent, sortKeys: sortKeys, level: level + 1)
            }
            newline(&out, indent, level)
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            let ordered = sortKeys ? members.sorted { $0.0 < $1.0 } : members
            for (i, (k, v)) in ordered.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent, level + 1)
                JSON.quote(k, into: &out)
                out += indent == nil ? ":" : ": "
                v.write(into: &out, indent: indent, sortKeys: sortKeys, level: level + 1)
            }
            newline(&out, indent, level)
            out += "}"
        }
    }

    private func newline(_ out: inout String, _ indent: Int?, _ level: Int) {
        guard let n = indent else { return }
        out += "\n"
        out += String(repeating: " ", count: n * level)
    }

    /// A double as Java's `Double.toString` writes it for ordinary magnitudes (`100000.0`).
    public static func javaDouble(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d.rounded() == d && abs(d) < 1e7 { return String(Int64(d)) + ".0" }
        return "\(d)"
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else { out.unicodeScalars.append(u) }
            }
        }
        out += "\""
    }

    /// Byte length of the compact form (siege's "bytes"), computed without building it.
    public var byteCount: Int {
        switch self {
        case .null: return 4
        case .bool(let b): return b ? 4 : 5
        case .int(let i): return JSON.digits(i)
        case .double(let d):
            if d.isFinite && d.rounded() == d && abs(d) < 1e7 { return JSON.digits(Int64(d)) + 2 }
            return JSON.javaDouble(d).utf8.count
        case .string(let s): return JSON.quotedSize(s)
        case .array(let items):
            var n = 2 + max(0, items.count - 1)
            for i in items.indices { n += items[i].byteCount }
            return n
        case .object(let members):
            var n = 2 + max(0, members.count - 1)
            for i in members.indices { n += JSON.quotedSize(members[i].0) + 1 + members[i].1.byteCount }
            return n
        }
    }

    /// Byte length of Jackson's indented form (`SerializationFeature.INDENT_OUTPUT` with
    /// `DefaultPrettyPrinter`, as Spring Data REST's HAL mapper writes it): objects one
    /// member a line, two spaces a level, `"key" : value`; arrays on the line as `[ a, b ]`
    /// (`FixedSpaceIndenter`); empty ones `{ }` and `[ ]`; no trailing newline.
    public func jacksonIndentedByteCount(level: Int = 0) -> Int {
        switch self {
        case .array(let items):
            if items.isEmpty { return 3 }
            // "[ " + items joined by ", " + " ]"
            var n = 4 + 2 * (items.count - 1)
            for i in items.indices { n += items[i].jacksonIndentedByteCount(level: level) }
            return n
        case .object(let members):
            if members.isEmpty { return 3 }
            // "{" "\n" then per member: indent, "key", " : ", value, ",\n" (last: "\n"), then indent "}"
            let indent = 2 * (level + 1)
            var n = 2 + 2 * level + 1
            // By index: `for (k, v) in members` copies each member (a retain of its key and value).
            for i in members.indices {
                n += indent + JSON.quotedSize(members[i].0) + 3 + members[i].1.jacksonIndentedByteCount(level: level + 1) + 1
            }
            return n + (members.count - 1)
        default:
            return byteCount
        }
    }

    static func digits(_ i: Int64) -> Int {
        var n = i < 0 ? 2 : 1
        var v = i.magnitude
        while v >= 10 { v /= 10; n += 1 }
        return n
    }

    static func quotedSize(_ s: String) -> Int {
        if let n = s.utf8.withContiguousStorageIfAvailable({ quotedSize(bytes: $0) }) { return n }
        return quotedSize(bytes: Array(s.utf8))
    }

    static func quotedSize<C: Collection>(bytes: C) -> Int where C.Element == UInt8 {
        var n = 2
        for b in bytes {
            switch b {
            case 0x22, 0x5C, 0x0A, 0x0D, 0x09: n += 2
            case 0..<0x20: n += 6
            default: n += 1
            }
        }
        return n
    }
}
