import SimCore

/// `25%` or `1`, as `maxSurge` and `maxUnavailable` are written.
public enum IntOrPercent: Sendable, Equatable {
    case int(Int), percent(Int)
    /// Resolved against `total`: percentages round up for maxSurge and down for maxUnavailable.
    public func resolve(_ total: Int, roundUp: Bool) -> Int {
        switch self {
        case .int(let i): return i
        case .percent(let p):
            let v = Double(total * p) / 100
            return Int(roundUp ? v.rounded(.up) : v.rounded(.down))
        }
    }
}

/// A Deployment and its pods (the ReplicaSets are the pods grouped by template hash).
public final class Deployment {
    public let name: String
    /// `spec.replicas`, as set by the user, `kubectl scale` or the HPA.
    public internal(set) var replicas: Int
    public internal(set) var template: PodTemplate
    /// RollingUpdate: `maxSurge` 25 %, `maxUnavailable` 25 %; `minReadySeconds` 0.
    public var maxSurge: IntOrPercent = .percent(25)
    public var maxUnavailable: IntOrPercent = .percent(25)
    public var minReadySeconds: SimDuration = .zero
    public internal(set) var pods: [Pod] = []
    public let createdAt: SimTime
    /// resortsim's `stop SERVICE`: every pod gone until `start SERVICE`.
    public internal(set) var stopped = false
    /// The pods the controller aims for: `spec.replicas`, or none while stopped.
    public var targetReplicas: Int { stopped ? 0 : replicas }
    /// The highest `spec.replicas` seen (`expect max-replicas`).
    public internal(set) var maxReplicasSeen: Int
    var minReadyTimer = TimerHandle.none

    init(name: String, replicas: Int, template: PodTemplate, now: SimTime) {
        self.name = name
        self.replicas = replicas
        self.template = template
        self.createdAt = now
        self.maxReplicasSeen = replicas
    }

    public var alivePods: [Pod] { pods.filter { $0.alive } }
    public var readyCount: Int { alivePods.filter { $0.ready }.count }
    public func availableCount(at now: SimTime) -> Int { alivePods.filter { $0.isAvailable(at: now, minReady: minReadySeconds) }.count }
    public var updatedCount: Int { alivePods.filter { $0.templateHash == template.hash }.count }
    public var restarts: Int { pods.filter { $0.phase != .terminated }.reduce(0) { $0 + $1.restarts } }

    func setReplicas(_ n: Int) {
        replicas = max(0, n)
        maxReplicasSeen = max(maxReplicasSeen, replicas)
    }

    /// Whether the rollout is complete (`kubectl rollout status`).
    public func rolledOut(at now: SimTime) -> Bool {
        let alive = alivePods
        let target = targetReplicas
        return alive.count == target && alive.allSatisfy { $0.templateHash == template.hash && $0.isAvailable(at: now, minReady: minReadySeconds) }
    }
}
