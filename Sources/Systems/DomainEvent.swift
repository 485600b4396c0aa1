import SimCore
import Infrastructure
import Formats

/// A domain event as the MSAEz template's `AbstractEvent` writes it: `{eventType, timestamp,
/// ...fields}`, the fields copied from the entity by `BeanUtils.copyProperties`.
public enum DomainEvent {
    /// Builds the event JSON: `eventType` and `timestamp` first (AbstractEvent's fields),
    /// then the event's fields in declaration order, each the row's column of that name
    /// when it is copied (null when not: BeanUtils skips a property whose type differs).
    public static func make(_ type: String, timestamp: String, from row: JSON, fields: [EventField]) -> JSON {
        make(type, timestamp: timestamp, from: row, fields: fields, shape: nil)
    }

    /// The same, with `shape` telling where each field sits in a row whose keys are the
    /// shape's very strings (a row `EntityTable.blank` made): no lookup by name then.
    static func make(_ type: String, timestamp: String, from row: JSON, fields: [EventField], shape: EventShape?) -> JSON {
        var members: [(String, JSON)] = []
        members.reserveCapacity(2 + fields.count)
        members.append(("eventType", .string(type)))
        members.append(("timestamp", .string(timestamp)))
        if let shape, case .object(let columns) = row, shape.fits(columns) {
            for i in fields.indices {
                let at = fields[i].copied ? shape.positions[i] : nil
                members.append((fields[i].name, at.map { columns[$0].1 } ?? .null))
            }
        } else {
            for f in fields { members.append((f.name, f.copied ? row[f.name] ?? .null : .null)) }
        }
        return .object(members)
    }

    public static func type(of event: JSON) -> String { event["eventType"]?.stringValue ?? "" }
}

/// Where an event's fields sit in a row of a table's shape: the row's keys (`id`, then the
/// columns) and, for each field, the member `row[field]` would find (its first key `==` to
/// the field's name), or nil.
/// A class: a publisher keeps one per event type and hands it on with one reference count.
final class EventShape {
    let fields: [EventField]
    let keys: [String]
    let positions: [Int?]

    init(keys: [String], fields: [EventField]) {
        self.fields = fields
        self.keys = keys
        positions = fields.map { f in keys.firstIndex { $0 == f.name } }
    }

    /// Whether a row's members have exactly these keys, the same strings (a row made from
    /// the table's blank row keeps them); then `positions` are the lookups' answers.
    func fits(_ members: [(String, JSON)]) -> Bool {
        guard members.count == keys.count else { return false }
        for i in keys.indices where !members[i].0.isIdentical(to: keys[i]) { return false }
        return true
    }
}

/// A field of an event: its name, its Java type, and whether `copyProperties` fills it from
/// the publishing entity (a column of that name and type exists).
public struct EventField: Sendable, Equatable {
    public let name: String
    public let type: String
    public let copied: Bool
    public init(name: String, type: String, copied: Bool) { self.name = name; self.type = type; self.copied = copied }
}
