import XCTest
import Formats
@testable import Systems

/// The in-memory table: rows by id in id order, whether an id came from
/// `hibernate_sequence` (kept in an array) or from a client (kept aside until the array
/// reaches it).
final class EntityTableTests: XCTestCase {
    let schema = EntitySchema(name: "order", collection: "orders", fields: [("id", .long), ("qty", .long)])

    func row(_ id: Int64, _ qty: Int64) -> JSON { .object([("id", .int(id)), ("qty", .int(qty))]) }
    func ids(_ t: EntityTable) -> [Int64] { t.all.compactMap { $0["id"]?.int64Value } }

    func testGeneratedAndExplicitIdsKeepIdOrderAndTheirRows() {
        var t = EntityTable(schema: schema)
        t.save(row(5, 50))      // a client's id, past the generated ones
        t.save(row(-2, 20))     // and one no sequence gives
        for _ in 1...4 { let id = t.nextId(); t.save(row(id, id * 10)) }
        XCTAssertEqual(ids(t), [-2, 1, 2, 3, 4, 5])
        XCTAssertEqual(t.row(5)?["qty"], .int(50), "the explicit row survives the generated ones reaching its id")
        t.save(row(5, 55))      // replaced, not added twice
        XCTAssertEqual(t.count, 6)
        XCTAssertEqual(t.row(5)?["qty"], .int(55))
        XCTAssertEqual(t.row(-2)?["qty"], .int(20))
        XCTAssertNil(t.row(6))
        XCTAssertNil(t.row(0))
        XCTAssertEqual(t.rows(1, 3).compactMap { $0["id"]?.int64Value }, [1, 2])
    }

    /// An id a rolled-back transaction took leaves a gap; a client may fill it later, and
    /// a far id stays found while the generated ids grow past it.
    func testGapsAndFarIdsKeepTheirRows() {
        var t = EntityTable(schema: schema)
        t.save(row(1, 10)); t.save(row(40, 400)); t.save(row(200, 2000)); t.save(row(Int64.max, 1))
        XCTAssertNil(t.row(20))
        t.save(row(20, 200))
        XCTAssertEqual(ids(t), [1, 20, 40, 200, Int64.max])
        for id in Int64(41)...199 { t.save(row(id, id)) }
        XCTAssertEqual(t.row(200)?["qty"], .int(2000))
        t.save(row(201, 1))
        XCTAssertEqual(t.row(200)?["qty"], .int(2000), "moved into the array when it reached 200, not lost")
        XCTAssertEqual(t.count, 165)
        t.remove(200)
        XCTAssertNil(t.row(200))
        XCTAssertEqual(t.row(Int64.max)?["qty"], .int(1))
        t.removeAll()
        XCTAssertEqual(t.count, 0)
        XCTAssertNil(t.row(1)); XCTAssertNil(t.row(Int64.max))
    }

    func testRemovingARowForgetsItAndItsRepresentation() {
        var t = EntityTable(schema: schema)
        t.save(row(1, 10)); t.save(row(9, 90))
        t.cacheRepresentation(1, "localhost:8081", .string("one"))
        t.cacheRepresentation(9, "localhost:8081", .string("nine"))
        XCTAssertEqual(t.cachedRepresentation(1, "localhost:8081"), .string("one"))
        XCTAssertNil(t.cachedRepresentation(1, "order:8080"), "built for another host")
        t.cacheRepresentation(9, "caf\u{E9}:8080", .string("composed"))
        XCTAssertNil(t.cachedRepresentation(9, "cafe\u{301}:8080"), "a host equal to Swift, with other bytes, has links of its own")
        XCTAssertEqual(t.cachedRepresentation(9, String(decoding: Array("caf\u{E9}:8080".utf8), as: UTF8.self)), .string("composed"))
        t.remove(1); t.remove(9); t.remove(9)
        XCTAssertEqual(t.count, 0)
        XCTAssertNil(t.row(1)); XCTAssertNil(t.row(9))
        XCTAssertNil(t.cachedRepresentation(1, "localhost:8081"))
        XCTAssertNil(t.cachedRepresentation(9, "localhost:8081"))
        t.save(row(1, 11))
        XCTAssertNil(t.cachedRepresentation(1, "localhost:8081"), "a saved row has no representation yet")
        XCTAssertEqual(ids(t), [1])
    }

    func testASavedRowDropsItsCachedRepresentation() {
        var t = EntityTable(schema: schema)
        t.save(row(2, 20))
        t.cacheRepresentation(2, "h", .string("old"))
        t.save(row(2, 21))
        XCTAssertNil(t.cachedRepresentation(2, "h"))
    }
}
