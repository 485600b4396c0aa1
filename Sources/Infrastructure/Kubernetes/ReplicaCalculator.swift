/// The HPA's CPU replica calculation (`replica_calculator.go`, `GetResourceReplicas`).
public enum ReplicaCalculator {
    public enum Phase: Sendable { case running, pending, failed, deleted }

    public struct PodMetric: Sendable {
        public var name: String
        public var requestMilli: Int
        /// Usage from metrics-server; nil when it has none for the pod.
        public var usageMilli: Int?
        public var ready: Bool
        /// Still in the CPU initialization period with a metric taken before readiness.
        public var hot: Bool = false
        public var phase: Phase = .running
        public init(name: String, requestMilli: Int, usageMilli: Int?, ready: Bool, hot: Bool = false, phase: Phase = .running) {
            self.name = name; self.requestMilli = requestMilli; self.usageMilli = usageMilli; self.ready = ready; self.hot = hot; self.phase = phase
        }
    }

    /// Returns the desired replica count and the utilization (percent of requests, over the
    /// ready pods with metrics) the decision used. Failed and deleted pods are left out, as
    /// are pending pods without metrics.
    public static func desiredReplicas(current: Int, pods: [PodMetric], targetUtilization: Int, tolerance: Double) -> (replicas: Int, utilization: Int) {
        var ready: [PodMetric] = [], unready: [PodMetric] = [], missing: [PodMetric] = []
        for p in pods {
            switch p.phase {
            case .failed, .deleted: continue
            case .pending: if p.usageMilli == nil { continue } // unscheduled pods are ignored
            case .running: break
            }
            if p.usageMilli == nil { missing.append(p); continue }
            if !p.ready || p.hot || p.phase == .pending { unready.append(p); continue }
            ready.append(p)
        }
        guard !ready.isEmpty || !missing.isEmpty || !unready.isEmpty else { return (current, 0) }
        func ratio(_ usage: [(Int, Int)]) -> (Double, Int) {
            let u = usage.reduce(0) { $0 + $1.0 }, r = usage.reduce(0) { $0 + $1.1 }
            guard r > 0 else { return (0, 0) }
            let utilization = Int(Double(u) * 100 / Double(r))
            return (Double(u) / Double(r) * 100 / Double(targetUtilization), utilization)
        }
        var usage = ready.map { ($0.usageMilli ?? 0, $0.requestMilli) }
        let (usageRatio, utilization) = ratio(usage)
        let scaleUp = usageRatio > 1
        if missing.isEmpty && unready.isEmpty {
            if abs(1 - usageRatio) <= tolerance { return (current, utilization) }
            return (Int((usageRatio * Double(ready.count)).rounded(.up)), utilization)
        }
        if !missing.isEmpty {
            // Scaling down, a pod without metrics is taken as using its whole request;
            // scaling up, as using nothing.
            for p in missing { usage.append((usageRatio < 1 ? p.requestMilli : 0, p.requestMilli)) }
        }
        if scaleUp { for p in unready { usage.append((0, p.requestMilli)) } }
        // The utilization reported is the one over ready pods with metrics, as Kubernetes reports it.
        let (newRatio, _) = ratio(usage)
        if abs(1 - newRatio) <= tolerance || (usageRatio < 1 && newRatio > 1) || (usageRatio > 1 && newRatio < 1) {
            return (current, utilization)
        }
        let desired = Int((newRatio * Double(usage.count)).rounded(.up))
        if (newRatio < 1 && desired > current) || (newRatio > 1 && desired < current) { return (current, utilization) }
        return (desired, utilization)
    }
}
