import Foundation

/// What a siege 4 run printed: its closing summary and, with `-v`, one line per request.
/// Read from a real run (to calibrate against) or from the model's own output.
public struct SiegeOutput: Equatable {
    public struct Line: Equatable {
        public let status: Int
        public let seconds: Double
        public let bytes: Int
        public init(status: Int, seconds: Double, bytes: Int) { self.status = status; self.seconds = seconds; self.bytes = bytes }
    }

    public var transactions: Int?
    public var availability: Double?
    public var elapsed: Double?
    public var responseTime: Double?
    public var transactionRate: Double?
    public var failed: Int?
    public var longest: Double?
    public var shortest: Double?
    /// The `-v` lines, in the order siege printed them (completion order).
    public var lines: [Line] = []

    public struct Problem: Error, Equatable { public let message: String }

    /// Parses siege's text. The summary is required; `-v` lines are read when present.
    public init(text: String) throws {
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("HTTP/") {
                // HTTP/1.1 201     3.64 secs:     343 bytes ==> POST http://...
                let w = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard w.count >= 5, let status = Int(w[1]), let secs = Double(w[2]), let bytes = Int(w[4]) else { continue }
                lines.append(Line(status: status, seconds: secs, bytes: bytes))
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
            func number(_ unit: String) throws -> Double {
                guard let v = Double(value), v.isFinite, v >= 0 else {
                    throw Problem(message: "line \(n + 1): '\(value)' is not a figure in siege's '\(key):' line (expected a number\(unit.isEmpty ? "" : " of " + unit), as siege prints it)")
                }
                return v
            }
            func count() throws -> Int {
                guard let v = Int(value), v >= 0 else {
                    throw Problem(message: "line \(n + 1): '\(value)' is not a count in siege's '\(key):' line (expected a whole number, as siege prints it)")
                }
                return v
            }
            switch key {
            case "Transactions": transactions = try count()
            case "Availability": availability = try number("%")
            case "Elapsed time": elapsed = try number("seconds")
            case "Response time": responseTime = try number("seconds")
            case "Transaction rate": transactionRate = try number("trans/sec")
            case "Failed transactions": failed = try count()
            case "Longest transaction": longest = try number("seconds")
            case "Shortest transaction": shortest = try number("seconds")
            default: break
            }
        }
        guard let a = availability, let r = transactionRate, let t = responseTime else {
            let missing = [("Availability", availability == nil), ("Response time", responseTime == nil), ("Transaction rate", transactionRate == nil)]
                .filter { $0.1 }.map { "'\($0.0):'" }
            throw Problem(message: "no siege summary found: the \(missing.joined(separator: ", ")) line(s) are missing (expected siege's closing summary)")
        }
        guard a.isFinite, (0...100).contains(a), r.isFinite, r >= 0, t.isFinite, t >= 0 else {
            throw Problem(message: "the siege summary holds an impossible figure (availability \(a) %, rate \(r)/s, response time \(t) s)")
        }
    }

    /// Runs of consecutive failed lines (408, 5xx) in print order: their mean length, or nil
    /// without `-v` lines or without failures.
    public var meanFailureCluster: Double? {
        var runs: [Int] = [], current = 0
        for l in lines {
            if l.status == 408 || l.status >= 500 { current += 1 } else if current > 0 { runs.append(current); current = 0 }
        }
        if current > 0 { runs.append(current) }
        return runs.isEmpty ? nil : Double(runs.reduce(0, +)) / Double(runs.count)
    }
}
