/// The one did-you-mean of the tool: commands, options, scenario words, services, params and
/// Spring properties all get their hint here, with one cut-off (docs/CLI.md).
public enum DidYouMean {
    /// How the command line and the scenario language compare words: case-insensitive,
    /// leading dashes aside.
    public static func plain(_ s: String) -> String { String(s.lowercased().drop { $0 == "-" }) }

    /// The candidate `word` most likely meant, or nil: the closest by edit distance (the
    /// first of equals in `candidates`' order, both compared through `normalize`) when it is
    /// within 2 edits (3 for words of 12 characters or more) and closer than the word's own
    /// length; else the only candidate that contains the word (3 characters or more), so
    /// `console-write` finds `resortsim.cost.console-write`.
    public static func closest(_ word: String, among candidates: [String], normalize: (String) -> String = plain) -> String? {
        let w = normalize(word)
        var best: (String, Int)? = nil
        for c in candidates {
            let d = editDistance(w, normalize(c))
            if let b = best, b.1 <= d { continue }
            best = (c, d)
        }
        if let (c, d) = best, d <= (w.count >= 12 ? 3 : 2), d < w.count { return c }
        guard w.count >= 3 else { return nil }
        let containing = candidates.filter { normalize($0).contains(w) }
        return containing.count == 1 ? containing[0] : nil
    }

    /// ` (did you mean 'X'?)`, else ` (expected one of: A, B, C)` (`expected` words it).
    public static func hint(_ word: String, among candidates: [String], expected: String? = nil,
                            normalize: (String) -> String = plain) -> String {
        if let c = closest(word, among: candidates, normalize: normalize) { return " (did you mean '\(c)'?)" }
        return " (expected " + (expected ?? "one of: " + candidates.joined(separator: ", ")) + ")"
    }
}
