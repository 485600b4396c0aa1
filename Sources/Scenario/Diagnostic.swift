import SimCore
import Formats

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

    /// `FILE:LINE:COLUMN: error: ...`, or `FILE: error: ...` for a problem with the whole
    /// file or with the command line (line 0).
    public var description: String {
        line > 0 ? "\(file):\(line):\(column): error: \(message)" : "\(file): error: \(message)"
    }
}

/// Several diagnostics at once: a scenario is refused with every problem found.
public struct ScenarioErrors: Error, Sendable {
    public let diagnostics: [Diagnostic]
}

/// The closest known word, for "did you mean" hints (Formats' `DidYouMean`, the one rule).
func suggestion(for word: String, among known: [String]) -> String? {
    DidYouMean.closest(word, among: known)
}
