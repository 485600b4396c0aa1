import SimCore

/// The deployment controller: keeps each Deployment's pods at its spec, and rolls a
/// changed template out (the ReplicaSets are the pods grouped by template hash).
final class DeploymentController {
    unowned(unsafe) let cluster: KubeCluster

    init(cluster: KubeCluster) { self.cluster = cluster }

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
                for p in order.prefix(newPods.count - desired) { cluster.kubelet.terminate(p, d) }
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
            let now = cluster.sim.now
            let minAvailable = desired - unavailable
            let newUnavailable = alive.filter { $0.templateHash == hash && !$0.isAvailable(at: now, minReady: d.minReadySeconds) }.count
            var maxScaledDown = alive.count - minAvailable - newUnavailable
            // Old pods that are not available go first.
            for p in oldPods where maxScaledDown > 0 && !p.isAvailable(at: now, minReady: d.minReadySeconds) {
                cluster.kubelet.terminate(p, d)
                maxScaledDown -= 1
            }
            let available = d.alivePods.filter { $0.isAvailable(at: now, minReady: d.minReadySeconds) }.count
            var scaleDown = min(available - minAvailable, maxScaledDown)
            let before = d.alivePods.count
            for p in d.alivePods where scaleDown > 0 && p.templateHash != hash {
                cluster.kubelet.terminate(p, d)
                scaleDown -= 1
            }
            // The old ReplicaSet shrank: the controller syncs again and may scale the new one up.
            if d.alivePods.count < before { cluster.sim.schedule(after: .zero) { [unowned(unsafe) self] in self.reconcile(d) } }
        }
        // Pods become available minReadySeconds after they are ready: look again then.
        if d.minReadySeconds.nanoseconds > 0, let next = d.alivePods.compactMap({ p -> SimTime? in
            guard p.ready, let s = p.readySince, cluster.sim.now - s < d.minReadySeconds else { return nil }
            return s + d.minReadySeconds
        }).min() {
            cluster.sim.cancel(d.minReadyTimer)
            d.minReadyTimer = cluster.sim.schedule(at: next) { [unowned(unsafe) self] in self.reconcile(d) }
        }
        cluster.onChange?()
    }

    func createPod(_ d: Deployment, immediate: Bool) -> Pod {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var suffix = ""
        for _ in 0..<5 { suffix.append(alphabet[Int(cluster.podNameRng.next() % UInt64(alphabet.count))]) }
        let name = "\(d.name)-\(d.template.hash)-\(suffix)"
        guard let make = cluster.makeProcess else { preconditionFailure("KubeCluster: no process factory") }
        let process = make(d.name, name)
        let pod = Pod(name: name, deployment: d.name, template: d.template, process: process, now: cluster.sim.now, backoff: cluster.config.backoffInitial)
        d.pods.append(pod)
        // Terminated pods leave the Deployment; their processes are kept, dead, because
        // events already scheduled for them (timers, answers in flight) still refer to them.
        for p in d.pods where p.phase == .terminated { cluster.retired.append(p.process) }
        d.pods.removeAll { $0.phase == .terminated }
        cluster.network.bind(host: pod.host, node: d.name, endpoint: process)
        if !immediate {
            process.stop()
            let delay = cluster.config.containerStart.sample(&cluster.containerStartRng)
            cluster.sim.schedule(after: delay) { [unowned(unsafe) self] in
                guard pod.phase == .pending else { return }
                pod.phase = .running
                self.cluster.kubelet.startContainer(pod)
            }
        }
        return pod
    }
}
