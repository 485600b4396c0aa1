import SimCore
import Infrastructure
import Formats

/// A system as its folder describes it (`systems/NAME/system.yml`, the services'
/// application.yml, the gateway's, the Kubernetes manifests), checked and ready to run:
/// what every other part of the model needs to know about it, in one place. `SystemLoader`
/// builds it; `SystemModel` runs it.
public final class SystemDefinition: @unchecked Sendable {
    /// `system:` and the folder it was read from.
    public let name: String
    public let directory: String
    /// The services in the file's order (the order the model creates them: part of every
    /// run's determinism).
    public let services: [ServiceDefinition]
    /// The one Kafka topic every service publishes on and consumes (the bindings' destination).
    public let topic: String
    /// The gateway's routes, in its file's order, and the hosts it answers on.
    public let routes: [GatewayRoute]
    public let gatewayHosts: [String]
    /// Every event by name, with its publisher.
    public let events: [EventDefinition]
    /// The cross-service invariants (`expect consistent`), if the file states any.
    public let invariants: Invariants?
    /// The system's own configuration keys (code variants, Feign URL properties).
    public let applicationKeys: ApplicationKeys

    init(name: String, directory: String, services: [ServiceDefinition], topic: String, routes: [GatewayRoute],
         gatewayHosts: [String], events: [EventDefinition], invariants: Invariants?, applicationKeys: ApplicationKeys) {
        self.name = name; self.directory = directory; self.services = services; self.topic = topic
        self.routes = routes; self.gatewayHosts = gatewayHosts; self.events = events
        self.invariants = invariants; self.applicationKeys = applicationKeys
    }

    /// The services' names, in creation order.
    public var names: [String] { services.map { $0.name } }

    /// The service called `name`, if the system has one.
    public func service(_ name: String) -> ServiceDefinition? { services.first { $0.name == name } }

    /// The service that publishes an event (by its `eventType`), or "unknown".
    public func producer(of event: JSON) -> String {
        let t = DomainEvent.type(of: event)
        return events.first { $0.name == t }?.publisher ?? "unknown"
    }

    /// Spring Boot's defaults with the system's own keys known (what a `config` line is checked against).
    public var blankConfig: SpringBootConfig {
        var c = SpringBootConfig()
        c.applicationKeys = applicationKeys
        return c
    }

    /// The hosts a client can address: the gateway's, and each service's `NAME:8080` and `localhost:PORT`.
    public var knownHosts: [String] {
        var h = gatewayHosts
        for s in services { h += ["\(s.name):8080", "localhost:\(s.port)"] }
        return h
    }
}

/// One service: its name (Deployment, Service and host `NAME:8080`), local port, the
/// configuration its processes start from, its Deployment's pod template, its entity and code.
public struct ServiceDefinition: @unchecked Sendable {
    public let name: String
    public let port: Int
    /// The application.yml keys its processes start from (before the scenario's `config` lines).
    public let settings: [(String, String)]
    /// The Deployment's replicas and pod template (its manifest).
    public let replicas: Int
    public let template: PodTemplate
    public let schema: EntitySchema
    public let program: ServiceProgram
    /// Each event it publishes, with its fields.
    public let eventFields: [(String, [EventField])]
    /// What `validate` prints: the Feign calls, the endpoints, the handlers.
    public let feignCalls: [FeignCallSummary]
    public let database: String

    /// The application code a pod of this service runs.
    public func makeApplication() -> DataRestService {
        DataRestService(schema: schema, program: program, events: eventFields)
    }
}

/// A Feign method the code calls, for the summary: `StockService#getStock(Long)`,
/// its verb and path, the service it reaches, its client's name (the Hystrix group).
public struct FeignCallSummary: Sendable {
    public let configKey: String
    public let client: String
    public let method: String
    public let path: String
    public let target: String
    public let fallback: String
}

/// A route of the gateway: requests whose path is the prefix or starts with it and `/` go
/// to the service's host.
public struct GatewayRoute: Sendable {
    public let prefix: String
    public let service: String
    public let host: String

    public init(prefix: String, service: String, host: String) {
        self.prefix = prefix; self.service = service; self.host = host
    }

    /// Whether the route takes `path` (without its query): the prefix itself, or the prefix
    /// and a `/` then anything (Spring Cloud Gateway's `Path=/orders/**`). Compared byte by
    /// byte, as the gateway matches the raw path; a Character-wise `hasPrefix` was a twentieth
    /// of the soak's instructions.
    public func matches(_ path: Substring) -> Bool {
        // On the contiguous bytes when both have them (native strings do): iterating a
        // Substring's UTF-8 view checks each index.
        let fast = prefix.utf8.withContiguousStorageIfAvailable { pre in
            path.utf8.withContiguousStorageIfAvailable { p -> Bool in
                guard p.count >= pre.count else { return false }
                for i in 0..<pre.count where p[i] != pre[i] { return false }
                return p.count == pre.count || p[pre.count] == UInt8(ascii: "/")
            }
        }
        if let fast = fast ?? nil { return fast }
        var p = path.utf8.makeIterator()
        for b in prefix.utf8 { guard p.next() == b else { return false } }
        guard let next = p.next() else { return true }
        return next == UInt8(ascii: "/")
    }
}

/// An event, its publisher, its fields, and who reacts to it.
public struct EventDefinition: Sendable {
    public let name: String
    public let publisher: String
    public let fields: [EventField]
}
