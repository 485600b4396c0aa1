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
    func scheduleRefresh(immediately: Bool = false) {
        let apply = { [unowned(unsafe) self] in
            self.endpoints = self.cluster.deployment(self.name)?.alivePods.filter { $0.ready && $0.phase == .running } ?? []
        }
        if immediately { apply(); return }
        cluster.sim.schedule(after: cluster.config.endpointPropagation.sample(&propagationRng), apply)
    }
}
