import Formats

/// The one did-you-mean of the command line: unknown commands, options, fault kinds, costs
/// and parameters all get their hint here, with one cut-off (docs/CLI.md).
enum DidYouMean {
    /// The candidate `word` most likely meant, or nil: the closest by edit distance
    /// (Formats' `editDistance`, case-insensitive, leading dashes aside; the first of equals
    /// in `candidates`' order)
    /// when it is within 2 edits (3 for words of 12 characters or more) and closer than the
    /// word's own length; else the only candidate that contains the word (3 characters or
    /// more), so `console-write` finds `resortsim.cost.console-write`.
    static func closest(_ word: String, among candidates: [String]) -> String? {
        func bare(_ s: String) -> String { String(s.lowercased().drop { $0 == "-" }) }
        let w = bare(word)
        var best: (String, Int)? = nil
        for c in candidates {
            let d = editDistance(w, bare(c))
            if let b = best, b.1 <= d { continue }
            best = (c, d)
        }
        if let (c, d) = best, d <= (w.count >= 12 ? 3 : 2), d < w.count { return c }
        guard w.count >= 3 else { return nil }
        let containing = candidates.filter { bare($0).contains(w) }
        return containing.count == 1 ? containing[0] : nil
    }

    /// ` (did you mean 'X'?)`, else ` (expected one of: A, B, C)` (`expected` words it).
    static func hint(_ word: String, among candidates: [String], expected: String? = nil) -> String {
        if let c = closest(word, among: candidates) { return " (did you mean '\(c)'?)" }
        return " (expected " + (expected ?? "one of: " + candidates.joined(separator: ", ")) + ")"
    }
}
