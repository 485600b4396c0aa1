import SimCore
import Infrastructure

/// The whole system wired together: five services, the gateway, one Kafka topic, and
/// the network that names them (`resort:8080` in the cluster, `localhost:8082` locally).
public final class ResortSystemModel {
    /// Service names with their local ports (SEED-FLOWS.md).
    public static let services: [(name: String, port: Int)] = [
        ("reservation", 8081), ("resort", 8082), ("mypage", 8083), ("payment", 8084), ("voucher", 8085),
    ]
    /// The topic, named after the application package as the MSAEz template does.
    public static let topic = "resortreservation"

    public let sim: Simulation
    public let streams: RandomStreams
    public let network: Network
    public let broker: KafkaBroker
    public let gateway: Gateway
    public private(set) var apps: [SpringBootApp] = []
    public private(set) var services: [DataRestService] = []
    public private(set) var epoch: Int64 = 0
    /// Every breaker state change in every service: (caller, command, from, to, counts).
    public var onBreakerChange: ((SpringBootApp, HystrixCommandKey, HystrixCircuitBreaker.State, HystrixCircuitBreaker.State, HealthCounts?) -> Void)?

    public init(seed: UInt64, kafka: KafkaConfig = KafkaConfig(), configs: [String: SpringBootConfig] = [:]) {
        sim = Simulation()
        streams = RandomStreams(seed: seed)
        network = Network(sim: sim, streams: streams)
        broker = KafkaBroker(topic: ResortSystemModel.topic, sim: sim, streams: streams, config: kafka)
        gateway = Gateway(network: network, sim: sim)
        for (name, port) in ResortSystemModel.services {
            let app = SpringBootApp(name: name, sim: sim, network: network, broker: broker, streams: streams,
                                    config: configs[name] ?? SpringBootConfig())
            let service: DataRestService
            switch name {
            case "reservation": service = ReservationService()
            case "resort": service = ResortService()
            case "mypage": service = MyPageService()
            case "payment": service = PaymentService()
            default: service = VoucherService()
            }
            service.app = app
            app.application = service
            app.startConsuming()
            app.hystrix.onBreakerChange = { [unowned self, unowned app] command, from, to, hc in
                self.onBreakerChange?(app, command, from, to, hc)
            }
            apps.append(app)
            services.append(service)
            network.bind(host: "\(name):8080", node: name, endpoint: app)
            network.bind(host: "localhost:\(port)", node: name, endpoint: app)
        }
        for host in ["gateway:8080", "localhost:8080", "localhost:8088"] {
            network.bind(host: host, node: "gateway", endpoint: gateway)
        }
    }

    /// Sets the wall-clock time (Unix seconds) that virtual time 0 maps to.
    public func setEpoch(_ seconds: Int64) {
        epoch = seconds
        gateway.epoch = seconds
        for a in apps { a.epoch = seconds }
    }

    public func app(_ name: String) -> SpringBootApp? { apps.first { $0.name == name } }
    public func service(_ name: String) -> DataRestService? { services.first { $0.schema.name.lowercased() == name.lowercased() || $0.app?.name == name } }

    /// Whether every consumer group of a running service has committed the log end and
    /// nothing waits in a producer buffer: the eventual-consistency point.
    public var isSettled: Bool {
        guard broker.running, broker.pendingInProducers == 0 else { return false }
        for a in apps where a.state != .stopped {
            if a.consumer.lag > 0 || a.state == .starting { return false }
        }
        return true
    }
}
