import XCTest
import SimCore
import Formats
import Infrastructure
import Report
@testable import Scenario

/// A freshly started reservation service pays its Feign client's build and Hystrix's first
/// command before the command's timer starts: the first reservation is slow and succeeds,
/// the next ones are fast; a warm service (`resortsim.warm=true`) pays nothing.
final class FirstUseScenarioTests: XCTestCase {
    func times(_ extra: String) throws -> [Double] {
        let text = """
        config reservation hystrix.command.default.execution.isolation.thread.timeoutInMilliseconds=610
        config reservation reservation.unavailable-resort=continue
        \(extra)
        http POST http://localhost:8082/resorts resortName="Jeju" resortType="Hotel" resortPrice=100000 resortStatus="Available" resortPeriod="7/23~25"
        settle
        siege -v -c1 -r3 --content-type "application/json" 'http://localhost:8081/reservations POST {"resortId":1, "memberName":"MK"}'
        """
        guard case .success(let s) = Parser.parse(bytes: Array(text.utf8), file: "first-use.scenario") else {
            XCTFail("parse"); throw CancellationError()
        }
        var out = ""
        _ = Runner(scenario: s, options: RunOptions(), output: { out += $0 }).run()
        let lines = out.split(separator: "\n").filter { $0.hasPrefix("HTTP/1.1 201") && $0.contains("==> POST") }
        XCTAssertEqual(lines.count, 3, out)
        // "HTTP/1.1 201     0.68 secs:     207 bytes ==> ...": the time is the word before "secs:".
        return lines.compactMap { line in
            let words = line.split(separator: " ")
            return words.firstIndex(of: "secs:").flatMap { $0 > 0 ? Double(words[$0 - 1]) : nil }
        }
    }

    func testAColdServicesFirstCallWaitsForItsClientAndHystrixWithoutTimingOut() throws {
        let t = try times("")
        guard t.count == 3 else { return XCTFail("expected three 201 lines") }
        // Hystrix's first command 0.5-2 s plus the client's build 0.1-1 s, then the call.
        XCTAssertGreaterThanOrEqual(t[0], 0.6)
        XCTAssertLessThanOrEqual(t[0], 3.2)
        XCTAssertLessThan(t[1], 0.2, "paid once per JVM")
        XCTAssertLessThan(t[2], 0.2)
    }

    func testAWarmServicePaysNothing() throws {
        let t = try times("config reservation resortsim.warm=true")
        guard t.count == 3 else { return XCTFail("expected three 201 lines") }
        XCTAssertLessThan(t[0], 0.2)
    }
}
