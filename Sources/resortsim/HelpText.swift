/// `--help` text, generated the same way for every command from its table: the usage line,
/// the arguments, every option with its bounds and its default as the code has it.
enum HelpText {
    static let width = 92
    /// Joins words that wrapping must not split ("1 to 1000"); printed as a space.
    static let nbsp = "\u{A0}"

    static func render(_ c: CommandConfiguration) -> String {
        var out = paragraphs("OVERVIEW: " + c.overview) + "\n" + usage(c) + "\n"
        let arguments = c.arguments.map { ($0.name, $0.help) }, options = c.allOptions.map { ($0.label, describe($0)) }
        let column = self.column(arguments + options)
        if !arguments.isEmpty { out += "\nARGUMENTS:\n" + table(arguments, column: column) }
        out += "\nOPTIONS:\n" + table(options, column: column)
        if !c.discussion.isEmpty { out += "\n" + paragraphs(c.discussion) }
        return out
    }

    /// `USAGE: resortsim NAME ARGS [--opt V]...`, wrapped under its first word.
    static func usage(_ c: CommandConfiguration) -> String {
        let head = "USAGE: resortsim \(c.name) "
        var words = c.arguments.map { $0.name }
        for o in c.options {
            let spelled = o.name + (o.valueName.isEmpty ? "" : " " + o.valueName)
            switch (o.required, o.repeatable) {
            case (true, true): words += [spelled, "[\(spelled)]..."]
            case (true, false): words.append(spelled)
            case (false, true): words.append("[\(spelled)]...")
            case (false, false): words.append("[\(spelled)]")
            }
        }
        var lines = wrap(words, width: width - head.count).enumerated().map { i, l in (i == 0 ? head : String(repeating: " ", count: head.count)) + l }
        lines += c.otherUsage.map { "       resortsim \(c.name) " + $0 }
        return lines.joined(separator: "\n")
    }

    /// The help line: the table's words, then bounds, repeatability and default.
    static func describe(_ o: Option) -> String {
        var notes: [String] = []
        switch o.kind {
        case .integer(let r) where r.upperBound < Int.max: notes.append("\(r.lowerBound)\(nbsp)to\(nbsp)\(r.upperBound)")
        case .unsigned(let r) where r.upperBound < UInt64.max: notes.append("\(r.lowerBound)\(nbsp)to\(nbsp)\(r.upperBound)")
        case .choices(let c): notes.append("of: " + c.joined(separator: ", "))
        default: break
        }
        if o.repeatable { notes.append("repeatable") }
        if let d = o.defaultNote ?? o.defaultValue?.description { notes.append("default: " + d) }
        return o.help + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")") + "."
    }

    /// Where the text column starts: after the longest label, between 20 and 28.
    static func column(_ rows: [(String, String)]) -> Int {
        min(28, max(20, (rows.map { $0.0.count }.max() ?? 0) + 4))
    }

    /// Two columns: labels, then text wrapped with a hanging indent.
    static func table(_ rows: [(String, String)], column: Int) -> String {
        var out = ""
        for (label, text) in rows {
            let lines = wrap(text.split(separator: " ").map(String.init), width: width - column)
            var first = "  " + label
            if first.count + 2 > column {
                out += first + "\n"
                first = ""
            }
            for (i, l) in lines.enumerated() {
                let lead = i == 0 ? first : ""
                out += lead + String(repeating: " ", count: column - lead.count) + l.replacingOccurrences(of: nbsp, with: " ") + "\n"
            }
        }
        return out
    }

    /// Text wrapped to the width, paragraph by paragraph (a blank line between them); a
    /// paragraph that starts with a space (a command to type) is kept as written.
    static func paragraphs(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map { p in
            p.hasPrefix(" ") ? p + "\n" : wrap(p.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init), width: width).joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }

    /// Words into lines of at most `width` characters (a longer word gets its own line).
    static func wrap(_ words: [String], width: Int) -> [String] {
        var lines: [String] = [], cur = ""
        for w in words {
            if !cur.isEmpty && cur.count + 1 + w.count > width { lines.append(cur); cur = "" }
            cur += (cur.isEmpty ? "" : " ") + w
        }
        if !cur.isEmpty { lines.append(cur) }
        return lines
    }
}
