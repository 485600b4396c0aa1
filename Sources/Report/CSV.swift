/// RFC 4180 fields for the CSV files the reports write (`compare.csv`, `timeline.csv`): a
/// field holding a comma, a double quote, CR or LF is quoted, its quotes doubled; any other
/// field is written as it is. Records end in LF (RFC 4180 names CRLF; every common reader,
/// Python's csv, pandas, R, spreadsheets, takes either).
public enum CSV {
    public static func field(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record: the fields, each as `field` writes it, and the closing LF.
    public static func record(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
}
