import SimCore

/// metrics-server: scrapes each running pod's CPU usage, averaged over the time since
/// the pod's last scrape (its `--metric-resolution` window).
struct MetricsServer {
    /// Scrapes every live pod of `d` at `now`.
    func scrape(_ d: Deployment, now: SimTime) {
        for p in d.alivePods {
            guard p.containerRunning else { p.cpuUsageMilli = nil; p.lastScrape = nil; continue }
            let area = p.process.cpuSecondsUsed
            if let last = p.lastScrape, now > last {
                p.cpuUsageMilli = Int(((area - p.lastCPUArea) / (now - last).seconds * 1000).rounded())
            } else {
                p.cpuUsageMilli = nil
            }
            p.lastCPUArea = area
            p.lastScrape = now
        }
    }
}
