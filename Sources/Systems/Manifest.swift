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

/// Reads Kubernetes manifests (several documents per file) into `KubeObject`s, with
/// errors at the line of the document they concern.
public enum Manifest {
    public struct Problem: Error { public let line: Int; public let column: Int; public let message: String }

    public static func read(_ text: String, services: [String]) throws -> [KubeObject] {
        let docs: [JSON]
        do { docs = try YAML.documents(text) } catch let e as YAML.Failure { throw Problem(line: e.line, column: e.column, message: e.message) }
        // Line where each document starts, for errors about a document as a whole.
        var starts: [Int] = [1]
        for (i, l) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where l.hasPrefix("---") { starts.append(i + 2) }
        return try docs.enumerated().map { i, d in
            do { return try object(d, services: services) } catch let p as Problem {
                throw Problem(line: starts[min(i, starts.count - 1)], column: 1, message: p.message)
            }
        }
    }

    static func fail(_ m: String) -> Problem { Problem(line: 0, column: 0, message: m) }

    static func object(_ d: JSON, services: [String]) throws -> KubeObject {
        guard let kind = d["kind"]?.stringValue else { throw fail("a manifest needs 'kind' (Deployment, Service, HorizontalPodAutoscaler or ConfigMap)") }
        guard let name = d["metadata"]?["name"]?.stringValue else { throw fail("\(kind) needs metadata.name") }
        switch kind {
        case "Deployment":
            guard services.contains(name) else {
                throw fail("Deployment '\(name)' is not one of the system's services (expected one of: \(services.joined(separator: ", ")))")
            }
            let spec = d["spec"]
            guard case .array(let containers)? = spec?["template"]?["spec"]?["containers"], let c = containers.first else {
                throw fail("Deployment \(name) needs spec.template.spec.containers")
            }
            var t = PodTemplate(image: c["image"]?.stringValue ?? "username/\(name):latest")
            if case .array(let env)? = c["env"] {
                for e in env {
                    guard let k = e["name"]?.stringValue else { throw fail("an env entry needs a name") }
                    if let v = e["value"] { t.env.append((k, .value(v.stringValue ?? v.compact))) }
                    else if let ref = e["valueFrom"]?["configMapKeyRef"], let cm = ref["name"]?.stringValue, let key = ref["key"]?.stringValue {
                        t.env.append((k, .configMapKey(name: cm, key: key)))
                    } else { throw fail("env '\(k)' needs value or valueFrom.configMapKeyRef (name, key)") }
                }
            }
            if case .array(let from)? = c["envFrom"] {
                for f in from { if let n = f["configMapRef"]?["name"]?.stringValue { t.envFrom.append(n) } }
            }
            t.cpuRequest = try cpu(c["resources"]?["requests"]?["cpu"])
            t.cpuLimit = try cpu(c["resources"]?["limits"]?["cpu"])
            t.readiness = try probe(c["readinessProbe"], "readinessProbe")
            t.liveness = try probe(c["livenessProbe"], "livenessProbe")
            t.startup = try probe(c["startupProbe"], "startupProbe")
            if let r = d["spec"]?["template"]?["metadata"]?["annotations"]?["kubectl.kubernetes.io/restartedAt"]?.stringValue { t.restartedAt = r }
            let ru = spec?["strategy"]?["rollingUpdate"]
            return .deployment(name: name, replicas: try int(spec?["replicas"], "spec.replicas", 0...1000), template: t,
                               maxSurge: try intOrPercent(ru?["maxSurge"], "maxSurge"), maxUnavailable: try intOrPercent(ru?["maxUnavailable"], "maxUnavailable"),
                               minReadySeconds: try int(spec?["minReadySeconds"], "minReadySeconds", 0...86400).map { .seconds(Int64($0)) })
        case "Service":
            return .service(name: name)
        case "HorizontalPodAutoscaler":
            let spec = d["spec"]
            guard let target = spec?["scaleTargetRef"]?["name"]?.stringValue else { throw fail("HorizontalPodAutoscaler needs spec.scaleTargetRef.name") }
            guard services.contains(target) else { throw fail("HorizontalPodAutoscaler targets '\(target)', which is not one of the system's services") }
            let minR = try int(spec?["minReplicas"], "minReplicas", 1...1000) ?? 1
            guard let maxR = try int(spec?["maxReplicas"], "maxReplicas", 1...1000), maxR >= minR else { throw fail("HorizontalPodAutoscaler needs maxReplicas, at least minReplicas") }
            var cpuTarget = try int(spec?["targetCPUUtilizationPercentage"], "targetCPUUtilizationPercentage", 1...10000)
            if cpuTarget == nil, case .array(let metrics)? = spec?["metrics"] {
                for m in metrics where m["resource"]?["name"]?.stringValue == "cpu" {
                    cpuTarget = try int(m["resource"]?["target"]?["averageUtilization"], "averageUtilization", 1...10000)
                }
            }
            guard let cpuPercent = cpuTarget else { throw fail("HorizontalPodAutoscaler needs a CPU utilization target (targetCPUUtilizationPercentage or a cpu Resource metric)") }
            return .autoscaler(name: name, target: target, min: minR, max: maxR, cpuPercent: cpuPercent)
        case "ConfigMap":
            var data: [(String, String)] = []
            if case .object(let m)? = d["data"] { for (k, v) in m { data.append((k, v.stringValue ?? v.compact)) } }
            return .configMap(name: name, data: data)
        default:
            throw fail("unsupported kind '\(kind)' (expected Deployment, Service, HorizontalPodAutoscaler or ConfigMap)")
        }
    }

    static func int(_ v: JSON?, _ what: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let v = v, !v.isNull else { return nil }
        guard let i = v.int64Value, range.contains(Int(i)) else { throw fail("\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound)") }
        return Int(i)
    }

    /// CPU as Kubernetes writes it: `200m`, `0.5`, `1`.
    static func cpu(_ v: JSON?) throws -> Int? {
        guard let v = v, !v.isNull else { return nil }
        let s = v.stringValue ?? v.compact
        if s.hasSuffix("m"), let m = Int(s.dropLast()), m > 0 { return m }
        if let c = Double(s), c > 0 { return Int((c * 1000).rounded()) }
        throw fail("'\(s)' is not a CPU quantity (expected millicores such as 200m, or cores such as 0.5)")
    }

    static func intOrPercent(_ v: JSON?, _ what: String) throws -> IntOrPercent? {
        guard let v = v, !v.isNull else { return nil }
        if let i = v.int64Value, i >= 0 { return .int(Int(i)) }
        if let s = v.stringValue, s.hasSuffix("%"), let p = Int(s.dropLast()), (0...100).contains(p) { return .percent(p) }
        throw fail("\(what) must be a whole number or a percentage such as 25%")
    }

    static func probe(_ v: JSON?, _ what: String) throws -> Probe? {
        guard let v = v, !v.isNull else { return nil }
        var p = Probe()
        guard let get = v["httpGet"] else { throw fail("\(what): only httpGet probes are modelled (expected httpGet: path, port)") }
        p.path = get["path"]?.stringValue ?? "/"
        p.port = try int(get["port"], "\(what).httpGet.port", 1...65535) ?? 8080
        if let s = try int(v["initialDelaySeconds"], "initialDelaySeconds", 0...86400) { p.initialDelay = .seconds(Int64(s)) }
        if let s = try int(v["periodSeconds"], "periodSeconds", 1...86400) { p.period = .seconds(Int64(s)) }
        if let s = try int(v["timeoutSeconds"], "timeoutSeconds", 1...86400) { p.timeout = .seconds(Int64(s)) }
        if let s = try int(v["successThreshold"], "successThreshold", 1...1000) { p.successThreshold = s }
        if let s = try int(v["failureThreshold"], "failureThreshold", 1...1000) { p.failureThreshold = s }
        return p
    }
}
