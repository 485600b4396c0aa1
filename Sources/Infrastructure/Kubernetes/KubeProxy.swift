import SimCore

/// kube-proxy (iptables mode) for one Service: the endpoints it has programmed into its
/// rules, and the random choice among them that the rules make for each new connection
/// (`-m statistic --mode random`). With no endpoint, the connection is refused.
///
/// It learns the endpoints the endpoints controller writes after the propagation delay, in
/// the order they were written: kube-proxy watches Endpoints (EndpointSlices) through an
/// informer, whose watch delivers writes in the API server's order; `OnEndpointsUpdate`
/// only records the change (`endpointsChanges.Update`) and `syncProxyRules` applies what
/// has accumulated (`endpointsMap.Update(endpointsChanges)`, pkg/proxy/iptables/proxier.go,
/// release-1.19). So what it routes to moves forward through the written sets, in order: a
/// write whose delay is drawn shorter than an earlier one's waits for it (it lands at the
/// same instant, after it), never before it.
final class KubeProxy {
    /// The endpoints programmed into the rules.
    private(set) var endpoints: [Pod] = []
    private unowned(unsafe) let sim: Simulation
    /// The random choice of endpoint, and the endpoint propagation delays.
    private var pickRng: Xoshiro256StarStar
    private var propagationRng: Xoshiro256StarStar
    /// The endpoint sets on their way: the newest one (and when it was written, and when it
    /// lands), how many were written, and the newest one applied (an immediate write makes
    /// those still on their way stale).
    private var newest = EndpointsWrite(pods: [])
    private var newestWrittenAt = SimTime(nanoseconds: -1)
    private var lastArrival: SimTime = .zero
    private var writes = 0
    private var writeApplied = 0

    init(sim: Simulation, pickRng: Xoshiro256StarStar, propagationRng: Xoshiro256StarStar) {
        self.sim = sim
        self.pickRng = pickRng
        self.propagationRng = propagationRng
    }

    /// A new connection to the Service: forwarded to one endpoint picked at random.
    func route(_ request: HTTPRequest, reply: @escaping (HTTPAnswer) -> Void) {
        guard !endpoints.isEmpty else { reply(.connectionRefused); return }
        let pod = endpoints.count == 1 ? endpoints[0] : endpoints[Int(pickRng.next() % UInt64(endpoints.count))]
        pod.process.accept(request, reply: reply)
    }

    /// The endpoints controller wrote `pods` now: they land after a delay drawn from
    /// `propagation`, after every earlier write. A write at the same instant as one still on
    /// its way replaces its set (the controller's work queue holds a Service's key once, so
    /// changes at one instant are one write). `immediately` (a scenario's start,
    /// resortsim's `stop`) applies the set at once; writes still on their way, being older,
    /// are then dropped.
    func endpointsWritten(_ pods: [Pod], propagation: Distribution, immediately: Bool) {
        let now = sim.now
        if !immediately, newestWrittenAt == now, writeApplied < writes {
            newest.pods = pods
            return
        }
        writes += 1
        let write = writes
        if immediately {
            endpoints = pods
            writeApplied = write
            lastArrival = now
            return
        }
        let pending = EndpointsWrite(pods: pods)
        newest = pending
        newestWrittenAt = now
        let arrival = max(now + propagation.sample(&propagationRng), lastArrival)
        lastArrival = arrival
        sim.schedule(at: arrival) { [unowned(unsafe) self] in
            guard write > self.writeApplied else { return }
            self.endpoints = pending.pods
            self.writeApplied = write
        }
    }
}

/// One Endpoints write on its way to kube-proxy: the ready pods it lists.
private final class EndpointsWrite {
    var pods: [Pod]
    init(pods: [Pod]) { self.pods = pods }
}
