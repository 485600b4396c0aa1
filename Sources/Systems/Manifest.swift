import Foundation
import SimCore
import Infrastructure
import Formats

/// A Kubernetes object from a manifest, reduced to what the model uses.
public enum KubeObject: Sendable {
    case deployment(name: String, replicas: Int?, template: PodTemplate, maxSurge: IntOrPercent?, maxUnavailable: IntOrPercent?, minReadySeconds: SimDuration?)
    case service(name: String)
    case autoscaler(name: String, target: String, min: Int, max: Int, cpuPercent: Int)
    case configMap(name: String, data: [(String, String)])

    public var kindAndName: String {
        switch self {
        case .deployment(let n, _, _, _, _, _): return "deployment.apps/\(n)"
        case .service(let n): return "service/\(n)"
        case .autoscaler(let n, _, _, _, _): return "horizontalpodautoscaler.autoscaling/\(n)"
        case .configMap(let n, _): return "configmap/\(n)"
        }
    }
}

/// Reads Kubernetes manifests (several documents per file) into `KubeObject`s, each error
/// at the line and column of the value it concerns (a missing key at its mapping, or at the
/// document's first key).
public enum Manifest {
    public struct Problem: Error { public let line: Int; public let column: Int; public let message: String }

    public static func read(_ text: String, services: [String]) throws -> [KubeObject] {
        let docs: [YAMLNode]
        do { docs = try YAML.nodes(text) } catch let e as YAML.Failure { throw Problem(line: e.line, column: e.column, message: e.message) }
        return try docs.map { try object($0, services: services) }
    }

    static func fail(_ m: String, at node: YAMLNode) -> Problem { Problem(line: node.line, column: node.column, message: m) }

    static func object(_ d: YAMLNode, services: [String]) throws -> KubeObject {
        guard let kindNode = d["kind"], let kind = kindNode.string else {
            throw fail("a manifest needs 'kind' (Deployment, Service, HorizontalPodAutoscaler or ConfigMap)", at: d["kind"] ?? d)
        }
        guard let nameNode = d["metadata"]?["name"], let name = nameNode.string else { throw fail("\(kind) needs metadata.name", at: d["metadata"] ?? d) }
        if let versionNode = d["apiVersion"], let version = versionNode.string, let served = apiVersions[kind], !served.contains(version) {
            throw fail("no matches for kind \"\(kind)\" in version \"\(version)\" (kubectl's error; expected \(served.joined(separator: " or ")))", at: versionNode)
        }
        switch kind {
        case "Deployment":
            guard services.contains(name) else {
                throw fail("Deployment '\(name)' is not one of the system's services (expected one of: \(services.joined(separator: ", ")))", at: nameNode)
            }
            let spec = d["spec"]
            guard let containers = spec?["template"]?["spec"]?["containers"]?.items, let c = containers.first else {
                throw fail("Deployment \(name) needs spec.template.spec.containers", at: spec?["template"]?["spec"] ?? spec?["template"] ?? spec ?? d)
            }
            var t = PodTemplate(image: c["image"]?.string ?? "username/\(name):latest")
            for e in c["env"]?.items ?? [] {
                guard let k = e["name"]?.string else { throw fail("an env entry needs a name", at: e) }
                if let v = e["value"]?.json { t.env.append((k, .value(v.stringValue ?? v.compact))) }
                else if let ref = e["valueFrom"]?["configMapKeyRef"], let cm = ref["name"]?.string, let key = ref["key"]?.string {
                    t.env.append((k, .configMapKey(name: cm, key: key)))
                } else { throw fail("env '\(k)' needs value or valueFrom.configMapKeyRef (name, key)", at: e) }
            }
            for f in c["envFrom"]?.items ?? [] { if let n = f["configMapRef"]?["name"]?.string { t.envFrom.append(n) } }
            t.cpuRequest = try cpu(c["resources"]?["requests"]?["cpu"])
            t.cpuLimit = try cpu(c["resources"]?["limits"]?["cpu"])
            if let request = t.cpuRequest, let limit = t.cpuLimit, request > limit, let node = c["resources"]?["requests"]?["cpu"] {
                throw fail("resources.requests.cpu \(request)m must be less than or equal to the cpu limit \(limit)m (the API server's validation)", at: node)
            }
            t.readiness = try probe(c["readinessProbe"], "readinessProbe")
            t.liveness = try probe(c["livenessProbe"], "livenessProbe")
            t.startup = try probe(c["startupProbe"], "startupProbe")
            if let r = spec?["template"]?["metadata"]?["annotations"]?["kubectl.kubernetes.io/restartedAt"]?.string { t.restartedAt = r }
            let ru = spec?["strategy"]?["rollingUpdate"]
            let surge = try intOrPercent(ru?["maxSurge"], "maxSurge"), unavailable = try intOrPercent(ru?["maxUnavailable"], "maxUnavailable")
            if let s = surge, let u = unavailable, s.isZero, u.isZero, let node = ru?["maxUnavailable"] {
                // ValidateRollingUpdateDeployment: such a rollout could never move.
                throw fail("maxUnavailable may not be 0 when maxSurge is 0 (the API server's validation)", at: node)
            }
            return .deployment(name: name, replicas: try int(spec?["replicas"], "spec.replicas", 0...1000), template: t,
                               maxSurge: surge, maxUnavailable: unavailable,
                               minReadySeconds: try int(spec?["minReadySeconds"], "minReadySeconds", 0...86400).map { .seconds(Int64($0)) })
        case "Service":
            return .service(name: name)
        case "HorizontalPodAutoscaler":
            let spec = d["spec"]
            guard let targetNode = spec?["scaleTargetRef"]?["name"], let target = targetNode.string else {
                throw fail("HorizontalPodAutoscaler needs spec.scaleTargetRef.name", at: spec?["scaleTargetRef"] ?? spec ?? d)
            }
            guard services.contains(target) else { throw fail("HorizontalPodAutoscaler targets '\(target)', which is not one of the system's services", at: targetNode) }
            let minR = try int(spec?["minReplicas"], "minReplicas", 1...1000) ?? 1
            guard let maxR = try int(spec?["maxReplicas"], "maxReplicas", 1...1000), maxR >= minR else {
                throw fail("HorizontalPodAutoscaler needs maxReplicas, at least minReplicas", at: spec?["maxReplicas"] ?? spec ?? d)
            }
            var cpuTarget = try int(spec?["targetCPUUtilizationPercentage"], "targetCPUUtilizationPercentage", 1...10000)
            if cpuTarget == nil, let metrics = spec?["metrics"]?.items {
                for m in metrics where m["resource"]?["name"]?.string == "cpu" {
                    cpuTarget = try int(m["resource"]?["target"]?["averageUtilization"], "averageUtilization", 1...10000)
                }
            }
            guard let cpuPercent = cpuTarget else {
                throw fail("HorizontalPodAutoscaler needs a CPU utilization target (targetCPUUtilizationPercentage or a cpu Resource metric)", at: spec ?? d)
            }
            return .autoscaler(name: name, target: target, min: minR, max: maxR, cpuPercent: cpuPercent)
        case "ConfigMap":
            let data = (d["data"]?.entries ?? []).map { ($0.key, $0.value.json.stringValue ?? $0.value.json.compact) }
            return .configMap(name: name, data: data)
        default:
            throw fail("unsupported kind '\(kind)' (expected Deployment, Service, HorizontalPodAutoscaler or ConfigMap)", at: kindNode)
        }
    }

    /// The API versions that serve each kind, from extensions/v1beta1 (Kubernetes 1.10) to
    /// apps/v1 and autoscaling/v2 (1.23).
    static let apiVersions: [String: [String]] = [
        "Deployment": ["apps/v1", "apps/v1beta2", "apps/v1beta1", "extensions/v1beta1"],
        "Service": ["v1"], "ConfigMap": ["v1"],
        "HorizontalPodAutoscaler": ["autoscaling/v1", "autoscaling/v2beta1", "autoscaling/v2beta2", "autoscaling/v2"],
    ]

    static func int(_ v: YAMLNode?, _ what: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let v = v, !v.isNull else { return nil }
        guard let i = v.json.int64Value, range.contains(Int(i)) else { throw fail("\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound)", at: v) }
        return Int(i)
    }

    /// CPU as Kubernetes writes it: `200m`, `0.5`, `1`.
    static func cpu(_ v: YAMLNode?) throws -> Int? {
        guard let v = v, !v.isNull else { return nil }
        let s = v.json.stringValue ?? v.json.compact
        if s.hasSuffix("m"), let m = Int(s.dropLast()), m > 0 { return m }
        if let c = Double(s), c > 0 { return Int((c * 1000).rounded()) }
        throw fail("'\(s)' is not a CPU quantity (expected millicores such as 200m, or cores such as 0.5)", at: v)
    }

    static func intOrPercent(_ v: YAMLNode?, _ what: String) throws -> IntOrPercent? {
        guard let v = v, !v.isNull else { return nil }
        if let i = v.json.int64Value, i >= 0 { return .int(Int(i)) }
        if let s = v.string, s.hasSuffix("%"), let p = Int(s.dropLast()), (0...100).contains(p) { return .percent(p) }
        throw fail("\(what) must be a whole number or a percentage such as 25%", at: v)
    }

    static func probe(_ v: YAMLNode?, _ what: String) throws -> Probe? {
        guard let v = v, !v.isNull else { return nil }
        var p = Probe()
        guard let get = v["httpGet"] else { throw fail("\(what): only httpGet probes are modelled (expected httpGet: path, port)", at: v) }
        p.path = get["path"]?.string ?? "/"
        p.port = try int(get["port"], "\(what).httpGet.port", 1...65535) ?? 8080
        if let s = try int(v["initialDelaySeconds"], "initialDelaySeconds", 0...86400) { p.initialDelay = .seconds(Int64(s)) }
        if let s = try int(v["periodSeconds"], "periodSeconds", 1...86400) { p.period = .seconds(Int64(s)) }
        if let s = try int(v["timeoutSeconds"], "timeoutSeconds", 1...86400) { p.timeout = .seconds(Int64(s)) }
        if let s = try int(v["successThreshold"], "successThreshold", 1...1000) { p.successThreshold = s }
        if let s = try int(v["failureThreshold"], "failureThreshold", 1...1000) { p.failureThreshold = s }
        return p
    }
}

private extension YAMLNode {
    /// A string scalar (as JSON's stringValue: a number or a mapping is not one).
    var string: String? { scalar?.stringValue }
    /// `key:` with nothing after it (or null, ~).
    var isNull: Bool { scalar?.isNull == true }
}

private extension IntOrPercent {
    /// 0 or 0 %: what the API server's validation counts as no room.
    var isZero: Bool {
        switch self {
        case .int(let i): return i == 0
        case .percent(let p): return p == 0
        }
    }
}
