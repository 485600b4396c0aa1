import SimCore

/// YAML's flow collections on one line (`[a, "b, c", [d]]`, `{k: v, m: [1, 2]}`), read in
/// one pass over the text (linear in its length) and nested at most `YAML.maxDepth` deep.
/// Scalars inside are read as block scalars are (`YAML.scalar`), quotes included.
struct YAMLFlow {
    let text: Substring
    let line: Int
    let column: Int
    var i: Substring.Index
    var depth = 0

    init(text: Substring, line: Int, column: Int) {
        self.text = text; self.line = line; self.column = column; i = text.startIndex
    }

    func fail(_ message: String) -> YAML.Failure {
        YAML.Failure(line: line, column: column + text.distance(from: text.startIndex, to: i), message: message)
    }

    /// The column of the current position.
    var here: Int { column + text.distance(from: text.startIndex, to: i) }

    mutating func parseWhole() throws -> YAMLNode {
        let v = try value()
        skipSpaces()
        guard i == text.endIndex else { throw fail("unexpected text after the flow collection") }
        return v
    }

    mutating func skipSpaces() { while i < text.endIndex, text[i] == " " { i = text.index(after: i) } }

    mutating func value() throws -> YAMLNode {
        skipSpaces()
        guard i < text.endIndex else { throw fail("expected a value") }
        let at = here
        switch text[i] {
        case "[": return try collection(close: "]")
        case "{": return try collection(close: "}")
        default: return YAMLNode(.scalar(try YAML.scalar(try scalarText(stopAtColon: false), line: line, column: at)), line: line, column: at)
        }
    }

    /// A scalar up to the next `,`, `]` or `}` at this level (and `: ` for a key), quotes kept.
    mutating func scalarText(stopAtColon: Bool) throws -> Substring {
        let start = i
        if text[i] == "\"" || text[i] == "'" {
            let q = text[i]
            i = text.index(after: i)
            while i < text.endIndex {
                if q == "\"" && text[i] == "\\" { i = text.index(after: i); if i < text.endIndex { i = text.index(after: i) }; continue }
                if text[i] == q {
                    let n = text.index(after: i)
                    if q == "'" && n < text.endIndex && text[n] == "'" { i = text.index(after: n); continue }
                    i = n
                    return text[start..<i]
                }
                i = text.index(after: i)
            }
            throw fail(q == "\"" ? "unterminated double-quoted string" : "unterminated single-quoted string")
        }
        while i < text.endIndex {
            let c = text[i]
            if c == "," || c == "]" || c == "}" || c == "[" || c == "{" { break }
            if stopAtColon && c == ":" {
                let n = text.index(after: i)
                if n == text.endIndex || text[n] == " " || text[n] == "," || text[n] == "}" { break }
            }
            i = text.index(after: i)
        }
        var s = text[start..<i]
        while s.last == " " { s = s.dropLast() }
        return s
    }

    mutating func collection(close: Character) throws -> YAMLNode {
        let at = here
        depth += 1
        defer { depth -= 1 }
        guard depth <= YAML.maxDepth else { throw fail("flow collections nested too deeply (more than \(YAML.maxDepth) levels)") }
        let isMapping = close == "}"
        i = text.index(after: i)
        var items: [YAMLNode] = []
        var members: [YAMLEntry] = []
        var keys = Set<String>() // lookup only: members keep the text's order
        func node() -> YAMLNode { YAMLNode(isMapping ? .mapping(members) : .sequence(items), line: line, column: at) }
        skipSpaces()
        if i < text.endIndex, text[i] == close { i = text.index(after: i); return node() }
        while true {
            if isMapping {
                skipSpaces()
                guard i < text.endIndex, text[i] != "[", text[i] != "{" else { throw fail("expected 'key: value' in a flow mapping") }
                let keyAt = here
                var key = try scalarText(stopAtColon: true)
                guard i < text.endIndex, text[i] == ":" else { throw fail("expected 'key: value' in a flow mapping") }
                i = text.index(after: i)
                if key.first == "\"" || key.first == "'" { key = key.dropFirst().dropLast() }
                guard keys.insert(String(key)).inserted else {
                    throw YAML.Failure(line: line, column: keyAt, message: "duplicate key '\(key)'")
                }
                members.append(YAMLEntry(key: String(key), line: line, column: keyAt, value: try value()))
            } else {
                items.append(try value())
            }
            skipSpaces()
            guard i < text.endIndex else { throw fail(isMapping ? "unterminated flow mapping (expected '}')" : "unterminated flow sequence (expected ']')") }
            if text[i] == "," { i = text.index(after: i); continue }
            guard text[i] == close else { throw fail("expected ',' or '\(close)'") }
            i = text.index(after: i)
            return node()
        }
    }
}
