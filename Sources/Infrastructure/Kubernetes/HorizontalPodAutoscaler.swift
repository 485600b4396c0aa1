import SimCore

/// An autoscaling/v2 HorizontalPodAutoscaler on CPU utilization, with the default
/// behaviour: scale up by max(100 %, 4 pods) per period, no stabilization; scale down by
/// 100 % per period after a 300 s stabilization window (the highest recommendation of
/// the window wins).
public final class HorizontalPodAutoscaler {
    public let name: String
    public let target: String
    public let minReplicas: Int
    public let maxReplicas: Int
    public let targetCPUUtilization: Int
    public let createdAt: SimTime
    /// The utilization of the last sync (nil before metrics exist): kubectl's TARGETS.
    public private(set) var currentUtilization: Int? = nil
    /// `behavior.scaleDown.stabilizationWindowSeconds`: 300.
    public var scaleDownStabilization: SimDuration = .seconds(300)
    private var recommendations: [(SimTime, Int)] = []
    private var timer = TimerHandle.none
    private weak var cluster: KubeCluster?

    public init(name: String, target: String, min: Int, max: Int, targetCPUUtilization: Int, now: SimTime) {
        self.name = name
        self.target = target
        self.minReplicas = min
        self.maxReplicas = max
        self.targetCPUUtilization = targetCPUUtilization
        self.createdAt = now
    }

    func start(_ cluster: KubeCluster) {
        self.cluster = cluster
        timer = cluster.sim.schedule(after: cluster.config.hpaSyncPeriod) { [weak self] in self?.sync() }
    }

    func stop() { cluster?.sim.cancel(timer) }

    /// One pass of the HPA controller.
    func sync() {
        guard let cluster = cluster, let d = cluster.deployment(target) else { return }
        let now = cluster.sim.now
        cluster.metricsServer.scrape(d, now: now)
        let current = d.targetReplicas
        let pods = d.alivePods.map { p -> ReplicaCalculator.PodMetric in
            let hot = p.startedAt.map { now - $0 < cluster.config.cpuInitializationPeriod } ?? false
                && (p.readySince.map { now - $0 < cluster.config.metricsWindow } ?? true)
            return ReplicaCalculator.PodMetric(name: p.name, requestMilli: p.template.cpuRequest ?? 0, usageMilli: cluster.metricsServer.cpuUsageMilli(of: p),
                                               ready: p.ready, hot: hot, phase: p.containerRunning ? .running : .pending)
        }
        if current > 0, pods.allSatisfy({ $0.requestMilli > 0 }), pods.contains(where: { $0.usageMilli != nil }) {
            let r = ReplicaCalculator.desiredReplicas(current: current, pods: pods, targetUtilization: targetCPUUtilization,
                                                      tolerance: cluster.config.hpaTolerance)
            currentUtilization = r.utilization
            var desired = Swift.max(minReplicas, Swift.min(maxReplicas, r.replicas))
            recommendations.append((now, desired))
            recommendations.removeAll { now - $0.0 > scaleDownStabilization }
            if desired < current {
                desired = Swift.min(current, recommendations.map { $0.1 }.max() ?? desired)
            } else if desired > current {
                desired = Swift.min(desired, Swift.max(current * 2, current + 4))
            }
            desired = Swift.max(minReplicas, Swift.min(maxReplicas, desired))
            if desired != current { cluster.scale(d, to: desired) }
        } else if current < minReplicas && !d.stopped {
            cluster.scale(d, to: minReplicas)
        }
        timer = cluster.sim.schedule(after: cluster.config.hpaSyncPeriod) { [weak self] in self?.sync() }
    }
}
