import Formats

/// A service's code as data (an MSAEz-template Spring Boot service): its entity's JPA
/// callbacks and lifecycle events, its Kafka handlers, and the Spring Data REST endpoints
/// its repository exports. `StepInterpreter` runs every part.
public struct ServiceProgram {
    /// `@PrePersist`: runs inside the transaction, holding the connection, before the id is
    /// drawn. An exception fails the request with 500.
    public var prePersist: [Step]
    /// `@PostPersist`: Hibernate runs it after the insert, which for a sequence-generated id
    /// happens at the flush inside the commit. An exception fails the commit.
    public var postPersist: [Step]
    /// Events an insert publishes after commit (`@PostPersist` + `publishAfterCommit`).
    public var insertEvents: [String]
    /// Events an update publishes after commit (`@PostUpdate`).
    public var updateEvents: [String]
    /// The `@StreamListener` methods, tried in order; the first that matches a record runs.
    public var handlers: [EventHandler]
    /// The repository's REST endpoints (Spring Data REST's, by default).
    public var endpoints: DataRestEndpoints

    public init(prePersist: [Step] = [], postPersist: [Step] = [], insertEvents: [String] = [], updateEvents: [String] = [],
                handlers: [EventHandler] = [], endpoints: DataRestEndpoints = .springDataRest) {
        self.prePersist = prePersist; self.postPersist = postPersist
        self.insertEvents = insertEvents; self.updateEvents = updateEvents
        self.handlers = handlers; self.endpoints = endpoints
    }

    /// The program of a lifecycle callback.
    public func program(_ hook: EntityHook) -> [Step] {
        switch hook {
        case .prePersist: return prePersist
        case .postPersist: return postPersist
        }
    }

    /// The events a save publishes: `@PostUpdate`'s for a merge, else `@PostPersist`'s.
    public func lifecycleEvents(existed: Bool) -> [String] { existed ? updateEvents : insertEvents }

    /// The handler for a consumed event: the first whose type and conditions match.
    public func handler(for event: JSON) -> EventHandler? {
        handler(for: event, among: handlers(ofType: ServiceProgram.eventType(event)))
    }

    /// The type a record names (`""` for none).
    public static func eventType(_ event: JSON) -> String { event["eventType"]?.stringValue ?? "" }

    /// The indices of the handlers of `type`, in order.
    public func handlers(ofType type: String) -> [Int] { handlers.indices.filter { handlers[$0].eventType == type } }

    /// The first of `candidates` (indices of handlers of the event's type, in order)
    /// whose conditions hold on the event.
    public func handler(for event: JSON, among candidates: [Int]) -> EventHandler? {
        handlers: for i in candidates {
            if handlers[i].when.isEmpty { return handlers[i] }
            // Registers only for a handler of this type with conditions: building them
            // costs a copy of the event.
            var r = StepRegisters(event: event)
            for c in handlers[i].when where !r.holds(c) { continue handlers }
            return handlers[i]
        }
        return nil
    }
}

/// A `@StreamListener(KafkaProcessor.INPUT)` method: the MSAEz template's `PolicyHandler`
/// (`wheneverOrderPlaced_...`) or a CQRS view's `ViewHandler` (a view's
/// `whenOrderPlaced_then_CREATE_1`). It runs when a record of `eventType` arrives
/// and every condition in `when` holds on it (`isMe()` and the null checks before the
/// repository is touched); its steps are the method's body, their `.event` the record.
public struct EventHandler {
    public enum Kind: String, Sendable { case policy, view }
    public let kind: Kind
    public let eventType: String
    public let when: [StepCondition]
    public let steps: [Step]

    public init(_ kind: Kind, _ eventType: String, when: [StepCondition] = [], _ steps: [Step]) {
        self.kind = kind; self.eventType = eventType; self.when = when; self.steps = steps
    }
}
