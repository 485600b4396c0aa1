import XCTest
import Formats
@testable import Systems

/// Rows kept column by column give back the very rows that were saved, byte for byte,
/// whether they are hot (saved last), in the columns, or aside (without the table's shape).
final class EntityColumnsTests: XCTestCase {
    let schema = EntitySchema(name: "thing", collection: "things",
                              fields: [("id", .long), ("name", .string), ("price", .double), ("ref", .long)])

    /// A row's exact identity: keys and strings by their bytes (not Swift's canonical
    /// `==`), doubles by their bits (-0.0, NaN payloads), as nested lists.
    func bytes(_ row: JSON?) -> [String] {
        guard let row else { return ["absent"] }
        switch row {
        case .null: return ["null"]
        case .bool(let b): return ["bool \(b)"]
        case .int(let i): return ["int \(i)"]
        case .double(let d): return ["double \(d.bitPattern)"]
        case .string(let s): return ["string \(Array(s.utf8))"]
        case .array(let items): return ["array \(items.count)"] + items.flatMap { bytes($0) }
        case .object(let members): return ["object \(members.count)"] + members.flatMap { ["key \(Array($0.0.utf8))"] + bytes($0.1) }
        }
    }

    func row(_ id: Int64, _ name: JSON, _ price: JSON, _ ref: JSON) -> JSON {
        .object([("id", .int(id)), ("name", name), ("price", price), ("ref", ref)])
    }

    /// Saves `count` rows with ids 1...count and checks every one reads back exactly, once
    /// all but the last `hotRows` have moved to the columns.
    func testRowsMovedToTheColumnsReadBackByteForByte() {
        var t = EntityTable(schema: schema)
        let composed = "Caf\u{E9}", decomposed = "Cafe\u{301}"   // equal to Swift, not to a client
        XCTAssertEqual(composed, decomposed)
        func make(_ i: Int64) -> JSON {
            switch i % 9 {
            case 0: return row(i, .string(composed), .double(0.0), .int(i))
            case 1: return row(i, .string(decomposed), .double(-0.0), .int(-i))
            case 2: return row(i, .null, .double(1e300), .int(Int64.min))
            case 3: return row(i, .string("a name longer than fifteen bytes \(i % 4)"), .null, .int(Int64.max))
            case 4: return row(i, .string("code\(i)"), .double(Double(i) + 0.5), .null)
            case 5: return row(i, .bool(true), .int(7), .string("12"))
            case 6: return row(i, .int(i), .string("9.5"), .double(3))
            case 7: return row(i, .string(""), .double(i % 2 == 0 ? .infinity : Double(bitPattern: 0x7FF8_0000_0000_0ABC)), .int(1 << 61))
            default: return row(i, .string("\u{1F3D6}"), .double(100_000), .int(0))
            }
        }
        let count = Int64(EntityTable.hotRows) * 3 + 17
        for i in 1...count { XCTAssertFalse(t.save(make(i)), "row \(i) is new") }
        XCTAssertEqual(t.count, Int(count))
        for i in 1...count { XCTAssertEqual(bytes(t.row(i)), bytes(make(i)), "row \(i)") }
        XCTAssertEqual(t.all.map(bytes), (1...count).map { bytes(make($0)) })
        XCTAssertEqual(t.rows(100, 103).map(bytes), (101...103).map { bytes(make($0)) })
        // A cold row saved again is hot, then cold again; both read back as saved.
        let changed = row(5, .string("changed"), .double(2.5), .int(55))
        XCTAssertTrue(t.save(changed), "row 5 existed")
        XCTAssertEqual(bytes(t.row(5)), bytes(changed))
        for i in (count + 1)...(count + Int64(EntityTable.hotRows) + 1) { t.save(make(i)) }
        XCTAssertEqual(bytes(t.row(5)), bytes(changed))
        XCTAssertEqual(bytes(t.row(6)), bytes(make(6)))
    }

    /// A row without the table's shape (a member more or less, another order, a nested
    /// value, an id that is not a long) is kept as it was saved.
    func testRowsWithoutTheTablesShapeAreKeptAsSaved() {
        var t = EntityTable(schema: schema)
        let odd: [JSON] = [
            .object([("id", .int(1)), ("name", .string("x")), ("price", .double(1)), ("ref", .int(1)), ("extra", .int(1))]),
            .object([("id", .int(2)), ("name", .string("x")), ("price", .double(1))]),
            .object([("id", .int(3)), ("price", .double(1)), ("name", .string("x")), ("ref", .int(1))]),
            .object([("id", .int(4)), ("name", .object([("a", .int(1))])), ("price", .double(1)), ("ref", .int(1))]),
            .object([("id", .int(5)), ("name", .array([.int(1)])), ("price", .double(1)), ("ref", .int(1))]),
            .object([("id", .double(6)), ("name", .string("x")), ("price", .double(1)), ("ref", .int(1))]),
            .object([("i\u{307}d", .int(7)), ("id", .int(7)), ("name", .string("x")), ("price", .double(1))]),
            // The Kelvin sign is `==` to "K" but prints otherwise: a key the schema does not have.
            .object([("id", .int(8)), ("name", .string("x")), ("price", .double(1)), ("\u{212A}", .int(1))]),
        ]
        for r in odd { t.save(r) }
        for i in 1...Int64(EntityTable.hotRows) + 10 { t.save(row(100 + i, .string("n"), .double(1), .int(i))) }
        for (i, r) in odd.enumerated() { XCTAssertEqual(bytes(t.row(Int64(i + 1))), bytes(r), "odd row \(i + 1)") }
        XCTAssertEqual(bytes(t.first(where: "ref", is: 3)), bytes(row(103, .string("n"), .double(1), .int(3))))
        XCTAssertEqual(t.count, odd.count + EntityTable.hotRows.intValue + 10)
        t.remove(4); t.remove(104)
        XCTAssertNil(t.row(4)); XCTAssertNil(t.row(104))
        XCTAssertEqual(t.count, odd.count + EntityTable.hotRows.intValue + 8)
        t.save(row(4, .string("now shaped"), .null, .null))
        XCTAssertEqual(t.row(4)?["name"], .string("now shaped"))
    }

    /// A key `==` to the schema's but with other bytes (the Kelvin sign and "K") is not
    /// the schema's key: the row is kept as saved, and found as `row["K"]` finds it.
    func testAKeyEqualToSwiftButNotInBytesKeepsItsBytes() {
        var t = EntityTable(schema: EntitySchema(name: "t", collection: "ts", fields: [("id", .long), ("K", .long)]))
        XCTAssertEqual("\u{212A}", "K")
        let kelvin: JSON = .object([("id", .int(1)), ("\u{212A}", .int(5))])
        let plain: JSON = .object([("id", .int(2)), ("K", .int(6))])
        t.save(kelvin); t.save(plain)
        for i in 3...Int64(EntityTable.hotRows) + 3 { t.save(.object([("id", .int(i)), ("K", .int(i))])) }
        XCTAssertEqual(bytes(t.row(1)), bytes(kelvin))
        XCTAssertEqual(bytes(t.row(2)), bytes(plain))
        XCTAssertEqual(bytes(t.first(where: "K", is: 5)), bytes(kelvin))
        XCTAssertEqual(bytes(t.first(where: "\u{212A}", is: 6)), bytes(plain), "a lookup by the twin finds the schema's key")
    }

    /// Past the values a column's pool finds again by hashing, new values are stored
    /// again; every one still reads back as saved.
    func testAColumnOfMostlyDistinctValuesReadsBack() {
        var t = EntityTable(schema: schema)
        let n = Int64(ValuePool.indexed) * 2 + Int64(EntityTable.hotRows) + 5
        func make(_ i: Int64) -> JSON { row(i, .string("code \(i % (n / 2)) of a long run"), .double(Double(i % 1500) / 7), .null) }
        for i in 1...n { t.save(make(i)) }
        for i in 1...n { XCTAssertEqual(bytes(t.row(i)), bytes(make(i)), "row \(i)") }
    }

    /// A page's bounds are clamped to the table, as an array slice's would be.
    func testPagesClampTheirBounds() {
        var t = EntityTable(schema: schema)
        for i in 1...5 { t.save(row(Int64(i), .null, .null, .int(Int64(i)))) }
        XCTAssertEqual(t.rows(-1, 0).count, 0)
        XCTAssertEqual(t.rows(-3, -1).count, 0)
        XCTAssertEqual(t.rows(-1, 2).map { $0["id"] }, [.int(1), .int(2)])
        XCTAssertEqual(t.rows(4, 99).map { $0["id"] }, [.int(5)])
        XCTAssertEqual(t.rows(3, 2).count, 0)
        XCTAssertEqual(t.rows(5, 9).count, 0)
    }

    /// No representation is kept for an id without a row (the service caches only what it
    /// found; the table before its columns kept it until the row was saved), nor for a row
    /// outside the slots.
    func testNoRepresentationForAMissingRow() {
        var t = EntityTable(schema: schema)
        t.cacheRepresentation(5, "h", .string("r"))
        XCTAssertNil(t.cachedRepresentation(5, "h"))
        t.cacheRepresentation(1_000_000, "h", .string("r"))
        XCTAssertNil(t.cachedRepresentation(1_000_000, "h"))
        t.save(row(1_000_000, .null, .null, .null))
        t.cacheRepresentation(1_000_000, "h", .string("far"))
        XCTAssertNil(t.cachedRepresentation(1_000_000, "h"), "nor for a row outside the slots")
    }

    /// `first(where:is:)` reads `row[field]?.int64Value` in id order, through every place a
    /// row can be: sparse ids below 1, cold and hot slots, and ids past the slots.
    func testFirstWhereFieldIsValueFindsTheFirstRowInIdOrder() {
        var t = EntityTable(schema: schema)
        t.save(row(-3, .string("sparse"), .double(1), .int(42)))
        t.save(row(1_000_000, .string("far"), .double(1), .int(100_000)))
        for i in 1...Int64(EntityTable.hotRows) * 2 { t.save(row(i, .string("r"), .double(Double(i)), .string("\(i)"))) }
        XCTAssertEqual(t.first(where: "ref", is: 42)?["name"], .string("sparse"))
        XCTAssertEqual(t.first(where: "ref", is: 100_000)?["name"], .string("far"))
        XCTAssertEqual(t.first(where: "ref", is: 7)?["id"], .int(7), "a cold row's string converts as int64Value does")
        XCTAssertEqual(t.first(where: "price", is: 2000)?["id"], .int(2000), "a hot row's double")
        XCTAssertEqual(t.first(where: "id", is: 12)?["id"], .int(12))
        XCTAssertNil(t.first(where: "missing", is: 1))
        XCTAssertEqual(t.first(where: "ref", is: 5).map(bytes), t.first { $0["ref"]?.int64Value == 5 }.map(bytes))
        XCTAssertEqual(t.rows(0, 2).map { $0["id"] }, [.int(-3), .int(1)])
        XCTAssertEqual(t.rows(t.count - 1, t.count + 5).map { $0["id"] }, [.int(1_000_000)])
    }

    /// A representation cached for a hot row lasts until the row is saved or cools (then
    /// it is built again when asked for): the cache holds no more than the hot rows.
    func testARepresentationLastsWhileItsRowIsHot() {
        var t = EntityTable(schema: schema)
        t.save(row(1, .string("a"), .double(1), .int(1)))
        t.cacheRepresentation(1, "h", .string("rep"))
        for i in 2...Int64(EntityTable.hotRows) { t.save(row(i, .string("a"), .double(1), .int(i))) }
        XCTAssertEqual(t.cachedRepresentation(1, "h"), .string("rep"), "still hot")
        t.save(row(Int64(EntityTable.hotRows) + 1, .string("a"), .double(1), .int(0)))
        XCTAssertNil(t.cachedRepresentation(1, "h"), "cooled")
        XCTAssertEqual(t.row(1)?["name"], .string("a"))
        t.cacheRepresentation(1, "h", .string("cold"))
        XCTAssertNil(t.cachedRepresentation(1, "h"), "a cold row keeps none")
        t.save(row(1, .string("b"), .double(1), .int(1)))
        t.cacheRepresentation(1, "h", .string("hot again"))
        XCTAssertEqual(t.cachedRepresentation(1, "h"), .string("hot again"))
        t.save(row(1, .string("c"), .double(1), .int(1)))
        XCTAssertNil(t.cachedRepresentation(1, "h"), "a save drops it")
    }

    /// A column's cells widen to the widest value; the narrower ones keep their values.
    func testCellsWidenAndKeepTheirValues() {
        var cells = PackedCells()
        cells.grow(to: 4)
        cells[0] = 3
        cells[1] = 300
        cells[2] = UInt64.max
        XCTAssertEqual((0..<4).map { cells[$0] }, [3, 300, UInt64.max, 0])
        cells.grow(to: 6)
        cells[5] = 1
        XCTAssertEqual((0..<6).map { cells[$0] }, [3, 300, UInt64.max, 0, 0, 1])
        XCTAssertEqual(PackedCells.width(of: 0), 1)
        XCTAssertEqual(PackedCells.width(of: 256), 2)
        XCTAssertEqual(PackedCells.width(of: UInt64.max), 8)
    }
}

private extension Int64 {
    var intValue: Int { Int(self) }
}
