import SimCore

/// A Kubernetes Service: its endpoints are the ready pods, as kube-proxy last learned them
/// (after the endpoint propagation delay); kube-proxy (iptables mode) picks one at random.
/// With no endpoint, the connection is refused.
public final class KubeService: HTTPEndpoint {
    public let name: String
    public internal(set) var endpoints: [Pod] = []
    unowned(unsafe) let cluster: KubeCluster
    /// kube-proxy's random choice of endpoint, and the endpoint propagation delays.
    var pickRng: Xoshiro256StarStar
    var propagationRng: Xoshiro256StarStar
    /// The endpoint sets on their way to kube-proxy: the newest one (and when it was taken,
    /// and when it lands), how many were written, and the newest one applied (an immediate
    /// refresh makes those still on their way stale).
    private var newest = EndpointsWrite(pods: [])
    private var newestTakenAt = SimTime(nanoseconds: -1)
    private var lastArrival: SimTime = .zero
    private var writes = 0
    private var writeApplied = 0

    init(name: String, cluster: KubeCluster, pickRng: Xoshiro256StarStar, propagationRng: Xoshiro256StarStar) {
        self.name = name
        self.cluster = cluster
        self.pickRng = pickRng
        self.propagationRng = propagationRng
    }

    public func accept(_ request: HTTPRequest, reply: @escaping (HTTPAnswer) -> Void) {
        guard !endpoints.isEmpty else { reply(.connectionRefused); return }
        let pod = endpoints.count == 1 ? endpoints[0] : endpoints[Int(pickRng.next() % UInt64(endpoints.count))]
        pod.process.accept(request, reply: reply)
    }

    /// The endpoints controller saw a change: kube-proxy learns it after the propagation delay.
    ///
    /// The set is taken now, as the endpoints controller writes it into the Endpoints object,
    /// and lands as it was. Changes at one instant are one write: the controller's work
    /// queue holds a Service's key once (client-go util/workqueue `Add` returns when the key
    /// is already dirty) and its sync reads the pods as they are then. kube-proxy watches
    /// Endpoints (EndpointSlices) through an informer, whose watch delivers writes in the
    /// API server's order; `OnEndpointsUpdate` only records the change
    /// (`endpointsChanges.Update`) and `syncProxyRules` applies what has accumulated
    /// (`endpointsMap.Update(endpointsChanges)`, pkg/proxy/iptables/proxier.go, release-1.19).
    /// So what kube-proxy routes to moves forward through the sets the controller wrote, in
    /// order: a write whose delay is drawn shorter than an earlier one's waits for it (it
    /// lands at the same instant, after it), never before it. `immediately` (a scenario's
    /// start, resortsim's `stop`) applies the set at once; writes still on their way, being
    /// older, are then dropped.
    func scheduleRefresh(immediately: Bool = false) {
        let observed = cluster.deployment(name)?.alivePods.filter { $0.ready && $0.phase == .running } ?? []
        let now = cluster.sim.now
        if !immediately, newestTakenAt == now, writeApplied < writes {
            newest.pods = observed
            return
        }
        writes += 1
        let write = writes
        if immediately {
            endpoints = observed
            writeApplied = write
            lastArrival = now
            return
        }
        let pending = EndpointsWrite(pods: observed)
        newest = pending
        newestTakenAt = now
        let arrival = max(now + cluster.config.endpointPropagation.sample(&propagationRng), lastArrival)
        lastArrival = arrival
        cluster.sim.schedule(at: arrival) { [unowned(unsafe) self] in
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
