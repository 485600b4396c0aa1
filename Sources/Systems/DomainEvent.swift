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
        var members: [(String, JSON)] = []
        members.reserveCapacity(2 + fields.count)
        members.append(("eventType", .string(type)))
        members.append(("timestamp", .string(timestamp)))
        for f in fields { members.append((f.name, f.copied ? row[f.name] ?? .null : .null)) }
        return .object(members)
    }

    public static func type(of event: JSON) -> String { event["eventType"]?.stringValue ?? "" }
}

/// A field of an event: its name, its Java type, and whether `copyProperties` fills it from
/// the publishing entity (a column of that name and type exists).
public struct EventField: Sendable, Equatable {
    public let name: String
    public let type: String
    public let copied: Bool
    public init(name: String, type: String, copied: Bool) { self.name = name; self.type = type; self.copied = copied }
}
