/// The system a run simulated, as its users draw it on their event-storming board: the
/// services, the synchronous (Feign) calls between them with the resilience settings the
/// run gave them, and each event from its publisher to the policies and views that consume
/// it. A neutral value: the Scenario layer fills it from the loaded system and the run's
/// configuration; report.html draws it (`HTMLReport.systemPicture`). Everything in the
/// system files' order, so that the drawing is deterministic.
public struct SystemPicture: Sendable, Equatable {
    /// One Feign method: an arrow from caller to callee.
    public struct Call: Sendable, Equatable {
        public let from: String
        public let to: String
        /// The method's name (`getResortStatus`).
        public let method: String
        /// Its Hystrix or Resilience4j settings as the run configured them
        /// (`Hystrix timeout 610 ms, pool 10`).
        public let settings: String
        /// The long form, for the arrow's tooltip: config key, verb and path, fallback, breaker.
        public let detail: String
        public init(from: String, to: String, method: String, settings: String, detail: String) {
            self.from = from; self.to = to; self.method = method; self.settings = settings; self.detail = detail
        }
        /// The arrow's label.
        public var label: String { settings.isEmpty ? method : method + " · " + settings }
    }

    /// A policy or view that consumes an event, in the service that runs it.
    public struct Consumer: Sendable, Equatable {
        public enum Kind: String, Sendable { case policy, view }
        public let service: String
        public let kind: Kind
        public init(service: String, kind: Kind) { self.service = service; self.kind = kind }
    }

    /// An event, its publisher and its consumers.
    public struct Event: Sendable, Equatable {
        public let name: String
        public let publisher: String
        public let consumers: [Consumer]
        public init(name: String, publisher: String, consumers: [Consumer]) {
            self.name = name; self.publisher = publisher; self.consumers = consumers
        }
    }

    public let name: String
    /// The Kafka topic the events travel on.
    public let topic: String
    public let services: [String]
    public let calls: [Call]
    public let events: [Event]
    public init(name: String, topic: String, services: [String], calls: [Call], events: [Event]) {
        self.name = name; self.topic = topic; self.services = services; self.calls = calls; self.events = events
    }
}
