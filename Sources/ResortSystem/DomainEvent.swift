import SimCore
import Infrastructure
import Formats

/// The seed's domain events: `{eventType, timestamp, ...entity fields}`, published after commit.
public enum DomainEvent {
    /// Builds the event JSON: `eventType` and `timestamp` first (AbstractEvent's fields),
    /// then the entity's columns in declaration order.
    public static func make(_ type: String, timestamp: String, from row: JSON, fields: [String]) -> JSON {
        var members: [(String, JSON)] = [("eventType", .string(type)), ("timestamp", .string(timestamp))]
        for f in fields { members.append((f, row[f] ?? .null)) }
        return .object(members)
    }

    public static func type(of event: JSON) -> String { event["eventType"]?.stringValue ?? "" }

    /// The service that publishes an event type (the publication rules of SEED-FLOWS.md).
    public static func producer(of event: JSON) -> String {
        let t = type(of: event)
        for s in Topology.services {
            if let prefix = s.eventPrefix, t.hasPrefix(prefix) { return s.name }
        }
        return "unknown"
    }
}

/// The statuses as the real system spells them (both spellings of cancelled are real).
public enum Status {
    public static let available = "Available"
    public static let notAvailable = "Not Available"
    public static let confirmed = "Confirmed"
    public static let cancelled = "Cancelled"
    public static let waitingForPayment = "Waiting for payment"
    public static let paid = "Paid"
    public static let canceled = "Canceled"
    public static let approved = "Approved"
    public static let send = "Send"
}
