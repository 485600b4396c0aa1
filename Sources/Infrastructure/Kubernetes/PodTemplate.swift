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
        var text = image + "|" + env.map { "\($0.0)=\($0.1)" }.joined(separator: ",") + "|" + envFrom.joined(separator: ",")
        text += "|\(cpuRequest ?? -1)|\(cpuLimit ?? -1)|\(String(describing: readiness))|\(String(describing: liveness))|\(String(describing: startup))|\(restartedAt ?? "")"
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var h = fnv1a64(text)
        var out = ""
        for _ in 0..<10 { out.append(alphabet[Int(h % UInt64(alphabet.count))]); h /= UInt64(alphabet.count) }
        return out
    }
}
