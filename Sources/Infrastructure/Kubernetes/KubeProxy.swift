import SimCore

/// kube-proxy (iptables mode) for one Service: the endpoints it has programmed into its
/// rules, and the random choice among them that the rules make for each new connection
/// (`-m statistic --mode random`). With no endpoint, the connection is refused.
///
/// It learns the endpoints the endpoints controller writes through an informer, whose watch
/// delivers writes in the API server's order; `OnEndpointsUpdate` only records the change
/// (`endpointsChanges.Update`) and asks the node's sync runner for a run; the sync applies
/// what has accumulated (`endpointsMap.Update(endpointsChanges)`, pkg/proxy/iptables/
/// proxier.go, release-1.19) when its iptables-restore ends (`BoundedFrequencyRunner`). So
/// what it routes to moves forward through the written sets, in order, never back.
final class KubeProxy {
    /// The endpoints programmed into the rules.
    private(set) var endpoints: [Pod] = []
    private unowned(unsafe) let sim: Simulation
    /// The node's sync loop, shared by every Service.
    private unowned(unsafe) let runner: BoundedFrequencyRunner
    /// The random choice of endpoint, and the watch's delivery delays.
    private var pickRng: Xoshiro256StarStar
    private var deliveryRng: Xoshiro256StarStar
    /// The newest write (and when it was made), when the last one is delivered, how many were
    /// written, the newest delivered and not yet taken by a sync, and the one the rules hold.
    private var newest = EndpointsWrite(pods: [])
    private var newestWrittenAt = SimTime(nanoseconds: -1)
    private var lastDelivery: SimTime = .zero
    private var writes = 0
    private var delivered: (pods: [Pod], write: Int)?
    private var programmed = 0

    init(sim: Simulation, runner: BoundedFrequencyRunner, pickRng: Xoshiro256StarStar, deliveryRng: Xoshiro256StarStar) {
        self.sim = sim
        self.runner = runner
        self.pickRng = pickRng
        self.deliveryRng = deliveryRng
    }

    /// A new connection to the Service: forwarded to one endpoint picked at random.
    func route(_ request: HTTPRequest, reply: @escaping (HTTPAnswer) -> Void) {
        guard !endpoints.isEmpty else { reply(.connectionRefused); return }
        let pod = endpoints.count == 1 ? endpoints[0] : endpoints[Int(pickRng.next() % UInt64(endpoints.count))]
        pod.process.accept(request, reply: reply)
    }

    /// The endpoints controller wrote `pods` now: the watch delivers the write after a delay
    /// drawn from `delivery`, after every earlier write, and the next sync programs it. A
    /// write at the same instant as one not yet delivered replaces its set (the controller's
    /// work queue holds a Service's key once, so changes at one instant are one write).
    /// `immediately` (a scenario's start, resortsim's `stop`) programs the set at once;
    /// writes still on their way, being older, are then dropped.
    func endpointsWritten(_ pods: [Pod], delivery: Distribution, immediately: Bool) {
        let now = sim.now
        if !immediately, newestWrittenAt == now, !newest.delivered {
            newest.pods = pods
            return
        }
        writes += 1
        let write = writes
        if immediately {
            endpoints = pods
            programmed = write
            delivered = nil
            lastDelivery = now
            return
        }
        let pending = EndpointsWrite(pods: pods)
        newest = pending
        newestWrittenAt = now
        let arrival = max(now + delivery.sample(&deliveryRng), lastDelivery)
        lastDelivery = arrival
        sim.schedule(at: arrival) { [unowned(unsafe) self] in
            pending.delivered = true
            guard write > self.programmed else { return }
            self.delivered = (pending.pods, write)
            self.runner.request(self)
        }
    }

    /// A sync starts: the newest delivered change, which it will program.
    func takeDelivered() -> (pods: [Pod], write: Int)? {
        defer { delivered = nil }
        return delivered
    }

    /// A sync ended: its rules hold `pods` (unless a newer set was programmed meanwhile).
    func program(_ pods: [Pod], write: Int) {
        guard write > programmed else { return }
        endpoints = pods
        programmed = write
    }
}

/// One Endpoints write on its way to kube-proxy: the ready pods it lists.
private final class EndpointsWrite {
    var pods: [Pod]
    var delivered = false
    init(pods: [Pod]) { self.pods = pods }
}
