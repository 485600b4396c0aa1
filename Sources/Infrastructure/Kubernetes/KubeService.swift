import SimCore

/// A Kubernetes Service: its endpoints are the ready pods, as kube-proxy last learned them
/// (after the endpoint propagation delay); kube-proxy (iptables mode) picks one at random.
/// With no endpoint, the connection is refused.
public final class KubeService: HTTPEndpoint {
    public let name: String
    public internal(set) var endpoints: [Pod] = []
    unowned(unsafe) let cluster: KubeCluster
    var rng: Xoshiro256StarStar

    init(name: String, cluster: KubeCluster, rng: Xoshiro256StarStar) {
        self.name = name
        self.cluster = cluster
        self.rng = rng
    }

    public func accept(_ request: HTTPRequest, reply: @escaping (HTTPResult) -> Void) {
        guard !endpoints.isEmpty else { reply(.connectionRefused); return }
        let pod = endpoints.count == 1 ? endpoints[0] : endpoints[Int(rng.next() % UInt64(endpoints.count))]
        pod.process.accept(request, reply: reply)
    }

    /// The endpoints controller saw a change: kube-proxy learns it after the propagation delay.
    func scheduleRefresh(immediately: Bool = false) {
        let apply = { [unowned(unsafe) self] in
            self.endpoints = self.cluster.deployment(self.name)?.alivePods.filter { $0.ready && $0.phase == .running } ?? []
        }
        if immediately { apply(); return }
        cluster.sim.schedule(after: cluster.config.endpointPropagation.sample(&rng), apply)
    }
}
