import SimCore

/// The cluster's API objects (Deployments and their pods, Services, ConfigMaps, HPAs) and
/// the control loops that act on them: the `DeploymentController`, the `Kubelet`, the
/// endpoints (`KubeService`), the `MetricsServer` and the `HorizontalPodAutoscaler`s.
public final class KubeCluster {
    public var config: KubernetesConfig
    let sim: Simulation
    let network: Network
    /// Random streams by purpose: pod-name suffixes, container start times, SIGTERM handling.
    var podNameRng: Xoshiro256StarStar
    var containerStartRng: Xoshiro256StarStar
    var sigtermRng: Xoshiro256StarStar
    let streams: RandomStreams
    /// Creates the process of a new pod: (deployment, pod name) → the process its container runs.
    public var makeProcess: ((String, String) -> PodProcess)?
    public private(set) var deployments: [Deployment] = []
    public private(set) var services: [KubeService] = []
    public private(set) var configMaps: [(name: String, data: [(String, String)], createdAt: SimTime)] = []
    public private(set) var autoscalers: [HorizontalPodAutoscaler] = []
    /// Processes of pods that left their Deployment, kept (dead) because events already
    /// scheduled for them still refer to them.
    var retired: [PodProcess] = []
    private(set) lazy var kubelet = Kubelet(cluster: self)
    private(set) lazy var deploymentController = DeploymentController(cluster: self)
    private(set) lazy var endpointsController = EndpointsController(cluster: self)
    let metricsServer = MetricsServer()
    /// kube-proxy's sync loop (one node's: every Service's rules go through it).
    private(set) lazy var kubeProxySync = BoundedFrequencyRunner(
        sim: sim, minInterval: config.kubeProxyMinSyncPeriod, burst: config.kubeProxyBurstSyncs,
        syncDuration: config.kubeProxySyncDuration, rng: streams.stream("kube-proxy:sync"))
    /// Called after anything that changes replicas, readiness or restarts (timelines).
    public var onChange: (() -> Void)?
    /// Every pod whose process stopped for good (its deletion's SIGTERM handled, or killed),
    /// and when, in order: a load's summary says which stopped while it ran.
    public private(set) var podStops: [(pod: String, at: SimTime)] = []

    func recordStop(_ pod: Pod) { podStops.append((pod.name, sim.now)) }

    /// The defaults of Kubernetes 1.`minor` that differ between versions: kube-proxy's
    /// `--iptables-min-sync-period`, 0 before 1.19 and 1 s from it (kubernetes#92836).
    public func useKubernetesVersion(minor: Int) {
        config.kubeProxyMinSyncPeriod = minor >= 19 ? .seconds(1) : .zero
        kubeProxySync.minInterval = config.kubeProxyMinSyncPeriod
    }

    public init(sim: Simulation, network: Network, streams: RandomStreams, config: KubernetesConfig = KubernetesConfig()) {
        self.sim = sim
        self.network = network
        self.streams = streams
        self.config = config
        podNameRng = streams.stream("kubernetes:pod-names")
        containerStartRng = streams.stream("kubernetes:container-start")
        sigtermRng = streams.stream("kubernetes:sigterm")
    }

    public func deployment(_ name: String) -> Deployment? { deployments.first { $0.name == name } }
    public func service(_ name: String) -> KubeService? { services.first { $0.name == name } }
    public func autoscaler(_ name: String) -> HorizontalPodAutoscaler? { autoscalers.first { $0.name == name } }
    public func configMap(_ name: String) -> [(String, String)]? { configMaps.first { $0.name == name }?.data }

    // MARK: Objects

    /// Creates a Deployment and its Service. With `running`, its pods exist already, booted
    /// and ready (the state a scenario starts in).
    @discardableResult
    public func createDeployment(_ name: String, replicas: Int, template: PodTemplate, running: Bool) -> Deployment {
        let d = Deployment(name: name, replicas: replicas, template: template, now: sim.now)
        deployments.append(d)
        let svc = KubeService(name: name, cluster: self, pickRng: streams.stream("kube-proxy:" + name),
                              deliveryRng: streams.stream("endpoints:" + name))
        services.append(svc)
        for _ in 0..<replicas {
            let pod = deploymentController.createPod(d, immediate: running)
            if running { kubelet.adoptRunning(pod) }
        }
        endpointsController.syncService(name, immediately: true)
        return d
    }

    /// `kubectl apply` of a Deployment: a changed template starts a rolling update.
    /// Returns "created", "configured" or "unchanged".
    public func applyDeployment(_ name: String, replicas: Int?, template: PodTemplate, maxSurge: IntOrPercent?, maxUnavailable: IntOrPercent?, minReadySeconds: SimDuration?) -> String {
        guard let d = deployment(name) else {
            let d = createDeployment(name, replicas: replicas ?? 1, template: template, running: false)
            if let s = maxSurge { d.maxSurge = s }
            if let u = maxUnavailable { d.maxUnavailable = u }
            if let m = minReadySeconds { d.minReadySeconds = m }
            deploymentController.reconcile(d)
            return "created"
        }
        var changed = false
        if d.template != template { d.template = template; changed = true }
        if let r = replicas, r != d.replicas, autoscaler(name) == nil { d.setReplicas(r); changed = true }
        if let s = maxSurge, s != d.maxSurge { d.maxSurge = s; changed = true }
        if let u = maxUnavailable, u != d.maxUnavailable { d.maxUnavailable = u; changed = true }
        if let m = minReadySeconds, m != d.minReadySeconds { d.minReadySeconds = m; changed = true }
        deploymentController.reconcile(d)
        return changed ? "configured" : "unchanged"
    }

    public func scale(_ d: Deployment, to n: Int) {
        d.setReplicas(n)
        deploymentController.reconcile(d)
        onChange?()
    }

    public func setTemplate(_ d: Deployment, _ t: PodTemplate) {
        d.template = t
        deploymentController.reconcile(d)
    }

    public func setConfigMap(_ name: String, _ data: [(String, String)]) -> String {
        if let i = configMaps.firstIndex(where: { $0.name == name }) {
            let same = configMaps[i].data.map { $0.0 + "=" + $0.1 } == data.map { $0.0 + "=" + $0.1 }
            configMaps[i].data = data
            return same ? "unchanged" : "configured"
        }
        configMaps.append((name, data, sim.now))
        return "created"
    }

    public func deleteConfigMap(_ name: String) -> Bool {
        guard configMaps.contains(where: { $0.name == name }) else { return false }
        configMaps.removeAll { $0.name == name }
        return true
    }

    public func addAutoscaler(_ hpa: HorizontalPodAutoscaler) -> String {
        if let i = autoscalers.firstIndex(where: { $0.name == hpa.name }) {
            autoscalers[i].stop()
            autoscalers[i] = hpa
            hpa.start(self)
            return "configured"
        }
        autoscalers.append(hpa)
        hpa.start(self)
        return "created"
    }

    /// resortsim's `stop SERVICE`: every pod of the service dies at once.
    public func stopService(_ name: String) {
        guard let d = deployment(name) else { return }
        d.stopped = true
        for p in d.alivePods { kubelet.kill(p) }
        endpointsController.syncService(name, immediately: true)
        onChange?()
    }

    /// resortsim's `start SERVICE`: the Deployment creates its pods again.
    public func startService(_ name: String) {
        guard let d = deployment(name), d.stopped else { return }
        d.stopped = false
        deploymentController.reconcile(d)
    }

    /// The container of `pod` crashes: the process dies at once and the kubelet restarts it
    /// after its back-off (restartPolicy Always), as for a failed liveness probe.
    public func crashContainer(_ pod: Pod) {
        kubelet.restartContainer(pod)
    }

    /// `kubectl delete pod`: a graceful deletion; the ReplicaSet replaces the pod.
    public func deletePod(_ name: String) -> Bool {
        for d in deployments {
            if let p = d.alivePods.first(where: { $0.name == name }) {
                kubelet.terminate(p, d)
                deploymentController.reconcile(d)
                return true
            }
        }
        return false
    }

    public var allPods: [Pod] { deployments.flatMap { $0.pods.filter { $0.phase != .terminated } } }
}
