import SimCore

/// The parts of a Deployment's pod template the model uses.
public struct PodTemplate: Sendable, Equatable {
    public var image: String
    /// `env` entries: a literal value or a ConfigMap key (read when the container starts).
    public enum EnvSource: Sendable, Equatable { case value(String), configMapKey(name: String, key: String) }
    public var env: [(String, EnvSource)] = []
    /// `envFrom: - configMapRef: name`: every key of the ConfigMap.
    public var envFrom: [String] = []
    /// CPU request and limit in millicores (nil: none).
    public var cpuRequest: Int? = nil
    public var cpuLimit: Int? = nil
    public var readiness: Probe? = nil
    public var liveness: Probe? = nil
    public var startup: Probe? = nil
    /// `kubectl rollout restart` stamps an annotation; it changes the template.
    public var restartedAt: String? = nil

    public init(image: String) { self.image = image }

    public static func == (a: PodTemplate, b: PodTemplate) -> Bool {
        a.image == b.image && a.env.map { $0.0 } == b.env.map { $0.0 } && a.env.map { $0.1 } == b.env.map { $0.1 }
            && a.envFrom == b.envFrom && a.cpuRequest == b.cpuRequest && a.cpuLimit == b.cpuLimit
            && a.readiness == b.readiness && a.liveness == b.liveness && a.startup == b.startup && a.restartedAt == b.restartedAt
    }

    /// A stable hash of the template (FNV-1a), as the ReplicaSet's `pod-template-hash`.
    public var hash: String {
        var text = image + "|" + env.map { "\($0.0)=\($0.1.canonicalText)" }.joined(separator: ",") + "|" + envFrom.joined(separator: ",")
        text += "|\(cpuRequest ?? -1)|\(cpuLimit ?? -1)|\(Probe.canonicalText(readiness))|\(Probe.canonicalText(liveness))|\(Probe.canonicalText(startup))|\(restartedAt ?? "")"
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var h = fnv1a64(text)
        var out = ""
        for _ in 0..<10 { out.append(alphabet[Int(h % UInt64(alphabet.count))]); h /= UInt64(alphabet.count) }
        return out
    }
}

// The text the template hash is taken over, spelled out field by field so that pod names
// never depend on the Swift runtime's reflection text (which `String(describing:)` would
// give, and which may change between Swift versions). The spelling is the one earlier
// versions hashed through reflection, so pod names did not change.

extension PodTemplate.EnvSource {
    var canonicalText: String {
        switch self {
        case .value(let v): return "value(\(quoted(v)))"
        case .configMapKey(let name, let key): return "configMapKey(name: \(quoted(name)), key: \(quoted(key)))"
        }
    }
}

extension Probe {
    static func canonicalText(_ probe: Probe?) -> String {
        guard let p = probe else { return "nil" }
        return "Optional(Infrastructure.Probe(path: \(quoted(p.path)), port: \(p.port), initialDelay: \(p.initialDelay), "
            + "period: \(p.period), timeout: \(p.timeout), successThreshold: \(p.successThreshold), failureThreshold: \(p.failureThreshold)))"
    }
}

/// A string in double quotes with `"` and `\\` escaped, as Swift's debug text spells it.
private func quoted(_ s: String) -> String {
    var out = "\""
    for c in s {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default: out.append(c)
        }
    }
    return out + "\""
}
