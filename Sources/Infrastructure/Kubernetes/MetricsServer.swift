import SimCore

/// metrics-server: scrapes each running pod's CPU usage (cAdvisor's cumulative core-seconds),
/// averaged over the time since the pod's last scrape (its `--metric-resolution` window).
/// It keeps, per pod, the last scrape and its usage, which the HPA reads
/// (`metrics.k8s.io` `PodMetrics`).
final class MetricsServer {
    /// One pod's last scrape: the cumulative core-seconds then, and the usage it gave.
    private struct Sample {
        /// Held so that the pod's identifier is not reused while its sample exists.
        let pod: Pod
        var cpuArea: Double = 0
        var scrapedAt: SimTime? = nil
        var usageMilli: Int? = nil
    }
    /// Keyed by the pod's identity: looked up only, never iterated (no order reaches a decision).
    private var samples: [ObjectIdentifier: Sample] = [:]

    /// Scrapes every live pod of `d` at `now`.
    func scrape(_ d: Deployment, now: SimTime) {
        for p in d.alivePods {
            let key = ObjectIdentifier(p)
            var s = samples[key] ?? Sample(pod: p)
            if !p.containerRunning {
                s.usageMilli = nil; s.scrapedAt = nil
            } else {
                let area = p.process.cpuSecondsUsed
                if let last = s.scrapedAt, now > last {
                    s.usageMilli = Int(((area - s.cpuArea) / (now - last).seconds * 1000).rounded())
                } else {
                    s.usageMilli = nil
                }
                s.cpuArea = area
                s.scrapedAt = now
            }
            samples[key] = s
        }
    }

    /// The pod's CPU usage in millicores from its last two scrapes (nil before it has two).
    func cpuUsageMilli(of pod: Pod) -> Int? { samples[ObjectIdentifier(pod)]?.usageMilli }
}
