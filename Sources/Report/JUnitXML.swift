/// `junit.xml`, valid against the Jenkins xUnit plugin's `junit-10.xsd` (docs/REPORTS.md):
/// per scenario a `testsuite` (name, tests, failures, errors, time in virtual seconds, file)
/// with its seed and version as properties, a `testcase` per expectation (a `failure`
/// carrying the measured value when it did not hold, its measured value as `system-out`
/// when it did), and a `testcase` named `run` with an `error` for a run stopped at a bound.
/// `check --report` writes one `testsuites` of every scenario.
public enum JUnitXML {
    /// Text for an element's content or an attribute value: markup characters as entities,
    /// tab, LF and CR as character references (an attribute would lose them otherwise), and
    /// characters XML 1.0 forbids (other C0 controls, U+FFFE, U+FFFF) as U+FFFD.
    static func esc(_ s: String) -> String {
        var o = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "\t": o += "&#9;"
            case "\n": o += "&#10;"
            case "\r": o += "&#13;"
            case _ where c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF: o += "\u{FFFD}"
            default: o.unicodeScalars.append(c)
            }
        }
        return o
    }

    public static func render(_ results: [RunResult]) -> String {
        func failures(_ r: RunResult) -> Int { r.expectations.filter { !$0.passed }.count }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let tests = results.reduce(0) { $0 + $1.expectations.count + $1.warnings.count }
        out += "<testsuites name=\"resortsim\" tests=\"\(tests)\" failures=\"\(results.reduce(0) { $0 + failures($1) })\" errors=\"\(results.reduce(0) { $0 + $1.warnings.count })\">\n"
        for r in results {
            out += "  <testsuite name=\"\(esc(r.scenario))\" tests=\"\(r.expectations.count + r.warnings.count)\" failures=\"\(failures(r))\" errors=\"\(r.warnings.count)\""
            out += " time=\"\(String(format: "%.3f", r.virtualSeconds))\" file=\"\(esc(r.file))\">\n"
            out += "    <properties><property name=\"seed\" value=\"\(r.seed)\"/><property name=\"version\" value=\"\(esc(r.version))\"/></properties>\n"
            for e in r.expectations {
                out += "    <testcase classname=\"\(esc(r.scenario))\" name=\"line \(e.line): \(esc(e.text))\">"
                if e.passed { out += "<system-out>\(esc(e.measured))</system-out>" }
                else { out += "\n      <failure type=\"expectation\" message=\"\(esc(e.measured))\">\(esc(r.file)):\(e.line): \(esc(e.text)): measured \(esc(e.measured))</failure>\n    " }
                out += "</testcase>\n"
            }
            for w in r.warnings {
                out += "    <testcase classname=\"\(esc(r.scenario))\" name=\"run\"><error type=\"stopped\" message=\"\(esc(w))\">\(esc(r.file)): stopped: \(esc(w))</error></testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }
}
