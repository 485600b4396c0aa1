import SimCore

/// Network defaults.
public struct NetworkConfig: Sendable {
    /// One-way latency of one hop between two pods or from the client.
    /// Default lognormal(median 200 µs, p99 1 ms): same-zone pod-to-pod round trips on EKS
    /// are 0.2–0.5 ms (AWS reports ~100–300 µs same-AZ RTT, plus kube-proxy's iptables NAT);
    /// the tail covers scheduling noise. A choice, not a fitted number.
    public var hopLatency: Distribution = .lognormal(median: .microseconds(200), p99: .milliseconds(1))
    public init() {}
}

/// The network between the client, the gateway and the services: names resolve to
/// endpoints, each message takes a hop's latency, and faults (delay, loss, partition)
/// apply per pair of nodes.
public final class Network {
    public var config: NetworkConfig
    private let sim: Simulation
    /// Hop latencies, and the draws of planted network faults, from streams of their own.
    private var latencyRng: Xoshiro256StarStar
    private var faultRng: Xoshiro256StarStar
    private var hosts: [String: (node: String, endpoint: HTTPEndpoint)] = [:]
    private var faults: [NetworkFault] = []
    public private(set) var messages: UInt64 = 0

    public init(sim: Simulation, streams: RandomStreams, config: NetworkConfig = NetworkConfig()) {
        self.sim = sim
        self.config = config
        latencyRng = streams.stream("network:latency")
        faultRng = streams.stream("network:fault")
    }

    /// Makes `endpoint` reachable at `host` (`stock:8080`, `localhost:8082`) as node `node`.
    public func bind(host: String, node: String, endpoint: HTTPEndpoint) {
        hosts[host] = (node, endpoint)
    }

    public func node(of host: String) -> String? { hosts[host]?.node }
    public func endpoint(at host: String) -> HTTPEndpoint? { hosts[host]?.endpoint }

    /// Adds a fault between two nodes (`*` matches any); a later fault for the same pair
    /// and kind replaces an earlier one; `heal` removes all faults of the pair.
    public func addFault(_ fault: NetworkFault) {
        if case .heal = fault.kind {
            faults.removeAll { $0.from == fault.from && $0.to == fault.to }
            return
        }
        faults.removeAll { $0.from == fault.from && $0.to == fault.to && $0.kind.sameKind(as: fault.kind) }
        faults.append(fault)
    }

    /// One-way delay of a message from `a` to `b`, or nil when it is lost.
    private func transit(_ a: String, _ b: String) -> SimDuration? {
        messages &+= 1
        var d = config.hopLatency.sample(&latencyRng)
        for f in faults where f.matches(a, b) {
            switch f.kind {
            case .delay(let dist): d += dist.sample(&faultRng)
            case .loss(let rate): if faultRng.nextDouble() < rate { return nil }
            case .partition: return nil
            case .heal: break
            }
        }
        return d
    }

    /// Sends `request` from node `from` to `host`; the result comes back through `reply`
    /// after the return hop. An unknown host or a lost message is reported as the client
    /// library would see it (refused, or nothing until the client's own timeout).
    public func send(from: String, to host: String, _ request: HTTPRequest, reply: @escaping (HTTPAnswer) -> Void) {
        guard let target = hosts[host] else {
            // Unknown name: DNS fails at once (UnknownHostException), reported as refused.
            sim.schedule(after: .zero) { reply(.connectionRefused) }
            return
        }
        guard let out = transit(from, target.node) else { return } // lost: the caller's timeout decides
        sim.schedule(after: out) { [self] in
            target.endpoint.accept(request) { [self] result in
                guard let back = transit(target.node, from) else { return }
                sim.schedule(after: back) { reply(result) }
            }
        }
    }
}

/// A network fault between two nodes (`*` for any).
public struct NetworkFault: Sendable {
    public enum Kind: Sendable {
        case delay(Distribution)
        case loss(Double)
        case partition
        case heal
        func sameKind(as other: Kind) -> Bool {
            switch (self, other) {
            case (.delay, .delay), (.loss, .loss), (.partition, .partition), (.heal, .heal): return true
            default: return false
            }
        }
    }
    public let from: String
    public let to: String
    public let kind: Kind
    public init(from: String, to: String, kind: Kind) { self.from = from; self.to = to; self.kind = kind }

    func matches(_ a: String, _ b: String) -> Bool {
        ((from == "*" || from == a) && (to == "*" || to == b)) || ((from == "*" || from == b) && (to == "*" || to == a))
    }
}
