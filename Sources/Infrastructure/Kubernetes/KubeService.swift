import SimCore

/// A Kubernetes Service: its endpoints are the ready pods, which the `EndpointsController`
/// writes and `KubeProxy` routes to once it has learned them.
public final class KubeService: HTTPEndpoint {
    public let name: String
    let kubeProxy: KubeProxy

    init(name: String, cluster: KubeCluster, pickRng: Xoshiro256StarStar, deliveryRng: Xoshiro256StarStar) {
        self.name = name
        kubeProxy = KubeProxy(sim: cluster.sim, runner: cluster.kubeProxySync, pickRng: pickRng, deliveryRng: deliveryRng)
    }

    /// The endpoints kube-proxy routes to now.
    public var endpoints: [Pod] { kubeProxy.endpoints }

    public func accept(_ request: HTTPRequest, reply: @escaping (HTTPAnswer) -> Void) {
        kubeProxy.route(request, reply: reply)
    }
}
