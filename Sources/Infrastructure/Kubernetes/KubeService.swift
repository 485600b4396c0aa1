import SimCore

/// A Kubernetes Service: its endpoints are the ready pods, which the endpoints controller
/// writes and `KubeProxy` routes to once it has learned them.
public final class KubeService: HTTPEndpoint {
    public let name: String
    unowned(unsafe) let cluster: KubeCluster
    let kubeProxy: KubeProxy

    init(name: String, cluster: KubeCluster, pickRng: Xoshiro256StarStar, deliveryRng: Xoshiro256StarStar) {
        self.name = name
        self.cluster = cluster
        kubeProxy = KubeProxy(sim: cluster.sim, runner: cluster.kubeProxySync, pickRng: pickRng, deliveryRng: deliveryRng)
    }

    /// The endpoints kube-proxy routes to now.
    public var endpoints: [Pod] { kubeProxy.endpoints }

    public func accept(_ request: HTTPRequest, reply: @escaping (HTTPAnswer) -> Void) {
        kubeProxy.route(request, reply: reply)
    }

    /// The endpoints controller saw a change: it writes the ready pods into the Endpoints
    /// object as they are now; kube-proxy's watch delivers the write and its next sync
    /// programs it (`immediately`: at once).
    func scheduleRefresh(immediately: Bool = false) {
        let observed = cluster.deployment(name)?.alivePods.filter { $0.ready && $0.phase == .running } ?? []
        kubeProxy.endpointsWritten(observed, delivery: cluster.config.endpointsDelivery, immediately: immediately)
    }
}
