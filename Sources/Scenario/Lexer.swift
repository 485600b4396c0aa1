/// A word of a scenario line, split as a POSIX shell splits words.
public struct Word: Equatable, Sendable {
    public var text: String
    public let line: Int
    public let column: Int
    /// Whether any part of the word was quoted (a quoted `"201"` is a string, not a number).
    public let quoted: Bool
}

/// One command line (after joining `\` continuations), with its words.
public struct SourceLine: Sendable {
    public let line: Int
    public let text: String
    public let words: [Word]
}

/// Splits a scenario file into lines and words: `'single'`, `"double"` with `\` escapes,
/// `#` comments outside quotes, `\` at the end of a line continues it.
public enum Lexer {
    public static func lex(_ bytes: [UInt8], file: String) -> ([SourceLine], [Diagnostic]) {
        var diags: [Diagnostic] = []
        // Invalid UTF-8 is reported at its line and column, then the line is skipped.
        var lines: [(Int, [Character])] = []
        var lineNo = 1
        // A UTF-8 byte order mark (some Windows editors write one) is not part of the text.
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var start = bom
        var i = bom
        func flush(_ end: Int) {
            let slice = Array(bytes[start..<end])
            if let s = String(validating: slice, as: UTF8.self) {
                lines.append((lineNo, Array(s.hasSuffix("\r") ? String(s.dropLast()) : s)))
            } else {
                let bad = firstInvalidUTF8(slice)
                let col = (String(validating: slice[..<bad], as: UTF8.self)?.count ?? bad) + 1
                diags.append(Diagnostic(file: file, line: lineNo, column: col, message: "invalid UTF-8 (scenario files are UTF-8 text)"))
                lines.append((lineNo, []))
            }
        }
        while i < bytes.count {
            if bytes[i] == 0x0A { flush(i); lineNo += 1; start = i + 1 }
            i += 1
        }
        if start < bytes.count { flush(bytes.count) }

        var out: [SourceLine] = []
        var pending: [Character] = []
        var pendingMap: [(Int, Int)] = [] // (line, column) of each pending character
        var firstLine = 0
        for (n, chars) in lines {
            if pending.isEmpty { firstLine = n }
            var body = chars
            var continues = false
            if let last = body.last, last == "\\", !endsInsideQuoteOrComment(body) {
                body.removeLast(); continues = true
            }
            for (c, ch) in body.enumerated() { pending.append(ch); pendingMap.append((n, c + 1)) }
            if continues { pending.append(" "); pendingMap.append((n, body.count + 1)); continue }
            let (words, d) = split(pending, map: pendingMap, file: file)
            diags += d
            if !words.isEmpty { out.append(SourceLine(line: firstLine, text: String(pending).trimmingCharacters(), words: words)) }
            pending = []; pendingMap = []
        }
        if !pending.isEmpty {
            let (words, d) = split(pending, map: pendingMap, file: file)
            diags += d
            if !words.isEmpty { out.append(SourceLine(line: firstLine, text: String(pending).trimmingCharacters(), words: words)) }
        }
        return (out, diags)
    }

    /// Index of the first byte that does not start a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ s: [UInt8]) -> Int {
        var i = 0
        while i < s.count {
            let lead = s[i]
            let need = lead < 0x80 ? 1 : (lead >= 0xC2 && lead <= 0xDF) ? 2 : (lead >= 0xE0 && lead <= 0xEF) ? 3 : (lead >= 0xF0 && lead <= 0xF4) ? 4 : 0
            guard need > 0, i + need <= s.count, String(validating: s[i..<i + need], as: UTF8.self) != nil else { return i }
            i += need
        }
        return s.count
    }

    /// Whether a line ends inside quotes or a comment (then a final `\` does not continue it).
    private static func endsInsideQuoteOrComment(_ chars: [Character]) -> Bool {
        var quote: Character? = nil
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" && q == "\"" { i += 2; continue }
                if c == q { quote = nil }
            } else if c == "#" {
                return true
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "\\" {
                i += 2; continue
            }
            i += 1
        }
        return quote != nil
    }

    static func split(_ chars: [Character], map: [(Int, Int)], file: String) -> ([Word], [Diagnostic]) {
        var words: [Word] = []
        var current = ""
        var inWord = false
        var quoted = false
        var wordStart = (0, 0)
        var i = 0
        func end() {
            if inWord { words.append(Word(text: current, line: wordStart.0, column: wordStart.1, quoted: quoted)) }
            current = ""; inWord = false; quoted = false
        }
        func begin() { if !inWord { inWord = true; wordStart = map[i] } }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case " ", "\t":
                end()
            case "#" where !inWord:
                i = chars.count
                continue
            case "'":
                begin(); quoted = true
                let open = map[i]
                i += 1
                while i < chars.count && chars[i] != "'" { current.append(chars[i]); i += 1 }
                if i >= chars.count {
                    return (words, [Diagnostic(file: file, line: open.0, column: open.1, message: "unterminated single quote (close it with ')")])
                }
            case "\"":
                begin(); quoted = true
                let open = map[i]
                i += 1
                while i < chars.count && chars[i] != "\"" {
                    if chars[i] == "\\" && i + 1 < chars.count && "\"\\$`".contains(chars[i + 1]) { i += 1 }
                    current.append(chars[i]); i += 1
                }
                if i >= chars.count {
                    return (words, [Diagnostic(file: file, line: open.0, column: open.1, message: "unterminated double quote (close it with \")")])
                }
            case "\\":
                begin()
                if i + 1 < chars.count { current.append(chars[i + 1]); i += 1 }
            default:
                begin()
                current.append(c)
            }
            i += 1
        }
        end()
        return (words, [])
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
