import SimCore

/// What a pod's container runs, as Kubernetes sees it: a process that serves HTTP, starts,
/// stops, takes its environment and uses CPU. Kubernetes knows nothing of what runs inside
/// (here, a Spring Boot application).
public protocol PodProcess: HTTPEndpoint {
    /// The container's environment, read when it starts (`env` and `envFrom`), in order.
    func applyEnvironment(_ variables: [(String, String)])
    /// The container's CPU limit (millicores; nil: none) on a node with `nodeCores` cores.
    func setCPU(limitMilli: Int?, nodeCores: Double)
    /// The container starts: the process boots, refusing connections until it is up.
    func start()
    /// The process is already up when the run begins (a scenario's first pods).
    func runningFromTheStart()
    /// The process dies at once (SIGKILL, or the end of a graceful shutdown).
    func stop()
    /// Still booting after `start()`.
    var isStarting: Bool { get }
    /// CPU core-seconds used so far (what cAdvisor reports to metrics-server).
    var cpuSecondsUsed: Double { get }
}
