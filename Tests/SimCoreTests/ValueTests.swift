import XCTest
@testable import SimCore

final class ValueTests: XCTestCase {
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

    func testUniformStaysInRangeAndLognormalHitsItsPercentiles() throws {
        var rng = RandomStreams(seed: 9).stream("x")
        let u = try ValueSyntax.distribution("uniform(400ms, 620ms)")
        var h = LatencyHistogram()
        for _ in 0..<100_000 {
            let d = u.sample(&rng)
            XCTAssert(d >= .milliseconds(400) && d <= .milliseconds(620))
        }
        let ln = Distribution.lognormal(median: .milliseconds(3), p99: .milliseconds(40))
        for _ in 0..<200_000 { h.record(ln.sample(&rng).nanoseconds) }
        XCTAssertEqual(Double(h.percentile(0.5)) / 3e6, 1, accuracy: 0.03)
        XCTAssertEqual(Double(h.percentile(0.99)) / 40e6, 1, accuracy: 0.05)
    }

    func testStreamsAreStableAndIndependent() {
        var a = RandomStreams(seed: 42).stream("resort")
        var b = RandomStreams(seed: 42).stream("resort")
        var c = RandomStreams(seed: 42).stream("payment")
        let xa = (0..<5).map { _ in a.next() }
        XCTAssertEqual(xa, (0..<5).map { _ in b.next() })
        XCTAssertNotEqual(xa, (0..<5).map { _ in c.next() })
        // Fixed value: the generator must not change between versions or machines.
        XCTAssertEqual(fnv1a64(""), 0xcbf29ce484222325)
        XCTAssertEqual(fnv1a64("a"), 0xaf63dc4c8601ec8c)
    }

    func testHistogramPercentilesWithinOnePercent() {
        var h = LatencyHistogram()
        var rng = Xoshiro256StarStar(seed: 5)
        var values: [Int64] = []
        for _ in 0..<50_000 {
            let v = Int64(rng.next() % 10_000_000_000) + 1
            values.append(v); h.record(v)
        }
        values.sort()
        for q in [0.5, 0.9, 0.99, 0.999] {
            let exact = Double(values[Int((q * Double(values.count)).rounded(.up)) - 1])
            XCTAssertEqual(Double(h.percentile(q)), exact, accuracy: exact * 0.01, "q=\(q)")
        }
        XCTAssertEqual(h.max, values.last)
        XCTAssertEqual(h.min, values.first)
    }

    func testResourceTimeoutAndFifo() {
        let sim = Simulation()
        let pool = Resource(name: "hikari", capacity: 1, sim: sim)
        var log: [String] = []
        pool.acquire { _ in log.append("a@\(sim.now.nanoseconds)") }
        pool.acquire(timeout: .seconds(30)) { ok in log.append("b:\(ok)@\(sim.now.seconds)") }
        pool.acquire(timeout: .seconds(60)) { ok in log.append("c:\(ok)@\(sim.now.seconds)") }
        sim.schedule(after: .seconds(45)) { pool.release() }
        sim.run(until: SimTime(nanoseconds: 100_000_000_000))
        XCTAssertEqual(log, ["a@0", "b:false@30.0", "c:true@45.0"])
        XCTAssertEqual(pool.timeouts, 1)
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
