import SimCore
import Infrastructure

/// A system (`SystemDefinition`) wired together on Kubernetes: a Deployment per service
/// (its manifest), their Services (`NAME:8080` in the cluster, `localhost:PORT` as a
/// port-forward), the gateway, one Kafka topic.
public final class SystemModel {
    /// What runs.
    public let system: SystemDefinition
    public let sim: Simulation
    public let streams: RandomStreams
    public let network: Network
    public let broker: KafkaBroker
    public let gateway: Gateway
    public let cluster: KubeCluster
    public private(set) var epoch: Int64 = 0
    /// Where virtual time 0 falls within the wall clock's second. A scenario's start time
    /// names a second; the instant within it at which a person's commands ran is unknown,
    /// so each run draws it (uniform over the second, stream `wall-clock`). It matters to
    /// what counts whole seconds of the wall clock: siege's `-t` timer (`time() + secs`).
    public let wallClockPhase: SimDuration
    /// Planted faults per service, applied to every pod's process (current and future).
    private var faults: [String: [ServiceFault]] = [:]
    /// The configuration each service's new processes start from (seed application.yml
    /// and the scenario's `config` lines), before their pod's environment.
    private var baseConfigs: [String: SpringBootConfig] = [:]
    /// Every breaker state change in every service: (caller process, command, from, to, counts).
    /// Every breaker state change in every service, Hystrix's or Resilience4j's: (caller
    /// process, command or circuit breaker name, Feign client, from, to, the window's counts).
    public var onBreakerChange: ((SpringBootApp, String, String, String, String, HealthCounts?) -> Void)?

    /// Spring Boot's defaults with the service's application.yml applied (the system's own
    /// keys known).
    public func startingConfig(_ name: String) -> SpringBootConfig {
        var c = system.blankConfig
        for (k, v) in system.service(name)?.settings ?? [] { try? c.set(k, v) }
        return c
    }

    public init(system: SystemDefinition, seed: UInt64, kafka: KafkaConfig = KafkaConfig(), configs: [String: SpringBootConfig] = [:]) {
        self.system = system
        sim = Simulation()
        streams = RandomStreams(seed: seed)
        var wallClockRng = streams.stream("wall-clock")
        wallClockPhase = Distribution.uniform(.zero, .nanoseconds(999_999_999)).sample(&wallClockRng)
        network = Network(sim: sim, streams: streams)
        broker = KafkaBroker(topic: system.topic, sim: sim, streams: streams, config: kafka)
        gateway = Gateway(network: network, sim: sim, routes: system.routes)
        gateway.wallClockPhase = wallClockPhase
        cluster = KubeCluster(sim: sim, network: network, streams: streams)
        cluster.makeProcess = { [unowned(unsafe) self] deployment, pod in self.makeProcess(deployment, pod) }
        for s in system.services {
            let name = s.name
            baseConfigs[name] = configs[name] ?? startingConfig(name)
            cluster.createDeployment(name, replicas: s.replicas, template: s.template, running: true)
            guard let svc = cluster.service(name) else { continue }
            network.bind(host: "\(name):8080", node: name, endpoint: svc)
            network.bind(host: "localhost:\(s.port)", node: name, endpoint: svc)
        }
        for host in system.gatewayHosts {
            network.bind(host: host, node: "gateway", endpoint: gateway)
        }
    }

    private func makeProcess(_ deployment: String, _ pod: String) -> SpringBootApp {
        let app = SpringBootApp(name: deployment, sim: sim, network: network, broker: broker,
                                streams: RandomStreams(seed: streams.seed ^ fnv1a64(pod)),
                                config: baseConfigs[deployment] ?? SpringBootConfig())
        // A Deployment the system does not have (the scenario parser and the manifest
        // reader refuse one) runs no application: every request gets Spring's 404.
        if let service = system.service(deployment)?.makeApplication() {
            service.app = app
            app.application = service
        }
        app.onCrash = { [unowned(unsafe) self, unowned(unsafe) app] in
            for d in self.cluster.deployments {
                if let pod = d.alivePods.first(where: { $0.process === app }) { self.cluster.crashContainer(pod) }
            }
        }
        app.wallClockPhase = wallClockPhase
        app.tracer = tracer
        app.epoch = epoch
        for f in faults[deployment] ?? [] { app.addFault(f) }
        app.hystrix.onBreakerChange = { [unowned(unsafe) self, unowned(unsafe) app] command, from, to, hc in
            self.onBreakerChange?(app, command.name, command.group, from.rawValue, to.rawValue, hc)
        }
        app.resilience4j.onTransition = { [unowned(unsafe) self, unowned(unsafe) app] breaker, group, from, to in
            let w = breaker.lastWindow
            let counts = to == .open && from != .open ? HealthCounts(total: Int64(w.calls), errors: Int64(w.failed)) : nil
            self.onBreakerChange?(app, breaker.name, group, from.rawValue, to.rawValue, counts)
        }
        // It joins its consumer group once it has booted (or at once, for the pods a
        // scenario starts with: KubeCluster.createDeployment(running:)).
        return app
    }

    /// Records Zipkin spans of every client request when set (before the run starts).
    public var tracer: Tracer? {
        didSet {
            gateway.tracer = tracer
            for p in cluster.allPods { (p.process as? SpringBootApp)?.tracer = tracer }
        }
    }

    /// Starts tracing client requests, keeping the traces `filter` selects.
    public func startTracing(_ filter: TraceFilter) {
        tracer = Tracer(sim: sim, filter: filter) { [unowned(unsafe) self] t in
            self.epoch * 1_000_000 + self.wallClock(at: t).nanoseconds / 1000
        }
    }

    /// Virtual time `t` on the wall clock, counted from the epoch's second.
    public func wallClock(at t: SimTime) -> SimTime { t + wallClockPhase }

    /// Sets the wall-clock time (Unix seconds) that virtual time 0 maps to.
    public func setEpoch(_ seconds: Int64) {
        epoch = seconds
        gateway.epoch = seconds
        for p in cluster.allPods { (p.process as? SpringBootApp)?.epoch = seconds }
    }

    /// The processes of a service's pods that are alive, oldest first.
    public func processes(_ name: String) -> [SpringBootApp] {
        cluster.deployment(name)?.alivePods.compactMap { $0.process as? SpringBootApp } ?? []
    }
    /// Every live process of every service.
    public var apps: [SpringBootApp] { cluster.deployments.flatMap { $0.alivePods.compactMap { $0.process as? SpringBootApp } } }
    /// The oldest live process of a service.
    public func app(_ name: String) -> SpringBootApp? { processes(name).first }
    /// The application of a service's oldest live pod.
    public func service(_ name: String) -> DataRestService? {
        app(system.service(name) != nil ? name : name.lowercased())?.application as? DataRestService
    }

    /// A service's rows over all its live pods (each pod has its own in-memory database).
    public func table(_ name: String) -> EntityTable? {
        let services = processes(name).compactMap { $0.application as? DataRestService }
        guard var merged = services.first?.table else { return nil }
        for s in services.dropFirst() { for r in s.table.all where merged.row(r["id"]?.int64Value ?? -1) == nil { merged.save(r) } }
        return merged
    }

    /// `config SERVICE KEY=VALUE`: the service's configuration, now and for new pods.
    public func configure(_ name: String, _ settings: [(String, String)]) {
        var base = baseConfigs[name] ?? SpringBootConfig()
        for (k, v) in settings { try? base.set(k, v) }
        baseConfigs[name] = base
        for p in cluster.deployment(name)?.alivePods ?? [] {
            guard let process = p.process as? SpringBootApp else { continue }
            // A container that starts later reads its environment over the new base.
            process.baseConfig = base
            guard p.containerRunning || p.phase == .running else { continue }
            var cfg = process.config
            for (k, v) in settings { try? cfg.set(k, v) }
            process.reconfigure(cfg)
        }
    }

    public func addFault(_ name: String, _ fault: ServiceFault) {
        faults[name, default: []].append(fault)
        for a in processes(name) { a.addFault(fault) }
    }

    public func stop(_ name: String) { cluster.stopService(name) }

    /// `fault SERVICE crash`: its oldest running pod's process dies; the kubelet restarts it.
    public func crash(_ name: String) {
        guard let pod = cluster.deployment(name)?.alivePods.first(where: { $0.containerRunning }) else { return }
        cluster.crashContainer(pod)
    }

    /// `fault SERVICE consumer-crash`: its oldest running process dies after processing the
    /// next record it consumes, before committing that record's offset.
    public func armConsumerCrash(_ name: String) {
        processes(name).first { $0.state == .running }?.consumerCrashArmed = true
    }
    public func start(_ name: String) { cluster.startService(name) }

    /// Whether every consumer group of a running service has committed the log end, no pod
    /// is still starting and nothing waits in a producer buffer: the consistency point.
    public var isSettled: Bool {
        guard broker.running, broker.pendingInProducers == 0 else { return false }
        for d in cluster.deployments where !d.stopped {
            let pods = d.alivePods
            if pods.contains(where: { !$0.containerRunning || $0.process.isStarting }) { return false }
            if !pods.isEmpty && broker.group(d.name).lag > 0 { return false }
        }
        return true
    }
}
