import XCTest
import Formats
import Infrastructure
@testable import Systems

/// A consumer finds the handlers of a record's type by the type string's identity, from
/// what it found before, and a representation's links start from a remembered prefix; the
/// answers are the ones computing them afresh gives.
final class HandlerChoiceTests: XCTestCase {
    func testIdenticalStringsAreEqualAndEqualOnesNeedNotBeIdentical() {
        let long = "ReservationRegistered", same = long
        let rebuilt = String(decoding: Array(long.utf8), as: UTF8.self)
        XCTAssertTrue(long.isIdentical(to: same))
        XCTAssertFalse(long.isIdentical(to: rebuilt), "another storage")
        XCTAssertEqual(long, rebuilt)
        XCTAssertTrue("Paid".isIdentical(to: String(decoding: Array("Paid".utf8), as: UTF8.self)), "a small string is its bytes")
        XCTAssertFalse("Caf\u{E9}".isIdentical(to: "Cafe\u{301}"), "canonically equal, different bytes")
    }

    /// A representation's link under each host, from a remembered prefix: the host's own
    /// bytes, even for hosts Swift calls equal, and more hosts than it remembers.
    func testLinksKeepEachHostsBytes() {
        let service = DataRestService(schema: EntitySchema(name: "thing", collection: "things", fields: [("id", .long)]),
                                      program: ServiceProgram(), events: [])
        let hosts = ["caf\u{E9}:8080", "cafe\u{301}:8080", "localhost:8081", "reservation:8080", "a:1", "b:2", "caf\u{E9}:8080"]
        for _ in 0..<2 {
            for (i, host) in hosts.enumerated() {
                let link = service.href(Int64(i) * 1000 - 1, host)
                XCTAssertEqual(Array(link.utf8), Array("http://\(host)/things/\(Int64(i) * 1000 - 1)".utf8), host)
            }
        }
    }

    func testTheRememberedHandlersAreTheOnesEveryTypeComparisonFinds() {
        // 20 types (more than the 16 remembered), each handled by one or two handlers,
        // one of them under a canonically equal name with other bytes.
        var handlers: [EventHandler] = []
        // Types longer than 15 bytes live in storage of their own, so a copy made from the
        // bytes is equal but not identical; the short ones are their own bytes.
        for t in 0..<20 { handlers.append(EventHandler(.policy, "Type\(t)HappenedInTheResort", [])) }
        for t in stride(from: 0, to: 20, by: 3) { handlers.append(EventHandler(.view, "Type\(t)HappenedInTheResort", [])) }
        handlers.append(EventHandler(.view, "Caf\u{E9}Opened", []))
        let program = ServiceProgram(handlers: handlers)
        let service = DataRestService(schema: EntitySchema(name: "thing", collection: "things", fields: [("id", .long)]),
                                      program: program, events: [])
        var types: [String] = (0..<22).map { "Type\($0)HappenedInTheResort" } + ["Cafe\u{301}Opened", "Caf\u{E9}Opened", ""]
        for round in 0..<3 {
            // Fresh storage every other round: equal strings that are not identical.
            if round == 1 {
                let fresh = types.map { String(decoding: Array($0.utf8), as: UTF8.self) }
                XCTAssertFalse(fresh[3].isIdentical(to: types[3]), "new storage")
                types = fresh
            }
            for type in types + types.reversed() {
                XCTAssertEqual(service.handlers(ofType: type), program.handlers(ofType: type), type)
            }
        }
        XCTAssertEqual(program.handlers(ofType: "Type3HappenedInTheResort"), [3, 21])
        XCTAssertEqual(program.handlers(ofType: "Cafe\u{301}Opened"), [27], "Swift's == matches canonically equal names")
        XCTAssertEqual(program.handlers(ofType: "Type21HappenedInTheResort"), [])
    }
}
