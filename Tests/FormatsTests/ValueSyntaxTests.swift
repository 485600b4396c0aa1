import XCTest
import SimCore
@testable import Formats

final class ValueSyntaxTests: XCTestCase {
    func testDurations() throws {
        XCTAssertEqual(try ValueSyntax.duration("610ms"), .milliseconds(610))
        XCTAssertEqual(try ValueSyntax.duration("1.5s"), .milliseconds(1500))
        XCTAssertEqual(try ValueSyntax.duration("10S"), .seconds(10))
        XCTAssertEqual(try ValueSyntax.duration("5m"), .seconds(300))
        XCTAssertEqual(try ValueSyntax.duration("1h"), .seconds(3600))
        XCTAssertEqual(try ValueSyntax.duration("250us"), .microseconds(250))
        XCTAssertThrowsError(try ValueSyntax.duration("610"))
        XCTAssertThrowsError(try ValueSyntax.duration("ms"))
        XCTAssertThrowsError(try ValueSyntax.duration("10parsecs"))
        XCTAssertThrowsError(try ValueSyntax.duration("99999999999999999999h"))
    }

    func testPercentages() throws {
        XCTAssertEqual(try ValueSyntax.percentage("20%"), 0.2, accuracy: 1e-12)
        XCTAssertThrowsError(try ValueSyntax.percentage("120%"))
        XCTAssertThrowsError(try ValueSyntax.percentage("20"))
    }

    func testDistributionsParseAndPrintBack() throws {
        for text in ["610ms", "uniform(400ms, 620ms)", "exponential(mean: 5ms)",
                     "normal(mean: 2ms, sd: 500us)", "lognormal(median: 3ms, p99: 40ms)"] {
            XCTAssertEqual(try ValueSyntax.distribution(text).description, text)
        }
        XCTAssertThrowsError(try ValueSyntax.distribution("uniform(620ms, 400ms)"))
        XCTAssertThrowsError(try ValueSyntax.distribution("gamma(1s)"))
        XCTAssertThrowsError(try ValueSyntax.distribution("uniform(1s"))
        XCTAssertThrowsError(try ValueSyntax.distribution("exponential(5ms)"))
    }

}


final class JSONTests: XCTestCase {
    func testByteCountEqualsTheCompactForm() throws {
        let samples = [#"{"a":[1,-20,3.5,null,true,false,"x\"\n\u0001é"],"b":{"c":100000.0,"d":-9223372036854775808}}"#,
                       #"[]"#, #"{}"#, #""""#, #"[1e300, 0.1, -0.0]"#]
        for s in samples {
            let j = try JSONParser.parse(s)
            XCTAssertEqual(j.byteCount, j.compact.utf8.count, s)
        }
    }

    /// The string's size is counted eight bytes at a time; every character that needs
    /// escaping, at every place in a word and in the tail, must still count as written.
    func testStringByteCountEqualsTheWrittenFormAtEveryPosition() {
        var specials = (0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) }
        specials += ["é", "\u{20AC}", "\u{1F600}", "\u{7F}"]
        for c in specials {
            for length in [1, 7, 8, 9, 15, 16, 17, 24] {
                for at in 0..<length {
                    var s = String(repeating: "a", count: length)
                    s.replaceSubrange(s.index(s.startIndex, offsetBy: at)...s.index(s.startIndex, offsetBy: at), with: String(c))
                    let j = JSON.string(s)
                    XCTAssertEqual(j.byteCount, j.compact.utf8.count, "\(c.unicodeScalars.first!.value) at \(at) of \(length)")
                }
            }
        }
        // Every byte special in one long string, and a string of nothing but specials.
        let all = String((0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) })
        for s in [all, String(repeating: "\"\\\n", count: 11), ""] {
            XCTAssertEqual(JSON.string(s).byteCount, JSON.string(s).compact.utf8.count)
        }
    }

    func testParserKeepsMemberOrderAndRejectsBadInput() throws {
        let j = try JSONParser.parse(#"{"z":1,"a":2}"#)
        XCTAssertEqual(j.compact, #"{"z":1,"a":2}"#)
        XCTAssertEqual(j.pretty(), "{\n    \"a\": 2,\n    \"z\": 1\n}")
        for bad in ["{", "[1,]", "\"abc", "tru", "{\"a\" 1}", "01x", ""] {
            XCTAssertThrowsError(try JSONParser.parse(bad), bad)
        }
    }
}

/// Jackson's indented form, as Spring Data REST writes its HAL.
final class JacksonIndentTests: XCTestCase {
    func testIndentedByteCountMatchesDefaultPrettyPrinter() {
        // {\n  "a" : [ 1, 2 ],\n  "b" : { },\n  "c" : {\n    "d" : null\n  }\n}
        let doc = JSON.object([("a", .array([.int(1), .int(2)])), ("b", .object([])),
                               ("c", .object([("d", .null)]))])
        let text = "{\n  \"a\" : [ 1, 2 ],\n  \"b\" : { },\n  \"c\" : {\n    \"d\" : null\n  }\n}"
        XCTAssertEqual(doc.jacksonIndentedByteCount(), text.utf8.count)
        XCTAssertEqual(JSON.array([]).jacksonIndentedByteCount(), 3)
    }
}

/// One limit for every duration, checked on the whole value; one boolean reader.
final class ValueLimitsTests: XCTestCase {
    func testEveryDurationHasOneLimitSaidOneWay() throws {
        XCTAssertEqual(try ValueSyntax.duration("1000000000s"), .seconds(1_000_000_000))
        XCTAssertEqual(try ValueSyntax.duration("1000000000000000000ns"), .seconds(1_000_000_000))
        for text in ["5000000000000ms", "1000000001s", "99999999999999999999ns", "16666667m", "1000000000.5s"] {
            XCTAssertThrowsError(try ValueSyntax.duration(text), text) { e in
                XCTAssertEqual((e as? ValueError)?.message, "duration '\(text)' is too long (at most 1000000000s)")
            }
        }
    }

    func testBooleansAreReadAsSpringConvertsThem() {
        for t in ["true", "TRUE", "on", "yes", "1", " true "] { XCTAssertEqual(ValueSyntax.bool(t), true, t) }
        for f in ["false", "Off", "no", "0"] { XCTAssertEqual(ValueSyntax.bool(f), false, f) }
        for x in ["", "ture", "2", "enabled"] { XCTAssertNil(ValueSyntax.bool(x), x) }
    }

    func testDidYouMeanHasOneRule() {
        XCTAssertEqual(DidYouMean.closest("--sed", among: ["--seed", "--set"]), "--seed")
        XCTAssertNil(DidYouMean.closest("xyz", among: ["--seed"]))
        XCTAssertEqual(DidYouMean.closest("console-write", among: ["resortsim.cost.console-write", "resortsim.cost.hystrix-command"]),
                       "resortsim.cost.console-write")
        // Property keys compare by relaxed binding.
        XCTAssertEqual(DidYouMean.closest("feign.hystrix.enabeld", among: ["feign.hystrix.enabled", "feign.circuitbreaker.enabled"],
                                          normalize: { $0.lowercased().filter { $0 != "." && $0 != "-" } }), "feign.hystrix.enabled")
    }
}

/// siege's count of a body it meets again.
final class RepeatedBodySizeTests: XCTestCase {
    func testTheSameBodyCountsAsBeforeAndAChangedCopyAfresh() {
        var memo = RepeatedBodySize()
        var body = JSON.object([("name", .string("Resort1")), ("price", .int(100000))])
        let kept = body // a cache's copy: the same storage
        XCTAssertEqual(memo.bytes(of: body, indented: true), body.jacksonIndentedByteCount())
        XCTAssertEqual(memo.bytes(of: kept, indented: true), kept.jacksonIndentedByteCount())
        XCTAssertEqual(memo.bytes(of: kept, indented: false), kept.byteCount, "the other form is counted afresh")
        // Written in place where it is not shared: the memo holds it, so it is copied first.
        body.set("name", .string("A much longer resort name"))
        XCTAssertEqual(memo.bytes(of: body, indented: false), body.byteCount)
        XCTAssertNotEqual(body.byteCount, kept.byteCount)
        XCTAssertEqual(memo.bytes(of: kept, indented: false), kept.byteCount)
        // Bodies built afresh in a loop (storage freed and reused) are each counted as they are.
        for n in 0..<50 {
            let b = JSON.array((0..<(n % 7 + 1)).map { .int(Int64($0 * n)) })
            XCTAssertEqual(memo.bytes(of: b, indented: n % 2 == 0), n % 2 == 0 ? b.jacksonIndentedByteCount() : b.byteCount)
        }
        XCTAssertEqual(memo.bytes(of: .string("x\n"), indented: false), 5)
        XCTAssertEqual(memo.bytes(of: .object([]), indented: true), 3)
    }
}

/// `start-time`'s date-time.
final class WallClockParseTests: XCTestCase {
    func testUTCDateTimesWithOrWithoutZAndNothingElse() {
        XCTAssertEqual(WallClock.parse("1970-01-01T00:00:00"), 0)
        XCTAssertEqual(WallClock.parse("2021-07-26T02:11:54"), 1_627_265_514)
        XCTAssertEqual(WallClock.parse("2021-07-26T02:11:54Z"), 1_627_265_514)
        for bad in ["2021-07-26T02:11:54+09:00", "2021-07-26", "2021-02-29T00:00:00", "2021-13-01T00:00:00",
                    "2021-07-26T24:00:00", "1969-12-31T23:59:59", "2021-07-26T02:11:54ZZ", "Z", ""] {
            XCTAssertNil(WallClock.parse(bad), bad)
        }
    }
}
