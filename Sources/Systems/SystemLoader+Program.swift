import Foundation
import Infrastructure
import Formats

extension SystemLoader {
    /// Second pass: the service's code (hooks, policies, views), its starting
    /// configuration and its Deployment.
    func service(_ s: ServiceShape, _ app: ApplicationFile?, _ all: [ServiceShape], _ keys: ApplicationKeys, _ sink: ProblemSink) -> ServiceDefinition? {
        let node = s.node
        var program = ServiceProgram()
        if let hooks = node["aggregate"]?["hooks"], let entries = sink.mapping(hooks, "hooks", allowed: SystemLoader.hookNames) {
            for h in entries { readHook(h, s, &program, sink) }
        }
        if let controller = node["aggregate"]?["controller"], let entries = sink.mapping(controller, "controller") {
            for e in entries { readControllerMethod(e, s, &program.endpoints, sink) }
        }
        for (key, kind) in [("policies", EventHandler.Kind.policy), ("views", .view)] {
            guard let list = node[key] else { continue }
            for item in sink.list(list, key) {
                guard let h = handler(item, kind, s, all, sink) else { continue }
                // Hibernate runs @PrePersist/@PostPersist whoever inserts the entity; the model
                // runs a policy's insert (create, then save) with its lifecycle events only,
                // so a persist hook with other steps would be skipped: refused, not ignored.
                // (A found row's save is an update: @PreUpdate/@PostUpdate, events only.)
                let hookSteps = program.prePersist.count + program.postPersist.count
                if hookSteps > 0, SystemLoader.contains(h.steps, where: { if case .newRow = $0 { return true }; return false }),
                   SystemLoader.contains(h.steps, where: { if case .save = $0 { return true }; return false }), let at = item["steps"] {
                    sink.error(at, "\(key == "views" ? "a view" : "a policy")'s insert of \(s.entity) would run its @PrePersist/@PostPersist steps (\(hookSteps) besides publishAfterCommit), which the model runs only for a request's insert: not modelled")
                }
                program.handlers.append(h)
            }
        }
        // The configuration its processes start from: the application.yml keys `apply` names.
        var settings: [(String, String)] = []
        if let app = app {
            let prefixes = node["apply"].map { sink.list($0, "apply").compactMap { sink.string($0, "apply") } }
            let fileSink = ProblemSink(file: (directory as NSString).appendingPathComponent(applicationPath(s, sink)))
            var probe = SpringBootConfig()
            probe.applicationKeys = keys
            for e in app.entries where prefixes.map({ ps in ps.contains { e.key == $0 || e.key.hasPrefix($0 + ".") } }) ?? true {
                do { try probe.set(e.key, e.value); settings.append((e.key, e.value)) } catch let v as ValueError {
                    fileSink.error(e.node, "\(e.key): \(v.message)")
                } catch {}
            }
            sinks.append(fileSink)
        }
        guard let (replicas, template) = deployment(s, sink) else { return nil }
        var schemaFields: [(String, EntitySchema.FieldType)] = []
        for (n, t) in s.fields { schemaFields.append((n, SystemLoader.fieldTypes[t] ?? .string)) }
        let rel = s.entity.isEmpty ? s.name : String(s.entity.prefix(1)).lowercased() + s.entity.dropFirst()
        let schema = EntitySchema(name: rel, collection: String(s.path.dropFirst()), fields: schemaFields)
        let eventFields = s.events.map { e in
            (e.name, e.fields.map { f in EventField(name: f.0, type: f.1, copied: s.fields.contains { $0.0 == f.0 && sameType($0.1, f.1) }) })
        }
        var calls: [FeignCallSummary] = []
        for c in s.clients {
            for m in c.methods {
                calls.append(FeignCallSummary(configKey: c.interface + m.configKey, client: c.name, method: m.verb, path: m.path,
                                              target: c.target?.name ?? "?", fallback: c.fallback.summary))
            }
        }
        return ServiceDefinition(name: s.name, port: s.port, settings: settings, replicas: replicas, template: template,
                                 schema: schema, program: program, eventFields: eventFields, feignCalls: calls,
                                 database: node["database"]?.text?.lowercased() ?? "h2")
    }

    /// Whether a program has a step that `test` accepts, at any depth.
    static func contains(_ steps: [Step], where test: (Step) -> Bool) -> Bool {
        steps.contains { step in
            if test(step) { return true }
            switch step {
            case .transaction(let body): return contains(body, where: test)
            case .when(_, let then, let otherwise): return contains(then, where: test) || contains(otherwise, where: test)
            case .choose(let c): return c.alternatives.contains { contains($0.steps, where: test) }
            default: return false
            }
        }
    }

    /// Whether `copyProperties` copies between the types (a primitive and its wrapper count as one).
    func sameType(_ a: String, _ b: String) -> Bool {
        let wrappers = ["int": "Integer", "long": "Long", "double": "Double", "float": "Float", "short": "Short"]
        return (wrappers[a] ?? a) == (wrappers[b] ?? b)
    }

    /// A JPA callback: its steps, the events it publishes after commit at its top level
    /// (an insert's or an update's lifecycle events).
    func readHook(_ h: YAMLEntry, _ s: ServiceShape, _ program: inout ServiceProgram, _ sink: ProblemSink) {
        let reader = StepReader(service: s, sink: sink, place: .hook)
        var steps: [Step] = []
        var events: [String] = []
        for item in sink.list(h.value, h.key) {
            if let v = item["publishAfterCommit"], item.entries?.count == 1 {
                for n in sink.list(v, "publishAfterCommit") { if let e = sink.string(n, "publishAfterCommit").flatMap({ reader.published($0, at: n) }) { events.append(e) } }
                continue
            }
            steps += reader.step(item)
        }
        switch h.key {
        case "PrePersist": program.prePersist = steps; program.insertEvents += events
        case "PostPersist": program.postPersist = steps; program.insertEvents += events
        case "PostUpdate": program.updateEvents = events
        default:
            if !events.isEmpty { sink.error(h, "@\(h.key) publishing events is not modelled (an insert's events go in @PostPersist, an update's in @PostUpdate)") }
        }
        if !steps.isEmpty && !["PrePersist", "PostPersist"].contains(h.key) {
            sink.error(h, "@\(h.key) steps other than publishAfterCommit are not modelled: the model runs @PrePersist and @PostPersist programs")
        }
    }

    /// A `@RestController` method on one of the repository's own paths (`VERB /things` or
    /// `VERB /things/{id}`), which does its own steps and then what the repository's
    /// endpoint does (`repository`, last): the test delays' `Thread.sleep` before
    /// `findById`, a print. Other steps, and other paths, are refused as not modelled.
    func readControllerMethod(_ e: YAMLEntry, _ s: ServiceShape, _ endpoints: inout DataRestEndpoints, _ sink: ProblemSink) {
        let words = e.key.split(separator: " ").map(String.init)
        let item = s.path + "/{id}"
        guard words.count == 2, ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(words[0]), [s.path, item].contains(words[1]) else {
            sink.error(e, "a controller method is 'VERB PATH' on the repository's own paths (\(s.path) or \(item)): found '\(e.key)'; other paths are not modelled")
            return
        }
        let items = sink.list(e.value, e.key)
        guard let last = items.last, last.text == "repository" else {
            sink.error(e.value, "a controller method ends with 'repository' (it returns what the repository's endpoint gives; a body of its own is not modelled)")
            return
        }
        let reader = StepReader(service: s, sink: sink, place: .endpoint)
        var steps: [Step] = []
        for i in items.dropLast() {
            let key = i.entries?.first?.key ?? i.text ?? ""
            guard ["sleep", "print"].contains(key) else {
                sink.error(i, "a controller step '\(key)' is not modelled (a controller method may sleep and print before the repository)")
                continue
            }
            steps += reader.step(i)
        }
        switch (words[0], words[1] == item) {
        case ("GET", true): endpoints.read = steps + endpoints.read
        case ("GET", false): endpoints.list = steps + endpoints.list
        case ("POST", false): endpoints.create = steps + endpoints.create
        case ("PUT", true), ("PATCH", true): endpoints.update = steps + endpoints.update
        case ("DELETE", true): endpoints.delete = steps + endpoints.delete
        default: sink.error(e, "\(words[0]) \(words[1]) is not an endpoint the repository exports")
        }
    }

    /// A policy (`PolicyHandler.whenever...`) or a view handler: on an event, when its
    /// conditions hold, steps in one transaction.
    func handler(_ item: YAMLNode, _ kind: EventHandler.Kind, _ s: ServiceShape, _ all: [ServiceShape], _ sink: ProblemSink) -> EventHandler? {
        let what = kind == .policy ? "a policy" : "a view"
        guard sink.mapping(item, what, allowed: ["on", "when", "steps"]) != nil else { return nil }
        guard let onNode = item["on"], let on = sink.string(onNode, "on") else { sink.error(item, "\(what) needs on: EVENT"); return nil }
        let events = all.flatMap { sh in sh.events.map { $0.name } }
        guard let fields = all.lazy.compactMap({ $0.event(on) }).first else {
            sink.error(onNode, "\(what) on '\(on)', which no service publishes" + sink.hint(on, events))
            return nil
        }
        let reader = StepReader(service: s, sink: sink, place: .policy, event: fields)
        let conditions = item["when"].map { sink.list($0, "when").compactMap { n in sink.string(n, "when").flatMap { reader.expr.condition($0, at: n) } } } ?? []
        if s.fields.count > 1, item["steps"] == nil { sink.error(item, "\(what) needs steps:") }
        let steps = reader.steps(item["steps"], "steps")
        return EventHandler(kind, on, when: conditions, DataRestEndpoints.handlerTransaction(steps))
    }

    /// The Deployment's replicas and pod template from the service's manifest.
    func deployment(_ s: ServiceShape, _ sink: ProblemSink) -> (Int, PodTemplate)? {
        let relative = s.node["deployment"].flatMap { sink.string($0, "deployment") } ?? "kubernetes/\(s.name).yml"
        let path = (directory as NSString).appendingPathComponent(relative)
        let at = s.node["deployment"] ?? s.node
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            sink.error(at, "cannot read the Deployment '\(relative)' (a path relative to the system's folder)")
            return nil
        }
        let fileSink = ProblemSink(file: path)
        defer { sinks.append(fileSink) }
        do {
            for object in try Manifest.read(text, services: [s.name]) {
                if case .deployment(_, let replicas, let template, _, _, _) = object { return (replicas ?? 1, template) }
            }
            fileSink.error(1, 1, "no Deployment named \(s.name)")
        } catch let p as Manifest.Problem { fileSink.error(p.line, p.column, p.message) } catch {}
        return nil
    }

    /// `invariants:`: each row of a service, by its status field, what other rows must hold.
    func readInvariants(_ node: YAMLNode, _ all: [ServiceShape], _ sink: ProblemSink) -> Invariants? {
        guard sink.mapping(node, "invariants", allowed: ["each", "status", "when"]) != nil,
              let eachNode = node["each"], let each = sink.string(eachNode, "each"),
              let status = node["status"].flatMap({ sink.string($0, "status") }),
              let cases = node["when"].flatMap({ sink.mapping($0, "when") }) else {
            sink.error(node, "invariants need each: SERVICE, status: FIELD and when: {STATUS: [rules]}")
            return nil
        }
        func shape(_ name: String, _ n: YAMLNode) -> ServiceShape? {
            if let s = all.first(where: { $0.name == name }) { return s }
            sink.error(n, "no service '\(name)'" + sink.hint(name, all.map { $0.name }))
            return nil
        }
        guard let subject = shape(each, eachNode) else { return nil }
        if !subject.fields.contains(where: { $0.0 == status }) {
            sink.error(node["status"] ?? node, "\(each) has no field '\(status)'" + sink.hint(status, subject.fields.map { $0.0 }))
        }
        var out: [(status: String, rules: [Invariants.Rule])] = []
        for c in cases {
            var rules: [Invariants.Rule] = []
            for r in sink.list(c.value, c.key) {
                guard sink.mapping(r, "a rule", allowed: ["row", "id", "where", "latest", "required", "field", "is"]) != nil,
                      let rowNode = r["row"], let row = sink.string(rowNode, "row"), let other = shape(row, rowNode) else { continue }
                let lookup: Invariants.Rule.Lookup
                if let f = r["id"].flatMap({ sink.string($0, "id") }) {
                    if !subject.fields.contains(where: { $0.0 == f }) { sink.error(r["id"] ?? r, "\(each) has no field '\(f)'" + sink.hint(f, subject.fields.map { $0.0 })) }
                    lookup = .id(f)
                } else if let f = r["where"].flatMap({ sink.string($0, "where") }) {
                    if !other.fields.contains(where: { $0.0 == f }) { sink.error(r["where"] ?? r, "\(row) has no field '\(f)'" + sink.hint(f, other.fields.map { $0.0 })) }
                    lookup = .where_(f)
                } else { sink.error(r, "a rule needs id: FIELD (the row's id) or where: FIELD (the row's field holding the id)"); continue }
                let field = r["field"].flatMap { sink.string($0, "field") }
                if let f = field, !other.fields.contains(where: { $0.0 == f }) { sink.error(r["field"] ?? r, "\(row) has no field '\(f)'" + sink.hint(f, other.fields.map { $0.0 })) }
                func flag(_ key: String) -> Bool {
                    guard let n = r[key] else { return false }
                    guard case .bool(let b)? = n.scalar else { sink.error(n, "\(key) must be true or false"); return false }
                    return b
                }
                rules.append(Invariants.Rule(service: row, lookup: lookup, latest: flag("latest"),
                                             required: flag("required"), field: field, expected: r["is"].flatMap { sink.string($0, "is") }))
            }
            out.append((c.key, rules))
        }
        return Invariants(each: each, status: status, cases: out)
    }
}
