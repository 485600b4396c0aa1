import SimCore

/// The endpoints controller (pkg/controller/endpoint/endpoints_controller.go, release-1.19):
/// when a pod of a Service changes (it becomes Ready or not, it dies), `syncService` lists
/// the pods the Service selects and writes its Endpoints object as they are then. Its
/// `addresses` are the pods that are running and Ready; not-ready pods go to
/// `notReadyAddresses`, which kube-proxy does not route to, and pods being deleted are
/// left out, so only the first list is modelled. kube-proxy learns each write through its
/// watch (`KubeProxy.endpointsWritten`).
final class EndpointsController {
    private unowned(unsafe) let cluster: KubeCluster

    init(cluster: KubeCluster) { self.cluster = cluster }

    /// The pods a write of `name`'s Endpoints lists.
    func readyAddresses(_ name: String) -> [Pod] {
        cluster.deployment(name)?.alivePods.filter { $0.ready && $0.phase == .running } ?? []
    }

    /// `syncService` for `name`: writes its Endpoints; `immediately` (a scenario's start,
    /// resortsim's `stop`) has kube-proxy program the write at once.
    func syncService(_ name: String, immediately: Bool = false) {
        guard let service = cluster.service(name) else { return }
        service.kubeProxy.endpointsWritten(readyAddresses(name), delivery: cluster.config.endpointsDelivery, immediately: immediately)
    }
}
