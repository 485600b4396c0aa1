import XCTest
import SimCore
@testable import Report

final class CSVTests: XCTestCase {
    /// An RFC 4180 reader, independent of the writer: records of fields, quotes doubled inside.
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = [], fields: [String] = [], field = "", quoted = false, afterQuote = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append(c); chars.removeFirst() } else { quoted = false; afterQuote = true }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",": fields.append(field); field = ""; afterQuote = false
            case "\n": fields.append(field); records.append(fields); fields = []; field = ""; afterQuote = false
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); records.append(fields) }
        return records
    }

    func testAFieldIsQuotedOnlyWhenItHoldsACommaQuoteCROrLF() {
        XCTAssertEqual(CSV.field("610ms"), "610ms")
        XCTAssertEqual(CSV.field(""), "")
        XCTAssertEqual(CSV.field("uniform(400ms, 620ms)"), "\"uniform(400ms, 620ms)\"")
        XCTAssertEqual(CSV.field("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSV.field("a\nb"), "\"a\nb\"")
        XCTAssertEqual(CSV.field("a\rb"), "\"a\rb\"")
        XCTAssertEqual(CSV.record(["a", "b,c", ""]), "a,\"b,c\",\n")
    }

    func testCompareCSVKeepsOneFieldPerColumnWhenAValueHoldsACommaOrAQuote() {
        var h = LatencyHistogram()
        h.record(500_000_000)
        let run = RunSummary(hits: 9, failed: 1, elapsed: 10, totalTime: 4.5, breakerOpenShare: 0, histogram: h)
        var a = CompareRow(values: ["uniform(400ms, 620ms)", "10"]); a.runs = [run, run]
        var b = CompareRow(values: ["say \"x\"\nthen y", "20"]); b.runs = [run]
        let csv = CompareTable.csv([a, b], parameters: ["delay", "core,Size"])
        let records = Self.parse(csv)
        XCTAssertEqual(records.count, 3, csv)
        XCTAssertEqual(records[0].count, 11, csv)
        XCTAssertEqual(records[0][0...2], ["delay", "core,Size", "seeds"])
        XCTAssertEqual(records[1].count, 11, csv)
        XCTAssertEqual(records[1][0...3], ["uniform(400ms, 620ms)", "10", "2", "90.0000"])
        XCTAssertEqual(records[2].count, 11, csv)
        XCTAssertEqual(records[2][0...2], ["say \"x\"\nthen y", "20", "1"])
        // The plain values of every committed sweep are written as before: unquoted.
        var plain = CompareRow(values: ["610ms", "10"]); plain.runs = [run]
        XCTAssertTrue(CompareTable.csv([plain], parameters: ["timeout", "coreSize"]).hasSuffix("\n610ms,10,1,90.0000,,0.9000,0.500000,"
            + "0.500000,1.00,0.0000,0\n"), CompareTable.csv([plain], parameters: ["timeout", "coreSize"]))
    }

    func testTimelineCSVQuotesANameThatHoldsAComma() {
        var r = RunResult(scenario: "s", file: "s.scenario", seed: 1, version: "0", params: [])
        var row = TimelineRow(second: 1)
        row.breakers = [("a->b,c", "OPEN")]
        row.services = [.init(name: "pay\"ment", replicas: 1, ready: 1, cpuMilli: 5, lag: 0)]
        r.timeline = [row]
        let records = Self.parse(TimelineCSV.render(r))
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records[0].count, records[1].count)
        XCTAssertEqual(records[0][7], "breaker:a->b,c")
        XCTAssertEqual(records[0][8], "pay\"ment:replicas")
        XCTAssertEqual(records[1][7], "OPEN")
    }
}
