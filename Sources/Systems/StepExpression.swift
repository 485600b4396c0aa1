import Infrastructure
import Formats

/// The values and conditions of a system file's steps, as a team writes them:
/// `${event.orderId}` (a field of the consumed event), `${answer.status}` (of the
/// last Feign answer), `${stockId}` (of the entity), `${answer}` (the whole answer),
/// text around them (`${event.orderId}code`), or plain text (`Confirmed`). A lone
/// reference to a Long or Integer field reads it as a Java Long.
/// Conditions: `${x} != null`, `${x} == 'text'`, `found` (the last find found a row).
struct StepExpression {
    /// The fields readable from each source, with their Java types; nil: none can be read here.
    var rowFields: [(String, String)]
    var eventFields: [(String, String)]?
    var answerFields: [(String, String)]?
    let sink: ProblemSink

    static let longTypes: Set<String> = ["Long", "long", "Integer", "int", "Short", "short"]

    /// A value; nil (with an error at `node`) when a reference names nothing readable.
    func value(_ text: String, at node: YAMLNode) -> StepValue? {
        guard text.contains("${") else { return .text(text) }
        var parts: [StepValue] = []
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                sink.error(node, "unterminated ${ in '\(text)' (expected ${event.FIELD}, ${answer.FIELD} or ${FIELD})")
                return nil
            }
            guard let v = reference(String(rest[open.upperBound..<close]), at: node) else { return nil }
            parts.append(v)
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return parts.count == 1 ? parts[0] : .concat(parts)
    }

    /// `event.X`, `answer.X`, `answer`, `event`, `this.X` or `X` (the entity's field).
    func reference(_ ref: String, at node: YAMLNode) -> StepValue? {
        let dot = ref.split(separator: ".", maxSplits: 1).map(String.init)
        let (source, field): (StepSource, String?)
        switch dot[0] {
        case "event": source = .event; field = dot.count > 1 ? dot[1] : nil
        case "answer": source = .answer; field = dot.count > 1 ? dot[1] : nil
        case "this": source = .row; field = dot.count > 1 ? dot[1] : nil
        default: source = .row; field = ref
        }
        let known: [(String, String)]?
        switch source {
        case .row: known = rowFields
        case .event: known = eventFields
        case .answer: known = answerFields
        }
        guard let fields = known else {
            sink.error(node, "'${\(ref)}' reads \(source == .event ? "the consumed event, which only a policy or a view has" : "a Feign call's answer, which only its on-answer steps have")")
            return nil
        }
        guard let name = field, !name.isEmpty else { return .whole(source) }
        guard let type = fields.first(where: { $0.0 == name })?.1 else {
            let what = source == .row ? "the entity" : source == .event ? "the event" : "the answer"
            sink.error(node, "\(what) has no field '\(name)'" + sink.hint(name, fields.map { $0.0 }))
            return nil
        }
        return StepExpression.longTypes.contains(type) ? .long(source, name) : .field(source, name)
    }

    func condition(_ text: String, at node: YAMLNode) -> StepCondition? {
        let t = text.trimmingSpaces
        if t == "found" { return .found }
        if let r = t.range(of: "!=") {
            let lhs = String(t[..<r.lowerBound]).trimmingSpaces, rhs = String(t[r.upperBound...]).trimmingSpaces
            guard rhs == "null" else {
                sink.error(node, "'\(t)': only '!= null' is modelled (expected ${x} != null, ${x} == 'text' or found)")
                return nil
            }
            return value(lhs, at: node).map { .present($0) }
        }
        if let r = t.range(of: "==") {
            let lhs = String(t[..<r.lowerBound]).trimmingSpaces
            var rhs = String(t[r.upperBound...]).trimmingSpaces
            if rhs == "null" {
                sink.error(node, "'\(t)': write the test the other way round (${x} != null, with then and else swapped)")
                return nil
            }
            if rhs.count >= 2, let f = rhs.first, f == "'" || f == "\"", rhs.last == f { rhs = String(rhs.dropFirst().dropLast()) }
            return value(lhs, at: node).map { .equals($0, rhs) }
        }
        sink.error(node, "'\(t)' is not a condition (expected ${x} != null, ${x} == 'text' or found)")
        return nil
    }

    /// `Exception("message")`: the class and the message; nil with an error otherwise.
    func exception(_ text: String, inCallback: Bool, at node: YAMLNode) -> JavaException? {
        let t = text.trimmingSpaces
        guard let open = t.firstIndex(of: "("), t.hasSuffix(")") else {
            sink.error(node, "'\(t)' is not an exception (expected Exception(\"message\"))")
            return nil
        }
        let cls = String(t[..<open]).trimmingSpaces
        var message = String(t[t.index(after: open)..<t.index(before: t.endIndex)]).trimmingSpaces
        if message.count >= 2, let f = message.first, f == "\"" || f == "'", message.last == f { message = String(message.dropFirst().dropLast()) }
        guard !cls.isEmpty, cls.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }) else {
            sink.error(node, "'\(cls)' is not an exception class (expected Exception(\"message\"))")
            return nil
        }
        // Thrown from an entity callback, it reaches Spring wrapped by reflection and
        // Hibernate, whose message is the cause's `toString()`.
        guard inCallback else { return JavaException(message: message, thrown: 1) }
        let qualified = cls.contains(".") ? cls : "java.lang." + cls
        return JavaException(message: qualified + ": " + message, thrown: 3)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
