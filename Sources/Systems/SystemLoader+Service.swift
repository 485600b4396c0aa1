import Foundation
import Infrastructure
import Formats

extension SystemLoader {
    static let aggregateKeys = ["entity", "path", "id", "fields", "hooks", "methods", "controller"]
    static let hookNames = ["PrePersist", "PostPersist", "PreUpdate", "PostUpdate", "PreRemove", "PostRemove"]
    static let fieldTypes: [String: EntitySchema.FieldType] = [
        "String": .string, "Long": .long, "long": .long, "Integer": .long, "int": .long,
        "Double": .double, "double": .double, "Float": .double, "float": .double,
    ]

    /// First pass: the application.yml, the runtime and database, the entity, events,
    /// variants and methods.
    func readShape(_ s: ServiceShape, _ sink: ProblemSink) -> ApplicationFile? {
        let node = s.node
        if let r = node["runtime"], let runtime = sink.string(r, "runtime"), runtime != "spring-boot" {
            sink.error(r, "the runtime '\(runtime)' is not modelled: the model runs Spring Boot (Spring MVC) services only (runtime: spring-boot)")
        }
        if let d = node["database"], let db = sink.string(d, "database"), !["h2", "hsqldb"].contains(db.lowercased()) {
            sink.error(d, "the database '\(db)' is not modelled: the model runs the in-memory H2 or HSQLDB (database: h2)")
        }
        let app = application(applicationPath(s, sink), profile: profile, at: node["application"] ?? node, sink: sink)
        if let (p, pnode) = app?.value("server.port") {
            if let port = Int(p), (1...65535).contains(port) { s.port = port } else { sinks.last?.error(pnode, "server.port must be a port number (found '\(p)')") }
        } else if app != nil {
            sink.error(node["application"] ?? node, "\(s.name)'s application.yml sets no server.port for profile '\(profile)' (its localhost port)")
        }
        if let v = node["variants"], let entries = sink.mapping(v, "variants") {
            for e in entries {
                guard let m = sink.mapping(e.value, "variant \(e.key)", allowed: ["values", "default", "doc"]) else { continue }
                _ = m
                let values = e.value["values"].map { sink.list($0, "values").compactMap { sink.string($0, "a value") } } ?? []
                guard values.count >= 2 else { sink.error(e, "variant \(e.key) needs values: [A, B, ...] (two or more)"); continue }
                let def = e.value["default"].flatMap { sink.string($0, "default") } ?? values[0]
                if !values.contains(def) { sink.error(e.value["default"] ?? e.value, "the default '\(def)' is not one of the values" + sink.hint(def, values)) }
                s.variants.append((e.key, values.map { $0.lowercased() }, def.lowercased()))
            }
        }
        guard let agg = node["aggregate"] else { sink.error(node, "service \(s.name) needs an aggregate: (its entity and repository)"); return app }
        guard sink.mapping(agg, "aggregate", allowed: SystemLoader.aggregateKeys) != nil else { return app }
        s.entity = agg["entity"].flatMap { sink.string($0, "entity") } ?? ""
        if s.entity.isEmpty { sink.error(agg, "the aggregate needs entity: (its class name)") }
        let rel = s.entity.isEmpty ? "" : String(s.entity.prefix(1)).lowercased() + s.entity.dropFirst()
        s.path = agg["path"].flatMap { sink.string($0, "path") } ?? "/\(rel)s"
        if !s.path.hasPrefix("/") || s.path.dropFirst().contains("/") {
            sink.error(agg["path"] ?? agg, "the repository path '\(s.path)' must be one segment such as /orders")
        }
        if let id = agg["id"], let how = sink.string(id, "id"), how != "sequence" {
            sink.error(id, "id generation '\(how)' is not modelled: the model draws ids from hibernate_sequence (GenerationType.AUTO with H2), id: sequence")
        }
        if let f = agg["fields"], let entries = sink.mapping(f, "fields") {
            for e in entries {
                guard let type = sink.string(e.value, "the type of \(e.key)") else { continue }
                if e.key == "id" { sink.error(e, "the id is implicit (a Long from hibernate_sequence): leave it out of fields"); continue }
                guard SystemLoader.fieldTypes[type] != nil else {
                    sink.error(e.value, "the field type '\(type)' is not modelled" + sink.hint(type, ["String", "Long", "Integer", "Double", "Float"]))
                    continue
                }
                s.fields.append((e.key, type))
            }
        }
        if let m = agg["methods"], let entries = sink.mapping(m, "methods") { s.methods = entries }
        if let ev = node["events"], let entries = sink.mapping(ev, "events") {
            for e in entries {
                guard sink.mapping(e.value, "event \(e.key)", allowed: ["fields", "topic"]) != nil else { continue }
                var fields: [(String, String)] = []
                if let f = e.value["fields"], let fe = sink.mapping(f, "fields") {
                    for x in fe {
                        guard let type = sink.string(x.value, "the type of \(x.key)") else { continue }
                        // BeanUtils.copyProperties copies from the entity: a field it lacks stays null forever.
                        if !s.fields.contains(where: { $0.0 == x.key }) {
                            sink.error(x, "event \(e.key) copies '\(x.key)', which the entity \(s.entity) lacks" + sink.hint(x.key, s.fields.map { $0.0 }))
                        }
                        fields.append((x.key, type))
                    }
                } else { sink.error(e.value, "event \(e.key) needs fields: {NAME: TYPE, ...}") }
                s.events.append((e.key, fields, e.value))
            }
        }
        return app
    }

    /// The Feign clients: name, URL (a property with its default, or a literal), fallback, methods.
    func readClients(_ s: ServiceShape, _ all: [ServiceShape], _ sink: ProblemSink) {
        guard let node = s.node["feign-clients"], let entries = sink.mapping(node, "feign-clients") else { return }
        for e in entries {
            guard sink.mapping(e.value, "Feign client \(e.key)", allowed: ["name", "url", "fallback", "methods"]) != nil else { continue }
            let name = e.value["name"].flatMap { sink.string($0, "name") } ?? e.key
            guard let urlNode = e.value["url"], let url = sink.string(urlNode, "url") else { sink.error(e, "Feign client \(e.key) needs url: (${PROPERTY:DEFAULT} or a URL)"); continue }
            var property = "", defaultURL = url
            if url.hasPrefix("${") && url.hasSuffix("}") {
                let inner = url.dropFirst(2).dropLast()
                if let colon = inner.firstIndex(of: ":") {
                    property = String(inner[..<colon]); defaultURL = String(inner[inner.index(after: colon)...])
                } else {
                    sink.error(urlNode, "give the URL when \(inner) is unset: ${\(inner):HOST:PORT}")
                    continue
                }
            }
            let host = FeignCallStep.host(defaultURL)
            let target = all.first { "\($0.name):8080" == host || "localhost:\($0.port)" == host }
            if target == nil {
                sink.error(urlNode, "Feign client \(e.key) calls '\(host)', which is no service of the system (expected NAME:8080 or localhost:PORT)"
                           + sink.hint(String(host.split(separator: ":").first ?? ""), all.map { $0.name }))
            }
            var methods: [FeignMethodShape] = []
            if let m = e.value["methods"], let me = sink.mapping(m, "methods") {
                for x in me { if let method = feignMethod(x, target, sink) { methods.append(method) } }
            }
            s.clients.append(FeignClientShape(interface: e.key, name: name, urlProperty: property, defaultURL: defaultURL,
                                              target: target, fallback: fallback(e.value["fallback"], s, sink), methods: methods))
        }
    }

    /// `getStock(Long id): GET /stocks/{id}`, checked against the target's repository.
    func feignMethod(_ x: YAMLEntry, _ target: ServiceShape?, _ sink: ProblemSink) -> FeignMethodShape? {
        guard let open = x.key.firstIndex(of: "("), x.key.hasSuffix(")") else {
            sink.error(x, "'\(x.key)' is not a method signature (expected name(Type param, ...))"); return nil
        }
        let params = x.key[x.key.index(after: open)..<x.key.index(before: x.key.endIndex)].split(separator: ",").map { p -> (String, String) in
            let w = p.split(separator: " ").map(String.init)
            return (w.first ?? "", w.count > 1 ? w[1] : "")
        }
        guard let request = sink.string(x.value, "the request of \(x.key)") else { return nil }
        let words = request.split(separator: " ").map(String.init)
        guard words.count == 2, ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(words[0]), words[1].hasPrefix("/") else {
            sink.error(x.value, "'\(request)' is not a request (expected VERB /path, such as GET /orders/{id})"); return nil
        }
        if let t = target {
            let segments = words[1].split(separator: "/")
            let known = segments.first.map { "/" + $0 } == t.path && segments.count <= 2
            let verbOK = segments.count == 1 ? ["GET", "POST"].contains(words[0]) : ["GET", "PUT", "PATCH", "DELETE"].contains(words[0])
            if !known || !verbOK {
                sink.error(x.value, "\(t.name) serves no '\(request)' (its repository exports GET/POST \(t.path) and GET/PUT/PATCH/DELETE \(t.path)/{id})")
            }
        }
        let name = String(x.key[..<open]).trimmingSpaces
        return FeignMethodShape(name: name, params: params.map { (type: $0.0, name: $0.1) }, verb: words[0], path: words[1])
    }

    func fallback(_ node: YAMLNode?, _ s: ServiceShape, _ sink: ProblemSink) -> FeignFallback {
        guard let node = node else { return .none }
        func one(_ n: YAMLNode) -> FallbackClass? {
            if n.text == "none" { return nil }
            guard sink.mapping(n, "fallback", allowed: ["class", "prints", "returns", "throws"]) != nil else { return nil }
            let returns = n["returns"].map { $0.text == "null" ? JSON.null : $0.json } ?? .null
            return FallbackClass(name: n["class"].flatMap { sink.string($0, "class") } ?? "Fallback", prints: n["prints"].flatMap { sink.int($0, "prints", 0...100) } ?? 0,
                                 returns: returns, throwsMessage: n["throws"].flatMap { sink.string($0, "throws") })
        }
        guard let key = node["choose"] else { return one(node).map { .fixed($0) } ?? .none }
        guard let k = sink.string(key, "choose"), let v = s.variant(k) else {
            sink.error(key, "\(s.name) declares no code variant '\(key.text ?? "")'" + sink.hint(key.text ?? "", s.variants.map { $0.key }))
            return .none
        }
        for e in node.entries ?? [] where e.key != "choose" && !v.values.contains(e.key) {
            sink.error(e, "'\(e.key)' is not a value of \(v.key)" + sink.hint(e.key, v.values))
        }
        return .choose(key: v.key, v.values.map { value in (value, node[value].flatMap(one)) })
    }
}
