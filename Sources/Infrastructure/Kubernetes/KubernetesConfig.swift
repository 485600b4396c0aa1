import SimCore

/// Kubernetes defaults, each the real one (SEMANTICS.md) or a justified choice.
public struct KubernetesConfig: Sendable {
    /// Time from a pod's creation to its container running: scheduling plus the container
    /// start with the image already on the node (`imagePullPolicy: IfNotPresent`).
    /// lognormal(median 2 s, p99 5 s): a choice for a warm EKS node.
    public var containerStart: Distribution = .lognormal(median: .seconds(2), p99: .seconds(5))
    /// From an endpoint change to kube-proxy's informer: the endpoints controller's sync of
    /// the Service, its write to the API server, and the watch event. lognormal(median 30 ms,
    /// p99 200 ms), a choice (each step takes milliseconds on an idle control plane).
    public var endpointsDelivery: Distribution = .lognormal(median: .milliseconds(30), p99: .milliseconds(200))
    /// kube-proxy's `--iptables-min-sync-period`: 1 s from Kubernetes 1.19 (kubernetes#92836;
    /// `pkg/proxy/apis/config/v1alpha1/defaults.go` turns an explicit 0, as EKS's
    /// kube-proxy-config ships it, into 1 s), 0 before. The seed ran on 2021's EKS, 1.17 to
    /// 1.19 by its course family's clusters: the version is not known, and 1.19's is taken.
    public var kubeProxyMinSyncPeriod: SimDuration = .seconds(1)
    /// `burstSyncs` of the iptables proxier's BoundedFrequencyRunner: 2 (proxier.go).
    public var kubeProxyBurstSyncs = 2
    /// One `syncProxyRules` on a small cluster, from its start to iptables-restore's end:
    /// kubernetes#114230 logs "SyncProxyRules complete" elapsed=123.674518ms; tens to hundreds
    /// of ms elsewhere. lognormal(median 124 ms, p99 500 ms), the one sourced point as median.
    public var kubeProxySyncDuration: Distribution = .lognormal(median: .milliseconds(124), p99: .milliseconds(500))
    /// Kubelet restart back-off: 10 s, doubling, at most 300 s, reset after 10 min of running
    /// (kubelet `backOffPeriod`, `MaxContainerBackOff`).
    public var backoffInitial: SimDuration = .seconds(10)
    public var backoffMax: SimDuration = .seconds(300)
    public var backoffReset: SimDuration = .seconds(600)
    /// From SIGTERM to the process no longer serving. Spring Boot 2.1 (no graceful shutdown
    /// before 2.3) closes the context on its shutdown hook: the Kafka input bindings stop
    /// (the consumer is woken at once), beans are destroyed (the EntityManagerFactory, then
    /// Hikari, which aborts connections in use: from here every MVC request fails), and only
    /// then Tomcat stops (listen socket closed; a request in flight gets at most ~2.1 s,
    /// then its socket is closed). The model serves normally until this time, then refuses
    /// new connections and cuts those in flight, which is what a client sees (a 500 or a
    /// reset). The sources bound the steps (10 s per binding, 30 s per producer close, 10 s
    /// Hikari loops) but give no typical time: lognormal(median 100 ms, p99 500 ms), a choice.
    public var sigtermHandling: Distribution = .lognormal(median: .milliseconds(100), p99: .milliseconds(500))
    /// HPA: `--horizontal-pod-autoscaler-sync-period` 15 s, tolerance 0.1,
    /// `--horizontal-pod-autoscaler-cpu-initialization-period` 5 min. Not modelled:
    /// `--horizontal-pod-autoscaler-initial-readiness-delay` (30 s), by which Kubernetes
    /// counts a pod past its initialization period that turned unready later than 30 s after
    /// starting as ready; the model counts every unready pod as unready.
    public var hpaSyncPeriod: SimDuration = .seconds(15)
    public var hpaTolerance: Double = 0.1
    public var cpuInitializationPeriod: SimDuration = .seconds(300)
    /// metrics-server: usage averaged over its scrape window (15 s in metrics-server ≥ 0.4,
    /// `--metric-resolution`), reported with that delay.
    public var metricsWindow: SimDuration = .seconds(15)
    /// CPU cores of a node (EKS workshop nodes: m5.large, 2 vCPUs): what a container
    /// without a CPU limit may use.
    public var nodeCores: Double = 2
    public init() {}
}

/// A probe (`readinessProbe`, `livenessProbe`, `startupProbe`) with Kubernetes' defaults.
public struct Probe: Sendable, Equatable {
    public var path: String = "/"
    public var port: Int = 8080
    /// initialDelaySeconds 0, periodSeconds 10, timeoutSeconds 1, successThreshold 1, failureThreshold 3.
    public var initialDelay: SimDuration = .zero
    public var period: SimDuration = .seconds(10)
    public var timeout: SimDuration = .seconds(1)
    public var successThreshold = 1
    public var failureThreshold = 3
    public init() {}
}
