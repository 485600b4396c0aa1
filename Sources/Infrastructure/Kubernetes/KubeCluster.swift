import SimCore

/// The cluster: Deployments and their pods, Services, ConfigMaps, HPAs, and the control
/// loops that drive them (deployment controller, kubelet with its probes and restarts,
/// endpoints, metrics-server, HPA controller).
public final class KubeCluster {
    public var config: KubernetesConfig
    let sim: Simulation
    let network: Network
    var rng: Xoshiro256StarStar
    let streams: RandomStreams
    /// Creates the process of a new pod: (deployment, pod name) → a Spring Boot process.
    public var makeProcess: ((String, String) -> SpringBootApp)?
    /// The configuration a service's processes start from, before the pod's environment.
    public var baseConfig: [String: SpringBootConfig] = [:]
    public private(set) var deployments: [Deployment] = []
    public private(set) var services: [KubeService] = []
    public private(set) var configMaps: [(name: String, data: [(String, String)], createdAt: SimTime)] = []
    public private(set) var autoscalers: [HorizontalPodAutoscaler] = []
    private var retired: [SpringBootApp] = []
    /// Called after anything that changes replicas, readiness or restarts (timelines).
    public var onChange: (() -> Void)?

    public init(sim: Simulation, network: Network, streams: RandomStreams, config: KubernetesConfig = KubernetesConfig()) {
        self.sim = sim
        self.network = network
        self.streams = streams
        self.config = config
        self.rng = streams.stream("kubernetes")
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
        let svc = KubeService(name: name, cluster: self, rng: streams.stream("kube-proxy:" + name))
        services.append(svc)
        for _ in 0..<replicas {
            let pod = createPod(d, immediate: running)
            if running {
                pod.phase = .running
                pod.containerRunning = true
                pod.startedAt = sim.now
                pod.ready = true
                pod.readySince = sim.now
                applyEnvironment(pod)
                pod.process.startConsuming()
                startProbes(pod)
            }
        }
        svc.scheduleRefresh(immediately: true)
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
            reconcile(d)
            return "created"
        }
        var changed = false
        if d.template != template { d.template = template; changed = true }
        if let r = replicas, r != d.replicas, autoscaler(name) == nil { d.setReplicas(r); changed = true }
        if let s = maxSurge, s != d.maxSurge { d.maxSurge = s; changed = true }
        if let u = maxUnavailable, u != d.maxUnavailable { d.maxUnavailable = u; changed = true }
        if let m = minReadySeconds, m != d.minReadySeconds { d.minReadySeconds = m; changed = true }
        reconcile(d)
        return changed ? "configured" : "unchanged"
    }

    public func scale(_ d: Deployment, to n: Int) {
        d.setReplicas(n)
        reconcile(d)
        onChange?()
    }

    public func setTemplate(_ d: Deployment, _ t: PodTemplate) {
        d.template = t
        reconcile(d)
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
        for p in d.alivePods { kill(p) }
        service(name)?.scheduleRefresh(immediately: true)
        onChange?()
    }

    /// resortsim's `start SERVICE`: the Deployment creates its pods again.
    public func startService(_ name: String) {
        guard let d = deployment(name), d.stopped else { return }
        d.stopped = false
        reconcile(d)
    }

    /// `kubectl delete pod`: a graceful deletion; the ReplicaSet replaces the pod.
    public func deletePod(_ name: String) -> Bool {
        for d in deployments {
            if let p = d.alivePods.first(where: { $0.name == name }) {
                terminate(p, d)
                reconcile(d)
                return true
            }
        }
        return false
    }

    public var allPods: [Pod] { deployments.flatMap { $0.pods.filter { $0.phase != .terminated } } }

    // MARK: Deployment controller (rolling update)

    /// Reconciles a Deployment towards its spec, as the deployment controller's rolling
    /// update does: scale the new ReplicaSet up within `replicas + maxSurge`, scale old pods
    /// down while at least `replicas − maxUnavailable` stay available (unavailable old pods first).
    func reconcile(_ d: Deployment) {
        let hash = d.template.hash
        let desired = d.targetReplicas
        var alive = d.alivePods
        let newPods = alive.filter { $0.templateHash == hash }
        let oldPods = alive.filter { $0.templateHash != hash }
        if oldPods.isEmpty {
            if newPods.count < desired {
                for _ in newPods.count..<desired { _ = createPod(d, immediate: false) }
            } else if newPods.count > desired {
                // Scale down: not-ready pods first, then the newest.
                let order = newPods.sorted { ($0.ready ? 1 : 0, $1.createdAt) < ($1.ready ? 1 : 0, $0.createdAt) }
                for p in order.prefix(newPods.count - desired) { terminate(p, d) }
            }
        } else {
            let surge = d.maxSurge.resolve(desired, roundUp: true)
            var unavailable = d.maxUnavailable.resolve(desired, roundUp: false)
            if surge == 0 && unavailable == 0 { unavailable = 1 } // as the deployment controller does
            let maxTotal = desired + surge
            if newPods.count < desired && alive.count < maxTotal {
                for _ in 0..<min(maxTotal - alive.count, desired - newPods.count) { _ = createPod(d, immediate: false) }
            }
            alive = d.alivePods
            let now = sim.now
            let minAvailable = desired - unavailable
            let newUnavailable = alive.filter { $0.templateHash == hash && !$0.isAvailable(at: now, minReady: d.minReadySeconds) }.count
            var maxScaledDown = alive.count - minAvailable - newUnavailable
            // Old pods that are not available go first.
            for p in oldPods where maxScaledDown > 0 && !p.isAvailable(at: now, minReady: d.minReadySeconds) {
                terminate(p, d)
                maxScaledDown -= 1
            }
            let available = d.alivePods.filter { $0.isAvailable(at: now, minReady: d.minReadySeconds) }.count
            var scaleDown = min(available - minAvailable, maxScaledDown)
            let before = d.alivePods.count
            for p in d.alivePods where scaleDown > 0 && p.templateHash != hash {
                terminate(p, d)
                scaleDown -= 1
            }
            // The old ReplicaSet shrank: the controller syncs again and may scale the new one up.
            if d.alivePods.count < before { sim.schedule(after: .zero) { [unowned(unsafe) self] in self.reconcile(d) } }
        }
        // Pods become available minReadySeconds after they are ready: look again then.
        if d.minReadySeconds.nanoseconds > 0, let next = d.alivePods.compactMap({ p -> SimTime? in
            guard p.ready, let s = p.readySince, sim.now - s < d.minReadySeconds else { return nil }
            return s + d.minReadySeconds
        }).min() {
            sim.cancel(d.minReadyTimer)
            d.minReadyTimer = sim.schedule(at: next) { [unowned(unsafe) self] in self.reconcile(d) }
        }
        onChange?()
    }

    // MARK: Pods and the kubelet

    func createPod(_ d: Deployment, immediate: Bool) -> Pod {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var suffix = ""
        for _ in 0..<5 { suffix.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
        let name = "\(d.name)-\(d.template.hash)-\(suffix)"
        guard let make = makeProcess else { preconditionFailure("KubeCluster: no process factory") }
        let process = make(d.name, name)
        let pod = Pod(name: name, deployment: d.name, template: d.template, process: process, now: sim.now, backoff: config.backoffInitial)
        d.pods.append(pod)
        // Terminated pods leave the Deployment; their processes are kept, dead, because
        // events already scheduled for them (timers, answers in flight) still refer to them.
        for p in d.pods where p.phase == .terminated { retired.append(p.process) }
        d.pods.removeAll { $0.phase == .terminated }
        network.bind(host: pod.host, node: d.name, endpoint: process)
        if !immediate {
            process.stop()
            let delay = config.containerStart.sample(&rng)
            sim.schedule(after: delay) { [unowned(unsafe) self] in
                guard pod.phase == .pending else { return }
                pod.phase = .running
                self.startContainer(pod)
            }
        }
        return pod
    }

    /// The container's environment, read at its start: `env` and `envFrom` ConfigMaps.
    func applyEnvironment(_ pod: Pod) {
        var cfg = baseConfig[pod.deployment] ?? pod.process.config
        for name in pod.template.envFrom { for (k, v) in configMap(name) ?? [] { try? cfg.set(k, v) } }
        for (key, source) in pod.template.env {
            switch source {
            case .value(let v): try? cfg.set(key, v)
            case .configMapKey(let name, let k):
                if let v = configMap(name)?.first(where: { $0.0 == k })?.1 { try? cfg.set(key, v) }
            }
        }
        pod.process.reconfigure(cfg)
        pod.process.setCPU(limitMilli: pod.template.cpuLimit, nodeCores: config.nodeCores)
    }

    func startContainer(_ pod: Pod) {
        guard pod.phase == .running else { return }
        applyEnvironment(pod)
        pod.containerRunning = true
        pod.waitingReason = ""
        pod.startedAt = sim.now
        pod.process.start()
        // Without a readiness probe a pod is Ready as soon as its container has started.
        if pod.template.readiness == nil { setReady(pod, true) }
        startProbes(pod)
        onChange?()
    }

    func setReady(_ pod: Pod, _ ready: Bool) {
        guard pod.ready != ready else { return }
        pod.ready = ready
        pod.readySince = ready ? sim.now : nil
        service(pod.deployment)?.scheduleRefresh()
        if let d = deployment(pod.deployment) { reconcile(d) }
        onChange?()
    }

    /// The kubelet kills the container (liveness failure); it restarts after the back-off.
    func restartContainer(_ pod: Pod) {
        guard pod.phase == .running, pod.containerRunning else { return }
        let ranFor = sim.now - (pod.startedAt ?? sim.now)
        pod.process.stop()
        pod.containerRunning = false
        pod.probeGeneration += 1
        setReady(pod, false)
        pod.restarts += 1
        if ranFor >= config.backoffReset { pod.backoff = config.backoffInitial }
        let wait = pod.backoff
        pod.backoff = min(config.backoffMax, pod.backoff * 2)
        pod.waitingReason = "CrashLoopBackOff"
        sim.schedule(after: wait) { [unowned(unsafe) self] in
            guard pod.phase == .running, !pod.containerRunning else { return }
            self.startContainer(pod)
        }
        onChange?()
    }

    /// Graceful deletion: the endpoint is removed (after propagation) while SIGTERM reaches
    /// the process, which stops at once (Spring Boot 2's immediate shutdown).
    func terminate(_ pod: Pod, _ d: Deployment) {
        guard pod.alive else { return }
        let wasPending = pod.phase == .pending
        pod.phase = .terminating
        pod.probeGeneration += 1
        if pod.ready { pod.ready = false; pod.readySince = nil; service(d.name)?.scheduleRefresh() }
        let exit = { [unowned(unsafe) self] in
            pod.process.stop()
            pod.containerRunning = false
            pod.phase = .terminated
            self.onChange?()
        }
        if wasPending { exit() } else { sim.schedule(after: config.sigtermHandling.sample(&rng), exit) }
    }

    /// Immediate death (resortsim's `stop`).
    func kill(_ pod: Pod) {
        pod.phase = .terminated
        pod.ready = false
        pod.containerRunning = false
        pod.probeGeneration += 1
        pod.process.stop()
    }

    // MARK: Probes

    func startProbes(_ pod: Pod) {
        pod.probeGeneration += 1
        pod.startupDone = pod.template.startup == nil
        pod.readinessCounts = (0, 0)
        pod.livenessFailures = 0
        pod.startupFailures = 0
        if let s = pod.template.startup { schedule(probe: s, kind: 0, pod, after: s.initialDelay) }
        else { startMainProbes(pod) }
    }

    func startMainProbes(_ pod: Pod) {
        let since = sim.now - (pod.startedAt ?? sim.now)
        if let r = pod.template.readiness { schedule(probe: r, kind: 1, pod, after: max(.zero, r.initialDelay - since)) }
        if let l = pod.template.liveness { schedule(probe: l, kind: 2, pod, after: max(.zero, l.initialDelay - since)) }
    }

    /// kind: 0 startup, 1 readiness, 2 liveness.
    func schedule(probe: Probe, kind: Int, _ pod: Pod, after delay: SimDuration) {
        let gen = pod.probeGeneration
        sim.schedule(after: delay) { [unowned(unsafe) self] in
            guard gen == pod.probeGeneration, pod.phase == .running, pod.containerRunning else { return }
            self.runProbe(probe, kind: kind, pod, gen)
        }
    }

    func runProbe(_ probe: Probe, kind: Int, _ pod: Pod, _ gen: Int) {
        var answered = false
        let finish = { [unowned(unsafe) self] (ok: Bool) in
            guard !answered else { return }
            answered = true
            guard gen == pod.probeGeneration, pod.phase == .running, pod.containerRunning else { return }
            self.probeResult(probe, kind: kind, pod, ok)
        }
        sim.schedule(after: probe.timeout) { finish(false) }
        let request = HTTPRequest(method: "GET", host: pod.host, path: probe.path)
        network.send(from: "kubelet", to: pod.host, request) { result in
            if let s = result.status { finish((200..<400).contains(s)) } else { finish(false) }
        }
        schedule(probe: probe, kind: kind, pod, after: probe.period)
    }

    func probeResult(_ probe: Probe, kind: Int, _ pod: Pod, _ ok: Bool) {
        switch kind {
        case 0:
            guard !pod.startupDone else { return }
            if ok {
                pod.startupDone = true
                pod.probeGeneration += 1
                startMainProbes(pod)
            } else {
                pod.startupFailures += 1
                if pod.startupFailures >= probe.failureThreshold { restartContainer(pod) }
            }
        case 1:
            if ok {
                pod.readinessCounts = (pod.readinessCounts.success + 1, 0)
                if pod.readinessCounts.success >= probe.successThreshold { setReady(pod, true) }
            } else {
                pod.readinessCounts = (0, pod.readinessCounts.failure + 1)
                if pod.readinessCounts.failure >= probe.failureThreshold { setReady(pod, false) }
            }
        default:
            if ok { pod.livenessFailures = 0 } else {
                pod.livenessFailures += 1
                if pod.livenessFailures >= probe.failureThreshold { restartContainer(pod) }
            }
        }
    }

    // MARK: metrics-server

    /// Scrapes every running pod's CPU usage: the average over the time since its last scrape.
    func scrape(_ d: Deployment) {
        for p in d.alivePods {
            guard p.containerRunning else { p.cpuUsageMilli = nil; p.lastScrape = nil; continue }
            let area = p.process.cpuSecondsUsed
            if let last = p.lastScrape, sim.now > last {
                p.cpuUsageMilli = Int(((area - p.lastCPUArea) / (sim.now - last).seconds * 1000).rounded())
            } else {
                p.cpuUsageMilli = nil
            }
            p.lastCPUArea = area
            p.lastScrape = sim.now
        }
    }
}
