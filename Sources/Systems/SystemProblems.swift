import Formats

/// A problem in a system's files, printed as `FILE:LINE:COLUMN: error: MESSAGE`.
public struct SystemProblem: Error, Equatable, Sendable {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }
}

/// Every problem found in a system's files: a system is refused with all of them.
public struct SystemErrors: Error, Sendable {
    public let problems: [SystemProblem]
}

/// Collects problems while one file is read, and reads its YAML nodes with checks that
/// report at the node: a mapping with known keys only (did-you-mean for the others), a
/// string, a whole number, a list.
final class ProblemSink {
    private(set) var problems: [SystemProblem] = []
    var file: String

    init(file: String) { self.file = file }

    func error(_ line: Int, _ column: Int, _ message: String) {
        problems.append(SystemProblem(file: file, line: line, column: column, message: message))
    }
    func error(_ node: YAMLNode, _ message: String) { error(node.line, node.column, message) }
    func error(_ entry: YAMLEntry, _ message: String) { error(entry.line, entry.column, message) }

    /// The entries of a mapping whose keys are all among `allowed` (each other is an
    /// error with a did-you-mean); nil when the node is not a mapping.
    func mapping(_ node: YAMLNode, _ what: String, allowed: [String]? = nil) -> [YAMLEntry]? {
        guard let entries = node.entries else {
            error(node, "\(what) must be a mapping (found \(node.shape))")
            return nil
        }
        if let allowed = allowed {
            for e in entries where !allowed.contains(e.key) {
                error(e, "unknown key '\(e.key)' in \(what)" + DidYouMean.hint(e.key, among: allowed, normalize: { $0.lowercased() }))
            }
        }
        return entries
    }

    func string(_ node: YAMLNode?, _ what: String) -> String? {
        guard let node = node else { return nil }
        guard let s = node.text, node.scalar != nil else {
            error(node, "\(what) must be a value (found \(node.scalar == .null ? "nothing" : node.shape))")
            return nil
        }
        return s
    }

    func int(_ node: YAMLNode?, _ what: String, _ range: ClosedRange<Int>) -> Int? {
        guard let node = node, let s = string(node, what) else { return nil }
        guard let i = Int(s), range.contains(i) else {
            error(node, "\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound) (found '\(s)')")
            return nil
        }
        return i
    }

    /// The items of a list (a single value counts as a list of one).
    func list(_ node: YAMLNode, _ what: String) -> [YAMLNode] {
        if let items = node.items { return items }
        if node.scalar == .null { return [] }
        if node.scalar != nil { return [node] }
        error(node, "\(what) must be a list (found \(node.shape))")
        return []
    }

    /// The words of a name suggestion: ` (did you mean 'X'?)` or ` (expected one of: ...)`.
    func hint(_ word: String, _ among: [String], expected: String? = nil) -> String {
        among.isEmpty ? " (there are none)" : DidYouMean.hint(word, among: among, expected: expected, normalize: { $0.lowercased() })
    }
}
