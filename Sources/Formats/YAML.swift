import SimCore
/// The YAML subset that Kubernetes manifests and Spring's application.yml use: block
/// mappings and sequences (including a sequence at its key's indentation), plain, single-
/// and double-quoted scalars, flow sequences and mappings on one line (`[a, [b, "c, d"]]`,
/// `{k: v}`, read by `YAMLFlow`; blocks and flows nest at most `maxDepth` deep),
/// comments and `---` between documents. Values become `JSON` (mappings keep their order).
/// Errors carry a line and a column.
public enum YAML {
    public struct Failure: Error, Equatable, Sendable {
        public let line: Int
        public let column: Int
        public let message: String
    }

    struct Line {
        let number: Int
        let indent: Int
        let text: Substring // without indentation and comment
    }

    /// Parses every document of `text`.
    public static func documents(_ text: String) throws -> [JSON] { try nodes(text).map { $0.json } }

    /// Parses every document of `text`, each value with the line and column it starts at.
    /// A line ends at LF, CR LF or CR (YAML 1.2, 5.4): a file saved on Windows reads as
    /// the same file with LF. A byte order mark at the start is not content (5.2), so a
    /// file saved "UTF-8 with BOM" reads as it does without.
    public static func nodes(_ text: String) throws -> [YAMLNode] {
        var docs: [[Line]] = [[]]
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        // "\r\n" is one Character in Swift, so splitting at "\n" alone would not see it.
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (i, s) in lines.enumerated() {
            if s.contains("\t") && s.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
                throw Failure(line: i + 1, column: 1, message: "tabs are not allowed for indentation in YAML (use spaces)")
            }
            let content = stripComment(s)
            let trimmed = content.drop(while: { $0 == " " })
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("---") && trimmed.dropFirst(3).allSatisfy({ $0 == " " }) { docs.append([]); continue }
            if trimmed == "..." { continue }
            var t = trimmed
            while t.last == " " { t = t.dropLast() }
            docs[docs.count - 1].append(Line(number: i + 1, indent: content.count - trimmed.count, text: t))
        }
        var out: [YAMLNode] = []
        for var lines in docs where !lines.isEmpty {
            var p = 0
            var depth = 0
            let v = try block(&lines, &p, indent: lines[0].indent, depth: &depth)
            if p < lines.count {
                throw Failure(line: lines[p].number, column: lines[p].indent + 1, message: "unexpected indentation (expected a key at column \(lines[0].indent + 1))")
            }
            out.append(v)
        }
        return out
    }

    /// Drops a `#` comment that is outside quotes and starts a word.
    static func stripComment(_ s: Substring) -> Substring {
        var quote: Character? = nil
        var prev: Character = " "
        for i in s.indices {
            let c = s[i]
            if let q = quote { if c == q { quote = nil } }
            else if c == "'" || c == "\"" { if prev == " " || prev == ":" || prev == "-" || prev == "[" || prev == "," { quote = c } }
            else if c == "#" && (prev == " " || i == s.startIndex) { return s[..<i] }
            prev = c
        }
        return s
    }

    /// How deeply blocks and flow collections may nest (as JSONParser limits JSON).
    public static let maxDepth = 200

    /// A block (mapping or sequence) whose lines are at `indent`.
    static func block(_ lines: inout [Line], _ p: inout Int, indent: Int, depth: inout Int) throws -> YAMLNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= maxDepth else {
            throw Failure(line: lines[p].number, column: indent + 1, message: "blocks nested too deeply (more than \(maxDepth) levels)")
        }
        if lines[p].text.hasPrefix("- ") || lines[p].text == "-" { return try sequence(&lines, &p, indent: indent, depth: &depth) }
        return try mapping(&lines, &p, indent: indent, depth: &depth)
    }

    static func sequence(_ lines: inout [Line], _ p: inout Int, indent: Int, depth: inout Int) throws -> YAMLNode {
        let start = (lines[p].number, indent + 1)
        var items: [YAMLNode] = []
        while p < lines.count, lines[p].indent == indent, lines[p].text.hasPrefix("- ") || lines[p].text == "-" {
            let line = lines[p]
            let rest = line.text.dropFirst(1).drop(while: { $0 == " " })
            let restIndent = indent + (line.text.count - rest.count)
            if rest.isEmpty {
                p += 1
                guard p < lines.count, lines[p].indent > indent else { items.append(YAMLNode(.scalar(.null), line: line.number, column: indent + 1)); continue }
                items.append(try block(&lines, &p, indent: lines[p].indent, depth: &depth))
            } else if isMappingEntry(rest) {
                // "- key: value" starts a mapping whose keys sit at restIndent: the line is
                // read again as that mapping's first entry (it is never read as "- " again).
                lines[p] = Line(number: line.number, indent: restIndent, text: rest)
                depth += 1
                defer { depth -= 1 }
                items.append(try mapping(&lines, &p, indent: restIndent, depth: &depth))
            } else {
                items.append(try scalarNode(rest, line: line.number, column: restIndent + 1))
                p += 1
            }
        }
        return YAMLNode(.sequence(items), line: start.0, column: start.1)
    }

    static func isMappingEntry(_ s: Substring) -> Bool { keyEnd(s) != nil }

    /// The index of the ':' that ends a key (followed by a space or the end of the line).
    static func keyEnd(_ s: Substring) -> Substring.Index? {
        if s.first == "\"" || s.first == "'" {
            guard let close = s.dropFirst().firstIndex(of: s.first!) else { return nil }
            let after = s.index(after: close)
            return after < s.endIndex && s[after] == ":" && (s.index(after: after) == s.endIndex || s[s.index(after: after)] == " ") ? after : nil
        }
        if s.first == "[" || s.first == "{" { return nil }
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == ":" {
                let n = s.index(after: i)
                if n == s.endIndex || s[n] == " " { return i }
            }
            i = s.index(after: i)
        }
        return nil
    }

    static func mapping(_ lines: inout [Line], _ p: inout Int, indent: Int, depth: inout Int) throws -> YAMLNode {
        let start = (lines[p].number, indent + 1)
        var members: [YAMLEntry] = []
        var keys = Set<String>() // lookup only: members keep the file's order
        while p < lines.count, lines[p].indent == indent {
            let line = lines[p]
            guard let colon = keyEnd(line.text) else {
                throw Failure(line: line.number, column: indent + 1, message: "expected 'key: value' (a mapping entry)")
            }
            var key = String(line.text[..<colon])
            if key.first == "\"" || key.first == "'" { key = String(key.dropFirst().dropLast()) }
            guard keys.insert(key).inserted else {
                throw Failure(line: line.number, column: indent + 1, message: "duplicate key '\(key)'")
            }
            let value = line.text[line.text.index(after: colon)...].drop(while: { $0 == " " })
            p += 1
            func entry(_ v: YAMLNode) -> YAMLEntry { YAMLEntry(key: key, line: line.number, column: indent + 1, value: v) }
            if !value.isEmpty {
                let col = indent + (line.text.count - value.count) + 1
                members.append(entry(try scalarNode(value, line: line.number, column: col)))
                continue
            }
            // A nested block: deeper, or a sequence at the same indentation.
            if p < lines.count, lines[p].indent > indent {
                members.append(entry(try block(&lines, &p, indent: lines[p].indent, depth: &depth)))
            } else if p < lines.count, lines[p].indent == indent, lines[p].text.hasPrefix("- ") || lines[p].text == "-" {
                members.append(entry(try sequence(&lines, &p, indent: indent, depth: &depth)))
            } else {
                members.append(entry(YAMLNode(.scalar(.null), line: line.number, column: indent + 1)))
            }
        }
        if p < lines.count, lines[p].indent > indent {
            throw Failure(line: lines[p].number, column: lines[p].indent + 1, message: "unexpected indentation")
        }
        return YAMLNode(.mapping(members), line: start.0, column: start.1)
    }

    /// A scalar or a flow collection, with its position.
    static func scalarNode(_ s: Substring, line: Int, column: Int) throws -> YAMLNode {
        if s.first == "[" || s.first == "{" {
            var flow = YAMLFlow(text: s, line: line, column: column)
            return try flow.parseWhole()
        }
        return YAMLNode(.scalar(try scalar(s, line: line, column: column)), line: line, column: column)
    }

    /// A scalar or a flow collection of scalars.
    static func scalar(_ s: Substring, line: Int, column: Int) throws -> JSON {
        if s.first == "\"" {
            guard s.count >= 2, s.last == "\"" else { throw Failure(line: line, column: column, message: "unterminated double-quoted string") }
            var out = ""
            var escaped = false
            for c in s.dropFirst().dropLast() {
                if escaped {
                    switch c { case "n": out.append("\n"); case "t": out.append("\t"); default: out.append(c) }
                    escaped = false
                } else if c == "\\" { escaped = true } else { out.append(c) }
            }
            return .string(out)
        }
        if s.first == "'" {
            guard s.count >= 2, s.last == "'" else { throw Failure(line: line, column: column, message: "unterminated single-quoted string") }
            return .string(String(s.dropFirst().dropLast()).replacingOccurrencesOfDoubledQuote())
        }
        if s.first == "[" || s.first == "{" {
            var flow = YAMLFlow(text: s, line: line, column: column)
            return try flow.parseWhole().json
        }
        if s.first == "|" || s.first == ">" {
            throw Failure(line: line, column: column, message: "block scalars (| and >) are not supported (write the value on one line)")
        }
        if s.first == "&" || s.first == "*" || s.first == "!" {
            throw Failure(line: line, column: column, message: "anchors, aliases and tags are not supported")
        }
        switch s {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case "null", "Null", "NULL", "~": return .null
        default: break
        }
        if let i = Int64(s) { return .int(i) }
        if let d = Double(s), d.isFinite, s.contains(where: { $0.isNumber }), !s.hasPrefix("0x") { return .double(d) }
        return .string(String(s))
    }
}

extension Substring {
    var trimmedSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}

extension String {
    func replacingOccurrencesOfDoubledQuote() -> String {
        var out = ""
        var prevQuote = false
        for c in self {
            if c == "'" && prevQuote { prevQuote = false; continue }
            prevQuote = c == "'"
            out.append(c)
        }
        return out
    }
}
