import Foundation
import SimCore
import Formats

/// `param NAME = VALUE` lines, and `${NAME}` in the words of the lines after them.
extension Parser {
    /// Handles `param` lines and replaces `${NAME}` in the others.
    mutating func substitute(_ line: SourceLine) -> SourceLine? {
        var words = line.words
        if words[0].text == "param" {
            func nameAndValue(_ w: [Word]) -> [String] {
                let rest = w.dropFirst().map { $0.text }.joined(separator: " ").replacingOccurrences(of: " = ", with: "=")
                return rest.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            }
            let parts = nameAndValue(words)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
                  parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                error(words[0], "param needs a name and a value (expected: param NAME = VALUE)")
                return nil
            }
            if params.contains(where: { $0.0 == parts[0] }) {
                error(words[1], "parameter '\(parts[0])' is declared twice")
                return nil
            }
            // The value may use the parameters declared above it (`param b = ${a}`).
            guard expand(&words, from: 1) else { return nil }
            let expanded = nameAndValue(words)
            guard expanded.count == 2, !expanded[1].isEmpty else {
                error(words[0], "param \(parts[0]) has an empty value once its parameters are replaced (expected: param NAME = VALUE)")
                return nil
            }
            params.append((parts[0], overrides[parts[0]] ?? expanded[1]))
            return nil
        }
        guard expand(&words, from: 0) else { return nil }
        var text = line.text
        for (name, value) in params { text = text.replacingOccurrences(of: "${\(name)}", with: value) }
        return SourceLine(line: line.line, text: text, words: words)
    }

    /// Replaces `${NAME}` in the words from `first` on with the parameters' values; false
    /// (the problem reported) for an unterminated `${` or an undeclared name.
    mutating func expand(_ words: inout [Word], from first: Int) -> Bool {
        for i in words.indices where i >= first {
            var t = words[i].text
            var searchFrom = t.startIndex
            while let open = t.range(of: "${", range: searchFrom..<t.endIndex) {
                guard let close = t.range(of: "}", range: open.upperBound..<t.endIndex) else {
                    error(words[i], "unterminated ${ in '\(words[i].text)' (expected ${NAME})")
                    return false
                }
                let name = String(t[open.upperBound..<close.lowerBound])
                guard let value = params.first(where: { $0.0 == name })?.1 else {
                    let hint = suggestion(for: name, among: params.map { $0.0 }).map { " (did you mean '\($0)'?)" } ?? declaredHint()
                    let col = words[i].column + t.distance(from: t.startIndex, to: open.lowerBound)
                    diagnostics.append(Diagnostic(file: file, line: words[i].line, column: col,
                                                  message: "unknown parameter '\(name)'\(hint); declare it with: param \(name) = VALUE"))
                    return false
                }
                t.replaceSubrange(open.lowerBound..<close.upperBound, with: value)
                searchFrom = t.index(open.lowerBound, offsetBy: value.count)
            }
            words[i].text = t
        }
        return true
    }
}
