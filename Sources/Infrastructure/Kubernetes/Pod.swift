import SimCore

/// A pod of a Deployment: one container running one process, its probes run
/// by the kubelet, its restarts with the kubelet's back-off.
public final class Pod {
    public enum Phase: String, Sendable { case pending = "Pending", running = "Running", terminating = "Terminating", terminated = "Terminated" }

    public let name: String
    public let deployment: String
    public let templateHash: String
    public let template: PodTemplate
    public let createdAt: SimTime
    public internal(set) var phase: Phase = .pending
    /// The container is started (the process may still be booting).
    public internal(set) var containerRunning = false
    /// Ready as the kubelet reports it (what the endpoints follow).
    public internal(set) var ready = false
    public internal(set) var readySince: SimTime? = nil
    public internal(set) var restarts = 0
    /// Why the container is not running: "ContainerCreating", "CrashLoopBackOff".
    public internal(set) var waitingReason = "ContainerCreating"
    public let process: PodProcess

    var startedAt: SimTime? = nil
    var backoff: SimDuration
    var probeGeneration = 0
    var startupDone = false
    var readinessCounts = (success: 0, failure: 0)
    var livenessFailures = 0
    var startupFailures = 0

    init(name: String, deployment: String, template: PodTemplate, process: PodProcess, now: SimTime, backoff: SimDuration) {
        self.name = name
        self.deployment = deployment
        self.templateHash = template.hash
        self.template = template
        self.process = process
        self.createdAt = now
        self.backoff = backoff
    }

    /// The host name the kubelet probes (the pod's IP in the cluster).
    public var host: String { "\(name):8080" }

    /// Ready for at least `minReady` (a Deployment's `minReadySeconds`).
    public func isAvailable(at now: SimTime, minReady: SimDuration) -> Bool {
        guard ready, let since = readySince, phase == .running else { return false }
        return now - since >= minReady
    }

    public var alive: Bool { phase == .pending || phase == .running }

    /// `kubectl get pods`' STATUS column.
    public var status: String {
        switch phase {
        case .running: return containerRunning ? "Running" : waitingReason
        case .pending: return waitingReason
        case .terminating: return "Terminating"
        case .terminated: return "Completed"
        }
    }
}
