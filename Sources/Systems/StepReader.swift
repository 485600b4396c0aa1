import Infrastructure
import Formats

/// Reads a list of steps from a system file into `Step`s, checking each name it uses: the
/// entity's and the event's fields, the service's events, code variants, methods and Feign
/// clients. `docs/SYSTEMS.md` lists every step.
struct StepReader {
    enum Place { case hook, endpoint, policy }
    let service: ServiceShape
    let sink: ProblemSink
    let place: Place
    var expr: StepExpression
    /// The methods being expanded (an `invoke` of one of them again is a loop).
    var invoking: [String] = []

    init(service: ServiceShape, sink: ProblemSink, place: Place, event: [(String, String)]? = nil) {
        self.service = service; self.sink = sink; self.place = place
        expr = StepExpression(rowFields: service.fields, eventFields: event, answerFields: nil, sink: sink)
    }

    static let keywords = ["print", "check", "throw", "rethrow", "if", "choose", "invoke", "call", "set", "copy",
                           "create", "find", "save", "delete", "publishAfterCommit", "publish", "sleep"]

    func steps(_ node: YAMLNode?, _ what: String) -> [Step] {
        guard let node = node else { return [] }
        var out: [Step] = []
        for item in sink.list(node, what) { out += step(item) }
        return out
    }

    func step(_ item: YAMLNode) -> [Step] {
        if let word = item.text, item.scalar != nil {
            switch word {
            case "save":
                guard place == .policy else { sink.error(item, "save is a repository call of a policy or a view (a hook's entity is saved by the endpoint)"); return [] }
                // The repository's save runs the entity's lifecycle: its events after commit.
                return [.save, .publish(.lifecycle)]
            case "delete":
                guard place == .policy else { sink.error(item, "delete is a repository call of a policy or a view"); return [] }
                return [.remove]
            case "rethrow": return [.rethrowCallError(thrown: place == .hook ? 3 : 1)]
            default:
                sink.error(item, "unknown step '\(word)'" + sink.hint(word, StepReader.keywords))
                return []
            }
        }
        guard let entries = item.entries, let first = entries.first else {
            sink.error(item, "a step must be a word (save, delete, rethrow) or a mapping such as 'set: {field: value}' (found \(item.shape))")
            return []
        }
        let allowed: [String]
        switch first.key {
        case "check": allowed = ["check", "or-throw"]
        case "if": allowed = ["if", "then", "else"]
        case "call": allowed = ["call", "body", "on-answer", "on-null", "on-error"]
        case "copy": allowed = ["copy", "from"]
        case "choose": allowed = ["choose"] + (service.variant(first.value.text ?? "")?.values ?? entries.dropFirst().map { $0.key })
        default: allowed = [first.key]
        }
        for e in entries.dropFirst() where !allowed.contains(e.key) {
            sink.error(e, "unknown key '\(e.key)' in a '\(first.key)' step" + sink.hint(e.key, Array(allowed.dropFirst())))
        }
        let v = first.value
        switch first.key {
        case "print": return sink.int(v, "print", 0...1000).map { [.print($0)] } ?? []
        case "check":
            guard let c = string(v, "check").flatMap({ expr.condition($0, at: v) }) else { return [] }
            guard let t = item["or-throw"] else { sink.error(first, "check needs or-throw: Exception(\"message\")"); return [] }
            guard let e = string(t, "or-throw").flatMap({ expr.exception($0, inCallback: place == .hook, at: t) }) else { return [] }
            return [.check(c, orThrow: e)]
        case "throw":
            return string(v, "throw").flatMap { expr.exception($0, inCallback: place == .hook, at: v) }.map { [.raise($0)] } ?? []
        case "rethrow":
            return sink.int(v, "rethrow", 0...100).map { [.rethrowCallError(thrown: $0)] } ?? []
        case "if":
            guard let c = string(v, "if").flatMap({ expr.condition($0, at: v) }) else { return [] }
            return [.when(c, then: steps(item["then"], "then"), otherwise: steps(item["else"], "else"))]
        case "choose": return choose(first, entries)
        case "invoke": return invoke(first)
        case "call": return call(first, item)
        case "set":
            guard let fields = sink.mapping(v, "set") else { return [] }
            var out: [Step] = []
            for f in fields {
                guard writable(f.key, at: f.value), let text = string(f.value, f.key), var value = expr.value(text, at: f.value) else { continue }
                // A lone reference to a String into a Long or Integer field is the code's
                // Long.valueOf(...) (the template's policies convert an event's String ids).
                if case .field(let source, let name) = value, let type = service.fields.first(where: { $0.0 == f.key })?.1,
                   StepExpression.longTypes.contains(type) { value = .long(source, name) }
                out.append(.set(f.key, value))
            }
            return out
        case "copy":
            let names = sink.list(v, "copy").compactMap { n in string(n, "copy").flatMap { writable($0, at: n) ? $0 : nil } }
            guard let fromNode = item["from"], let from = string(fromNode, "from") else { sink.error(first, "copy needs from: answer or from: event"); return [] }
            let source: StepSource
            let fields: [(String, String)]?
            switch from {
            case "answer": source = .answer; fields = expr.answerFields
            case "event": source = .event; fields = expr.eventFields
            default: sink.error(fromNode, "copy from '\(from)' (expected answer or event)"); return []
            }
            guard let readable = fields else { sink.error(fromNode, "there is no \(from) to copy from here"); return [] }
            for n in names where !readable.contains(where: { $0.0 == n }) {
                sink.error(v, "the \(from) has no field '\(n)' to copy" + sink.hint(n, readable.map { $0.0 }))
            }
            return [.copy(names, from: source)]
        case "create":
            guard place == .policy else { sink.error(first, "create is a policy's or a view's new row"); return [] }
            guard let text = string(v, "create") else { return [] }
            if text == "new" { return [.newRow(id: .sequence)] }
            return expr.value(text, at: v).map { [.newRow(id: .value($0))] } ?? []
        case "find":
            guard place == .policy else { sink.error(first, "find is a policy's or a view's repository call"); return [] }
            if let m = v.entries {
                guard m.count == 1, let f = m.first else { sink.error(v, "find by a field needs one field: find: {FIELD: VALUE}"); return [] }
                guard service.fields.contains(where: { $0.0 == f.key }) else {
                    sink.error(f, "the entity has no field '\(f.key)'" + sink.hint(f.key, service.fields.map { $0.0 })); return []
                }
                return string(f.value, f.key).flatMap { expr.value($0, at: f.value) }.map { [.find(.first(field: f.key, equals: $0))] } ?? []
            }
            return string(v, "find").flatMap { expr.value($0, at: v) }.map { [.find(.byId($0))] } ?? []
        case "publishAfterCommit", "publish":
            let names = sink.list(v, first.key).compactMap { n in string(n, first.key).flatMap { published($0, at: n) } }
            return first.key == "publish" ? [.publishNow(names)] : [.publish(.types(names))]
        case "sleep":
            // Thread.sleep(...): a duration or a distribution (the test delays' uniform(400ms, 620ms)).
            guard let text = string(v, "sleep") else { return [] }
            do { return [.sleep(try ValueSyntax.distribution(text))] } catch let e as ValueError {
                sink.error(v, "sleep needs a duration or a distribution such as uniform(400ms, 620ms): " + e.message)
            } catch {}
            return []
        default:
            sink.error(first, "unknown step '\(first.key)'" + sink.hint(first.key, StepReader.keywords))
            return []
        }
    }

    func string(_ node: YAMLNode, _ what: String) -> String? { sink.string(node, what) }

    /// Whether the entity has the field (the id is the repository's, not set by code).
    func writable(_ field: String, at node: YAMLNode) -> Bool {
        if service.fields.contains(where: { $0.0 == field && $0.0 != "id" }) { return true }
        sink.error(node, "the entity \(service.entity) has no field '\(field)'" + sink.hint(field, service.fields.dropFirst().map { $0.0 }))
        return false
    }

    /// The event, if this service declares it.
    func published(_ name: String, at node: YAMLNode) -> String? {
        if service.event(name) != nil { return name }
        sink.error(node, "\(service.name) declares no event '\(name)'" + sink.hint(name, service.events.map { $0.name }))
        return nil
    }

    func choose(_ first: YAMLEntry, _ entries: [YAMLEntry]) -> [Step] {
        guard let key = string(first.value, "choose") else { return [] }
        guard let variant = service.variant(key) else {
            sink.error(first.value, "\(service.name) declares no code variant '\(key)' (under variants:)" + sink.hint(key, service.variants.map { $0.key }))
            return []
        }
        var alternatives: [StepChoice.Alternative] = []
        for value in variant.values {
            alternatives.append(.init(value, steps(entries.first { $0.key == value }?.value, value)))
        }
        return [.choose(StepChoice(property: variant.key, default: variant.defaultValue, alternatives))]
    }

    func invoke(_ first: YAMLEntry) -> [Step] {
        guard let name = string(first.value, "invoke") else { return [] }
        guard let method = service.methods.first(where: { $0.key == name }) else {
            sink.error(first.value, "the aggregate has no method '\(name)' (under methods:)" + sink.hint(name, service.methods.map { $0.key }))
            return []
        }
        guard !invoking.contains(name) else { sink.error(first.value, "method '\(name)' invokes itself"); return [] }
        var inner = self
        inner.invoking.append(name)
        return inner.steps(method.value, name)
    }
}
