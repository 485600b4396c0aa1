/// A problem in a scenario or on the command line, printed as
/// `FILE:LINE:COLUMN: error: what is wrong (what would be valid)`.
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}

/// Several diagnostics at once: a scenario is refused with every problem found.
public struct ScenarioErrors: Error, Sendable {
    public let diagnostics: [Diagnostic]
}

/// The closest known word, for "did you mean" hints (Levenshtein distance ≤ 2).
func suggestion(for word: String, among known: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
    let w = Array(word.lowercased())
    let best = known.map { ($0, distance(w, Array($0.lowercased()))) }.min { $0.1 < $1.1 }
    guard let (k, d) = best, d <= 2, d < max(2, w.count) else { return nil }
    return k
}
