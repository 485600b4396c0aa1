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
///
/// A message in transit is a slot of `inTransit` and a component event at its arrival (no
/// closure per hop). Between its arrival and its answer the exchange belongs to the
/// endpoint, through the `reply` it was handed: an endpoint that dies without answering
/// drops it, and nothing of it stays here.
public final class Network: SimComponent {
    public var config: NetworkConfig
    private let sim: Simulation
    /// Hop latencies, and the draws of planted network faults, from streams of their own.
    private var latencyRng: Xoshiro256StarStar
    private var faultRng: Xoshiro256StarStar
    private var hosts: [String: (node: String, endpoint: HTTPEndpoint)] = [:]
    private var faults: [NetworkFault] = []
    public private(set) var messages: UInt64 = 0
    private var id = ComponentID.none

    /// A request on its way out, or an answer on its way back.
    struct Transit {
        let from: String
        let target: (node: String, endpoint: HTTPEndpoint)?
        let request: HTTPRequest?
        let answer: HTTPAnswer?
        let reply: (HTTPAnswer) -> Void
    }
    private var inTransit = SlotArena<Transit>()

    enum Kind: UInt8 {
        /// A request reaches its endpoint.
        case arrive
        /// An answer (or an unknown host's refusal) reaches the caller.
        case answer
    }

    public init(sim: Simulation, streams: RandomStreams, config: NetworkConfig = NetworkConfig()) {
        self.sim = sim
        self.config = config
        latencyRng = streams.stream("network:latency")
        faultRng = streams.stream("network:fault")
        super.init()
        id = sim.register(self)
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
    /// `request` and `reply` are consumed: they move into the message in transit.
    public func send(from: String, to host: String, _ request: consuming HTTPRequest, reply: consuming @escaping (HTTPAnswer) -> Void) {
        guard let target = hosts[host] else {
            // Unknown name: DNS fails at once (UnknownHostException), reported as refused.
            post(.answer, after: .zero, Transit(from: from, target: nil, request: nil, answer: .connectionRefused, reply: consume reply))
            return
        }
        guard let out = transit(from, target.node) else { return } // lost: the caller's timeout decides
        post(.arrive, after: out, Transit(from: from, target: target, request: consume request, answer: nil, reply: consume reply))
    }

    private func post(_ kind: Kind, after delay: SimDuration, _ message: consuming Transit) {
        guard let slot = inTransit.insert(consume message) else { return }
        sim.post(after: delay, to: id, kind: kind.rawValue, reference: slot.raw)
    }

    public override func handle(_ kind: UInt8, _ reference: UInt32) {
        guard let message = inTransit.remove(SlotReference(raw: reference)) else { return }
        if kind == Kind.answer.rawValue {
            if let answer = message.answer { message.reply(answer) }
            return
        }
        guard let target = message.target, let request = message.request else { return }
        let from = message.from, reply = message.reply
        target.endpoint.accept(request) { [unowned(unsafe) self] result in
            guard let back = self.transit(target.node, from) else { return }
            self.post(.answer, after: back, Transit(from: from, target: nil, request: nil, answer: result, reply: reply))
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
