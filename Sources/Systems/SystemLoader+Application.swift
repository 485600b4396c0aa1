import Foundation
import Infrastructure
import Formats

/// What the loader takes from a Spring Boot application.yml: the documents without a
/// profile and those of the profile read, flattened to Spring's dotted keys in order.
struct ApplicationFile {
    var entries: [(key: String, value: String, node: YAMLNode)] = []

    /// The last value of a key (later documents override earlier ones).
    func value(_ key: String) -> (value: String, node: YAMLNode)? {
        let c = SpringBootConfig.canonical(key)
        return entries.last { SpringBootConfig.canonical($0.key) == c }.map { ($0.value, $0.node) }
    }
    func withPrefix(_ prefix: String) -> [(key: String, value: String, node: YAMLNode)] {
        entries.filter { $0.key == prefix || $0.key.hasPrefix(prefix + ".") }
    }
}

extension SystemLoader {
    /// Reads an application.yml (a path relative to the system's folder) for `profile`.
    func application(_ relative: String, profile: String, at node: YAMLNode, sink: ProblemSink) -> ApplicationFile? {
        let path = (directory as NSString).appendingPathComponent(relative)
        guard let docs = yamlDocuments(path, named: relative, at: node, from: sink) else { return nil }
        let fileSink = ProblemSink(file: path)
        defer { sinks.append(fileSink) }
        var file = ApplicationFile()
        for doc in docs {
            var flat: [(String, String, YAMLNode)] = []
            flatten("", doc, into: &flat)
            let profiles = flat.first { $0.0 == "spring.profiles" }?.1
            if let p = profiles, !p.split(separator: ",").map({ String($0).trimmingSpaces }).contains(profile) { continue }
            file.entries += flat.filter { $0.0 != "spring.profiles" }
        }
        checkSupported(file, fileSink)
        return file
    }

    func flatten(_ prefix: String, _ node: YAMLNode, into out: inout [(String, String, YAMLNode)]) {
        switch node.kind {
        case .mapping(let m): for e in m { flatten(prefix.isEmpty ? e.key : prefix + "." + e.key, e.value, into: &out) }
        case .sequence(let s): for (i, x) in s.enumerated() { flatten("\(prefix)[\(i)]", x, into: &out) }
        case .scalar(let j): if !j.isNull { out.append((prefix, node.text ?? "", node)) }
        }
    }

    /// Another database, binder or web stack than the model's is an error that names it.
    func checkSupported(_ file: ApplicationFile, _ sink: ProblemSink) {
        if let (url, node) = file.value("spring.datasource.url") {
            let lower = url.lowercased()
            if !(lower.hasPrefix("jdbc:h2:") || lower.hasPrefix("jdbc:hsqldb:")) {
                let db = lower.split(separator: ":").dropFirst().first.map(String.init) ?? url
                sink.error(node, "the database '\(db)' (\(url)) is not modelled: the model runs the in-memory H2 or HSQLDB the template uses")
            }
        }
        for e in file.entries where e.key.hasPrefix("spring.data.mongodb") || e.key.hasPrefix("spring.rabbitmq")
            || e.key.hasPrefix("spring.cloud.stream.rabbit") {
            let what = e.key.hasPrefix("spring.data.mongodb") ? "the database MongoDB" : "the binder RabbitMQ"
            sink.error(e.node, "\(what) (\(e.key)) is not modelled: the model runs H2 and Kafka")
            break
        }
        for key in ["spring.cloud.stream.default-binder", "spring.cloud.stream.defaultBinder"] {
            if let (b, node) = file.value(key), b.lowercased() != "kafka" {
                sink.error(node, "the binder '\(b)' is not modelled: the model's binder is Kafka")
            }
        }
        if let (t, node) = file.value("spring.main.web-application-type"), t.lowercased() == "reactive" {
            sink.error(node, "WebFlux (spring.main.web-application-type: reactive) is not modelled: the model runs Spring MVC on Tomcat")
        }
    }

    /// A YAML file's documents as nodes, or nil with an error (at the file's own position
    /// for a YAML problem, at `node` when it cannot be read).
    func yamlDocuments(_ path: String, named: String, at node: YAMLNode, from sink: ProblemSink) -> [YAMLNode]? {
        guard !named.hasPrefix("/") else {
            sink.error(node, "'\(named)' is an absolute path: a system's files are named relative to its folder (such as \(named.split(separator: "/").last.map(String.init) ?? "application.yml"))")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else {
            sink.error(node, "cannot read '\(named)' (a path relative to the system's folder): \(FileManager.default.fileExists(atPath: path) ? "empty or unreadable" : "no such file")")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else { sink.error(node, "'\(named)' is not UTF-8 text"); return nil }
        do { return try YAML.nodes(text) } catch let f as YAML.Failure {
            let s = ProblemSink(file: path)
            s.error(f.line, f.column, f.message)
            sinks.append(s)
        } catch {}
        return nil
    }

    /// The gateway's routes from its application.yml's `spring.cloud.gateway.routes`:
    /// each `Path=` pattern (`/orders/**`) a prefix, its `uri`'s host a service.
    func gatewayRoutes(_ node: YAMLNode, sink: ProblemSink, services: [ServiceShape]) -> (routes: [GatewayRoute], hosts: [String]) {
        var hosts = ["gateway:8080", "localhost:8080"]
        guard let entries = sink.mapping(node, "gateway", allowed: ["application", "routes-profile"]) else { return ([], hosts) }
        _ = entries
        let relative = node["application"].flatMap { sink.string($0, "application") } ?? "gateway/application.yml"
        let routesProfile = node["routes-profile"].flatMap { sink.string($0, "routes-profile") } ?? profile
        guard let local = application(relative, profile: profile, at: node["application"] ?? node, sink: sink),
              let cluster = application(relative, profile: routesProfile, at: node["application"] ?? node, sink: sink) else { return ([], hosts) }
        if let (p, pnode) = local.value("server.port") {
            if let port = Int(p), (1...65535).contains(port) {
                if !hosts.contains("localhost:\(port)") { hosts.append("localhost:\(port)") }
            } else { sinks.last?.error(pnode, "server.port must be a port number, 1 to 65535 (found '\(p)')") }
        }
        let fileSink = ProblemSink(file: (directory as NSString).appendingPathComponent(relative))
        defer { sinks.append(fileSink) }
        var routes: [GatewayRoute] = []
        var i = 0
        while let (uri, unode) = cluster.value("spring.cloud.gateway.routes[\(i)].uri") {
            var host = uri
            for scheme in ["http://", "https://", "lb://"] where host.hasPrefix(scheme) { host.removeFirst(scheme.count) }
            if let slash = host.firstIndex(of: "/") { host = String(host[..<slash]) }
            let name = String(host.split(separator: ":").first ?? "")
            guard let target = services.first(where: { $0.name == name || "localhost:\($0.port)" == host }) else {
                fileSink.error(unode, "the route's uri '\(uri)' reaches no service of the system" + fileSink.hint(name, services.map { $0.name }))
                i += 1; continue
            }
            var j = 0
            while let (pred, pnode) = cluster.value("spring.cloud.gateway.routes[\(i)].predicates[\(j)]") {
                j += 1
                guard pred.hasPrefix("Path=") else { fileSink.error(pnode, "only Path= predicates are modelled (found '\(pred)')"); continue }
                for pattern in pred.dropFirst(5).split(separator: ",").map({ String($0).trimmingSpaces }) where !pattern.isEmpty {
                    var prefix = pattern
                    if prefix.hasSuffix("/**") { prefix.removeLast(3) }
                    routes.append(GatewayRoute(prefix: prefix, service: target.name, host: "\(target.name):8080"))
                }
            }
            i += 1
        }
        if routes.isEmpty {
            sink.error(node, "the gateway's \(relative) has no spring.cloud.gateway.routes with a Path= predicate for the profile '\(routesProfile)': every request would answer 404")
        }
        return (routes, hosts)
    }
}
