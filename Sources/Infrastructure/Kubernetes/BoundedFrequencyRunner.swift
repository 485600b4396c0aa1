import SimCore

/// kube-proxy's sync loop (iptables mode): `syncProxyRules` run by a BoundedFrequencyRunner
/// (`pkg/util/async/bounded_frequency_runner.go`; `pkg/proxy/iptables/proxier.go` creates it
/// with `minSyncPeriod`, a maximum interval of one hour and `burstSyncs = 2`).
///
/// - Every Endpoints change asks for a run (`Run()`); requests made while a sync runs, or
///   while the runner waits, coalesce into one.
/// - A run may start when the token bucket (`burstSyncs` tokens, one more per
///   `minSyncPeriod`, full at the start) has a token; otherwise the runner waits until
///   `minSyncPeriod` has passed since the last run ended. With `minSyncPeriod` 0 every
///   request runs at once.
/// - A sync applies the changes its informers had delivered when it started, and they take
///   effect when it ends (iptables-restore). So an endpoint's removal lands at once on a
///   quiet node, and up to `minSyncPeriod` late when two syncs ran within the last period.
/// The one-hour periodic run and `--iptables-sync-period` (which, from 1.19, drives only
/// the rule-tampering monitor) change no rule in a run and are not modelled.
final class BoundedFrequencyRunner {
    private unowned(unsafe) let sim: Simulation
    /// `--iptables-min-sync-period` (set by the cluster's version before a run's first sync).
    var minInterval: SimDuration
    private let burst: Int
    private let syncDuration: Distribution
    private var rng: Xoshiro256StarStar
    private var tokens: Double
    private var tokensAt: SimTime
    private var lastRunEnd: SimTime?
    private var syncing = false
    private var requested = false
    private var retry = TimerHandle.none
    /// The proxies whose delivered changes wait for a sync, in the order they asked.
    private var waiting: [KubeProxy] = []
    /// Syncs run (for tests).
    private(set) var runs = 0

    init(sim: Simulation, minInterval: SimDuration, burst: Int, syncDuration: Distribution, rng: Xoshiro256StarStar) {
        self.sim = sim
        self.minInterval = minInterval
        self.burst = max(1, burst)
        self.syncDuration = syncDuration
        self.rng = rng
        tokens = Double(max(1, burst))
        tokensAt = sim.now
    }

    /// `Run()`: `proxy` has changes its informer delivered; a sync will apply them.
    func request(_ proxy: KubeProxy) {
        if !waiting.contains(where: { $0 === proxy }) { waiting.append(proxy) }
        requested = true
        if !syncing && retry == .none { tryRun() }
    }

    private func tryRun() {
        retry = .none
        guard requested else { return }
        if minInterval.nanoseconds <= 0 || takeToken() {
            requested = false
            startSync()
            return
        }
        // Not allowed yet: wait until a period has passed since the last run ended.
        let end = lastRunEnd ?? sim.now
        let wait = max(.zero, end + minInterval - sim.now)
        retry = sim.scheduleCancellable(after: wait) { [unowned(unsafe) self] in self.tryRun() }
    }

    /// The token bucket of client-go's `flowcontrol.NewTokenBucketRateLimiter`: it refills at
    /// one token per `minInterval`, up to `burst`, and starts full.
    private func takeToken() -> Bool {
        let elapsed = Double((sim.now - tokensAt).nanoseconds) / Double(minInterval.nanoseconds)
        tokens = min(Double(burst), tokens + elapsed)
        tokensAt = sim.now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    private func startSync() {
        syncing = true
        runs += 1
        let batch = waiting.map { ($0, $0.takeDelivered()) }
        waiting.removeAll()
        sim.schedule(after: syncDuration.sample(&rng)) { [unowned(unsafe) self] in
            for (proxy, change) in batch { if let c = change { proxy.program(c.pods, write: c.write) } }
            self.syncing = false
            self.lastRunEnd = self.sim.now
            if self.requested { self.tryRun() }
        }
    }
}
