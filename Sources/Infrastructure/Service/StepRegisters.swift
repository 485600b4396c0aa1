import Formats

/// Where a step reads a value: the row the code works on, the last call's answer, or the
/// consumed event.
public enum StepSource: Sendable {
    case row, answer, event
}

/// A value a step reads.
public indirect enum StepValue {
    /// A member (null when missing).
    case field(StepSource, String)
    /// A member as a Java `Long` (null when missing or not a number).
    case long(StepSource, String)
    /// The whole row, answer or event.
    case whole(StepSource)
    /// A constant string.
    case text(String)
    /// The parts as text, joined (`"\(orderId)code"`).
    case concat([StepValue])
    /// The id in the request's path (`/orders/{id}`).
    case pathId
}

/// A condition a step tests.
public indirect enum StepCondition {
    /// The value is not null.
    case present(StepValue)
    /// The value is the string.
    case equals(StepValue, String)
    /// The last `find` found a row.
    case found
    /// The last `applyBody` converted every field.
    case bodyApplied
}

/// The values a running program reads and writes besides the process's state: the
/// request's arguments, the row, the last answer, the consumed event.
public struct StepRegisters {
    /// The entity row the code works on.
    public var row: JSON = .null
    /// The last Feign call's answer body (null for none or a fallback's null).
    public var answer: JSON = .null
    /// The consumed event.
    public var event: JSON = .null
    /// The last call's exception message (`onError`).
    public var callError = ""
    /// The request's path id, body (POST, PUT, PATCH), whether it replaces (PUT), its explicit id.
    public var pathId: Int64 = 0
    public var body: JSON?
    public var replace = false
    public var explicitId: Int64?
    /// A collection's page and size, and the rows of that page when the request arrived.
    public var page = 0, size = 20, pageRows = 0
    /// Whether the last `find` found a row; whether the last `save` merged an existing one.
    public var found = false
    public var existed = false
    /// The last `applyBody`'s conversion error.
    public var bodyError: String?

    public init() {}
    public init(event: JSON) { self.event = event }

    // The readers below are `mutating` though they change nothing. Called on the
    // interpreter's registers (a struct stored in a class), a non-mutating method works on a
    // copy of the whole struct: a memcpy and a retain for each of its references, about
    // eight copies a soak request. A mutating one works in place.

    public mutating func source(_ s: StepSource) -> JSON {
        switch s {
        case .row: return row
        case .answer: return answer
        case .event: return event
        }
    }

    public mutating func value(_ v: StepValue) -> JSON {
        switch v {
        case .field(let s, let name): return source(s)[name] ?? .null
        case .long(let s, let name): return source(s)[name]?.int64Value.map { .int($0) } ?? .null
        case .whole(let s): return source(s)
        case .text(let t): return .string(t)
        case .concat(let parts):
            var out = ""
            for p in parts { out += text(p) }
            return .string(out)
        case .pathId: return .int(pathId)
        }
    }

    /// The value as text (Java's `String.valueOf`).
    public mutating func text(_ v: StepValue) -> String {
        if case .text(let t) = v { return t }
        switch value(v) {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return JSON.javaDouble(d)
        case .bool(let b): return b ? "true" : "false"
        default: return "null"
        }
    }

    public mutating func holds(_ c: StepCondition) -> Bool {
        switch c {
        case .present(let v): return !value(v).isNull
        case .equals(let v, let s): return value(v).stringValue == s
        case .found: return found
        case .bodyApplied: return bodyError == nil
        }
    }
}
