import Foundation
import Infrastructure
import Formats

/// Reads a system's folder (`systems/NAME/`: system.yml, the services' and the gateway's
/// application.yml, the Kubernetes manifests) into a checked `SystemDefinition`, or every
/// problem found, each at its file, line and column. docs/SYSTEMS.md describes the format.
public final class SystemLoader {
    let directory: String
    let file: String
    var sinks: [ProblemSink] = []
    var profile = "default"

    init(directory: String) {
        self.directory = directory
        file = (directory as NSString).appendingPathComponent("system.yml")
    }

    static let topKeys = ["system", "profile", "gateway", "services", "invariants"]
    static let serviceKeys = ["application", "apply", "deployment", "database", "runtime", "variants", "feign-clients",
                              "aggregate", "events", "policies", "views"]

    /// Loads the system in `directory`.
    public static func load(directory: String) -> Result<SystemDefinition, SystemErrors> {
        let loader = SystemLoader(directory: directory)
        let system = loader.read()
        let problems = loader.sinks.flatMap { $0.problems }
        if let s = system, problems.isEmpty { return .success(s) }
        // Each file's problems together (files in the order first met), by line and column.
        var files: [String] = []
        for p in problems where !files.contains(p.file) { files.append(p.file) }
        let sorted = problems.enumerated().sorted { a, b in
            let fa = files.firstIndex(of: a.element.file) ?? 0, fb = files.firstIndex(of: b.element.file) ?? 0
            return (fa, a.element.line, a.element.column, a.offset) < (fb, b.element.line, b.element.column, b.offset)
        }.map { $0.element }
        return .failure(SystemErrors(problems: sorted.isEmpty ? [SystemProblem(file: loader.file, line: 0, column: 0, message: "the system could not be read")] : sorted))
    }

    func read() -> SystemDefinition? {
        let sink = ProblemSink(file: file)
        sinks.append(sink)
        guard let data = FileManager.default.contents(atPath: file) else {
            sink.error(0, 0, FileManager.default.fileExists(atPath: directory) ? "no system.yml in \(directory)" : "no such system folder")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else { sink.error(0, 0, "is not UTF-8 text"); return nil }
        let root: YAMLNode
        do {
            let docs = try YAML.nodes(text)
            guard docs.count == 1, let r = docs.first else { sink.error(1, 1, "system.yml must be one YAML document (found \(docs.count))"); return nil }
            root = r
        } catch let f as YAML.Failure { sink.error(f.line, f.column, f.message); return nil } catch { return nil }
        guard sink.mapping(root, "system.yml", allowed: SystemLoader.topKeys) != nil else { return nil }
        let name = root["system"].flatMap { sink.string($0, "system") } ?? (directory as NSString).lastPathComponent
        if let p = root["profile"].flatMap({ sink.string($0, "profile") }) { profile = p }
        guard let servicesNode = root["services"], let serviceEntries = sink.mapping(servicesNode, "services") else {
            sink.error(root, "system.yml needs services: (each service by name)")
            return nil
        }
        // First pass: each service's shape (port, entity, fields, events, variants).
        var shapes: [ServiceShape] = []
        var apps: [ApplicationFile?] = []
        for e in serviceEntries {
            guard valid(name: e.key) else { sink.error(e, "'\(e.key)' is not a service name (lowercase letters, digits and '-', as a Kubernetes Deployment)"); continue }
            let shape = ServiceShape(name: e.key, node: e.value)
            guard sink.mapping(e.value, "service \(e.key)", allowed: SystemLoader.serviceKeys) != nil else { continue }
            apps.append(readShape(shape, sink))
            shapes.append(shape)
        }
        // Feign clients need every service's port and path.
        for s in shapes { readClients(s, shapes, sink) }
        var keys = ApplicationKeys()
        for s in shapes {
            for v in s.variants { keys.addSwitch(v.key, values: v.values) }
            for c in s.clients { keys.addFeignURL(c.urlProperty) }
        }
        // Second pass: each service's code and configuration.
        var topic: String?
        var services: [ServiceDefinition] = []
        for (shape, app) in zip(shapes, apps) {
            let t = topicOf(shape, app, sink)
            if let t = t, let first = topic, first != t {
                sink.error(shape.node, "\(shape.name) publishes on topic '\(t)', the others on '\(first)': the model runs one topic, as the template does")
            }
            topic = topic ?? t
            if let s = service(shape, app, shapes, keys, sink) { services.append(s) }
        }
        let (routes, hosts) = root["gateway"].map { gatewayRoutes($0, sink: sink, services: shapes) } ?? ([], ["gateway:8080", "localhost:8080"])
        var events: [EventDefinition] = []
        for s in services { for (n, f) in s.eventFields { events.append(EventDefinition(name: n, publisher: s.name, fields: f)) } }
        let invariants = root["invariants"].flatMap { readInvariants($0, shapes, sink) }
        return SystemDefinition(name: name, directory: directory, services: services, topic: topic ?? name.replacingOccurrences(of: "-", with: ""),
                                routes: routes, gatewayHosts: hosts, events: events, invariants: invariants, applicationKeys: keys)
    }

    func valid(name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }
    }

    /// The service's topic and consumer group from its bindings (`event-in`, `event-out`).
    func topicOf(_ shape: ServiceShape, _ app: ApplicationFile?, _ sink: ProblemSink) -> String? {
        guard let app = app else { return nil }
        let fileSink = ProblemSink(file: (directory as NSString).appendingPathComponent(applicationPath(shape, sink)))
        defer { sinks.append(fileSink) }
        var topic: String?
        for binding in ["event-in", "event-out"] {
            guard let (d, node) = app.value("spring.cloud.stream.bindings.\(binding).destination") else { continue }
            if let t = topic, t != d { fileSink.error(node, "\(binding)'s destination '\(d)' is not event-in's '\(t)': the model runs one topic") }
            topic = topic ?? d
        }
        if let (g, node) = app.value("spring.cloud.stream.bindings.event-in.group"), g != shape.name {
            fileSink.error(node, "the consumer group '\(g)' is not the service's name '\(shape.name)': the model names each group after its service")
        }
        return topic
    }

    func applicationPath(_ shape: ServiceShape, _ sink: ProblemSink) -> String {
        shape.node["application"].flatMap { sink.string($0, "application") } ?? "\(shape.name)/application.yml"
    }
}
