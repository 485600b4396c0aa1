import SimCore

/// The kind of a container probe.
public enum ProbeKind: Sendable {
    case startup, readiness, liveness
}

/// The kubelet: starts a pod's container with its environment, runs its startup,
/// readiness and liveness probes, restarts it with back-off when liveness fails, and
/// delivers SIGTERM on deletion.
final class Kubelet {
    unowned(unsafe) let cluster: KubeCluster

    init(cluster: KubeCluster) { self.cluster = cluster }

    var sim: Simulation { cluster.sim }
    var config: KubernetesConfig { cluster.config }

    /// The container's environment, read at its start: `envFrom` ConfigMaps, then `env`.
    func applyEnvironment(_ pod: Pod) {
        var variables: [(String, String)] = []
        for name in pod.template.envFrom { variables += cluster.configMap(name) ?? [] }
        for (key, source) in pod.template.env {
            switch source {
            case .value(let v): variables.append((key, v))
            case .configMapKey(let name, let k):
                if let v = cluster.configMap(name)?.first(where: { $0.0 == k })?.1 { variables.append((key, v)) }
            }
        }
        pod.process.applyEnvironment(variables)
        pod.process.setCPU(limitMilli: pod.template.cpuLimit, nodeCores: config.nodeCores)
    }

    /// A pod the scenario starts with: its container is up, booted and ready.
    func adoptRunning(_ pod: Pod) {
        pod.phase = .running
        pod.containerRunning = true
        pod.startedAt = sim.now
        pod.ready = true
        pod.readySince = sim.now
        applyEnvironment(pod)
        pod.process.runningFromTheStart()
        startProbes(pod)
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
        cluster.onChange?()
    }

    func setReady(_ pod: Pod, _ ready: Bool) {
        guard pod.ready != ready else { return }
        pod.ready = ready
        pod.readySince = ready ? sim.now : nil
        cluster.endpointsController.syncService(pod.deployment)
        if let d = cluster.deployment(pod.deployment) { cluster.deploymentController.reconcile(d) }
        cluster.onChange?()
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
        cluster.onChange?()
    }

    /// Graceful deletion: the endpoint is removed (after propagation) while SIGTERM reaches
    /// the process, which stops at once (Spring Boot 2's immediate shutdown).
    func terminate(_ pod: Pod, _ d: Deployment) {
        guard pod.alive else { return }
        let wasPending = pod.phase == .pending
        pod.phase = .terminating
        pod.probeGeneration += 1
        if pod.ready { pod.ready = false; pod.readySince = nil; cluster.endpointsController.syncService(d.name) }
        let exit = { [unowned(unsafe) self] in
            pod.process.stop()
            pod.containerRunning = false
            pod.phase = .terminated
            self.cluster.recordStop(pod)
            self.cluster.onChange?()
        }
        if wasPending { exit() } else { sim.schedule(after: config.sigtermHandling.sample(&cluster.sigtermRng), exit) }
    }

    /// Immediate death (resortsim's `stop`).
    func kill(_ pod: Pod) {
        pod.phase = .terminated
        pod.ready = false
        pod.containerRunning = false
        pod.probeGeneration += 1
        pod.process.stop()
        cluster.recordStop(pod)
    }

    // MARK: Probes

    func startProbes(_ pod: Pod) {
        pod.probeGeneration += 1
        pod.startupDone = pod.template.startup == nil
        pod.readinessCounts = (0, 0)
        pod.livenessFailures = 0
        pod.startupFailures = 0
        if let s = pod.template.startup { schedule(probe: s, .startup, pod, after: s.initialDelay) }
        else { startMainProbes(pod) }
    }

    func startMainProbes(_ pod: Pod) {
        let since = sim.now - (pod.startedAt ?? sim.now)
        if let r = pod.template.readiness { schedule(probe: r, .readiness, pod, after: max(.zero, r.initialDelay - since)) }
        if let l = pod.template.liveness { schedule(probe: l, .liveness, pod, after: max(.zero, l.initialDelay - since)) }
    }

    func schedule(probe: Probe, _ kind: ProbeKind, _ pod: Pod, after delay: SimDuration) {
        let gen = pod.probeGeneration
        sim.schedule(after: delay) { [unowned(unsafe) self] in
            guard gen == pod.probeGeneration, pod.phase == .running, pod.containerRunning else { return }
            self.runProbe(probe, kind, pod, gen)
        }
    }

    /// One probe: an HTTP GET that succeeds on 200–399 within the probe's timeout; the next
    /// one is due a period later whatever this one's outcome.
    func runProbe(_ probe: Probe, _ kind: ProbeKind, _ pod: Pod, _ gen: Int) {
        let outcome = OneShot<Bool>(sim: sim, timeout: probe.timeout, onTimeout: { false }) { [unowned(unsafe) self] ok in
            guard gen == pod.probeGeneration, pod.phase == .running, pod.containerRunning else { return }
            self.probeResult(probe, kind, pod, ok)
        }
        let request = HTTPRequest(method: "GET", host: pod.host, path: probe.path)
        cluster.network.send(from: "kubelet", to: pod.host, request) { result in
            outcome.answer(result.status.map { (200..<400).contains($0) } ?? false)
        }
        schedule(probe: probe, kind, pod, after: probe.period)
    }

    func probeResult(_ probe: Probe, _ kind: ProbeKind, _ pod: Pod, _ ok: Bool) {
        switch kind {
        case .startup:
            guard !pod.startupDone else { return }
            if ok {
                pod.startupDone = true
                pod.probeGeneration += 1
                startMainProbes(pod)
            } else {
                pod.startupFailures += 1
                if pod.startupFailures >= probe.failureThreshold { restartContainer(pod) }
            }
        case .readiness:
            if ok {
                pod.readinessCounts = (pod.readinessCounts.success + 1, 0)
                if pod.readinessCounts.success >= probe.successThreshold { setReady(pod, true) }
            } else {
                pod.readinessCounts = (0, pod.readinessCounts.failure + 1)
                if pod.readinessCounts.failure >= probe.failureThreshold { setReady(pod, false) }
            }
        case .liveness:
            if ok { pod.livenessFailures = 0 } else {
                pod.livenessFailures += 1
                if pod.livenessFailures >= probe.failureThreshold { restartContainer(pod) }
            }
        }
    }
}
