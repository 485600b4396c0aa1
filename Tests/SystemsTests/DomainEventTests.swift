import XCTest
import Formats
@testable import Systems

/// An event built from a row of the table's shape reads its fields by position; it is the
/// event reading them by name gives, byte for byte, and any other row is read by name.
final class DomainEventTests: XCTestCase {
    let schema = EntitySchema(name: "reservation", collection: "reservations",
                              fields: [("id", .long), ("reservationStatusCode", .string), ("K", .long), ("resortPrice", .double)])
    let fields = [EventField(name: "id", type: "Long", copied: true),
                  EventField(name: "reservationStatusCode", type: "String", copied: true),
                  EventField(name: "\u{212A}", type: "Long", copied: true),          // `==` to "K"
                  EventField(name: "resortPrice", type: "Double", copied: false),     // another type: not copied
                  EventField(name: "memberName", type: "String", copied: true)]       // no such column

    func text(_ json: JSON) -> [UInt8] { Array(json.compact.utf8) }

    func testAnEventByPositionIsTheEventByName() {
        var table = EntityTable(schema: schema)
        let shape = EventShape(keys: table.rowKeys, fields: fields)
        XCTAssertEqual(shape.positions, [0, 1, 2, 3, nil], "resortPrice is there, though not copied")
        var shaped = table.blank(id: table.nextId())
        shaped.set("reservationStatusCode", .string("Confirmed at the desk"))
        shaped.set("K", .int(7))
        shaped.set("resortPrice", .double(100))
        // The same members under keys that are equal strings but not the table's own.
        let copied: JSON = .object([("id", .int(1)), (String(decoding: Array("reservationStatusCode".utf8), as: UTF8.self), .string("x")),
                                    ("K", .int(8)), ("resortPrice", .null)])
        let short: JSON = .object([("id", .int(2)), ("K", .int(9))])
        for row in [shaped, copied, short, .null] {
            let byName = DomainEvent.make("ReservationRegistered", timestamp: "t", from: row, fields: fields)
            let byPosition = DomainEvent.make("ReservationRegistered", timestamp: "t", from: row, fields: fields, shape: shape)
            XCTAssertEqual(text(byPosition), text(byName), row.compact)
        }
        guard case .object(let members) = shaped else { return XCTFail("a row is an object") }
        XCTAssertTrue(shape.fits(members))
        guard case .object(let others) = copied else { return XCTFail("a row is an object") }
        XCTAssertFalse(shape.fits(others), "equal keys in other storage are read by name")
        XCTAssertEqual(DomainEvent.make("T", timestamp: "t", from: shaped, fields: fields, shape: shape)["\u{212A}"], .int(7))
        table.save(shaped)
    }
}
