import SimCore

/// What the connector hands a request to once a worker thread has it (Tomcat's
/// `CoyoteAdapter`, through which the request reaches the application's servlet).
protocol TomcatAdapter: AnyObject {
    /// Serves `request` on the worker thread its exchange holds (`span`: its server span).
    func service(_ request: HTTPRequest, exchange: TomcatExchange, span: TraceContext?)
}

/// Tomcat's NIO connector: it holds at most `server.tomcat.max-connections` connections
/// plus `accept-count` waiting in the kernel's backlog, and runs each request on one of
/// `max-threads` worker threads, in arrival order. Beyond that the kernel drops the
/// client's SYN (Linux `tcp_abort_on_overflow` 0, the default), and the client's TCP sends
/// it again after 1, 2, 4, 8, 16 and 32 s (initial RTO 1 s, RFC 6298 2.1 and Linux's
/// TCP_TIMEOUT_INIT; `tcp_syn_retries` 6), then gives up (ETIMEDOUT, reported here as a
/// refused connection) unless its own time-out came first.
///
/// Each admitted request is an exchange that must be answered exactly once; a second
/// answer is a defect of the model (asserted in debug builds), and a lost one would hold
/// its thread for ever. When the process dies its open exchanges are cut (their callers see
/// the connection reset); work of the dead process that answers one later is dropped.
public final class TomcatConnector: SimComponent {
    /// The worker threads (`server.tomcat.max-threads`, 200).
    public let threads: Resource
    /// Responses sent, by status, and connections refused at the door.
    public private(set) var responses: [Int: UInt64] = [:]
    public private(set) var refused: UInt64 = 0
    private var openConnections = 0
    /// The open exchanges by admission number (cut oldest first when the process dies).
    private var inflight: [Int: TomcatExchange] = [:]
    private var admitted = 0
    /// What a defect of the model does: asserts in debug builds (tests replace it to watch).
    var modelDefect: (String) -> Void = { assertionFailure($0) }
    /// Where a request goes once it has a thread (set by the process that owns the connector).
    unowned(unsafe) var adapter: TomcatAdapter?
    /// Records the server span and the wait for a thread when the run is traced.
    var tracer: Tracer?
    private let name: String
    private let lifetime: ProcessLifetime
    private unowned(unsafe) let sim: Simulation
    /// SYNs dropped because the backlog was full (each retransmission counts).
    public private(set) var synsDropped: UInt64 = 0
    /// Linux's `tcp_syn_retries`: 6 retransmissions, the first after 1 s, doubling.
    static let synRetries = 6
    static let initialRTO = SimDuration.seconds(1)
    private var id = ComponentID.none

    /// An admitted request waiting for a worker thread (its slot is the grant's reference).
    struct Admitted {
        let request: HTTPRequest
        let exchange: TomcatExchange
        let span: TraceContext?
        let wait: TraceContext?
    }
    private var waitingForThread = SlotArena<Admitted>()

    init(name: String, maxThreads: Int, sim: Simulation, lifetime: ProcessLifetime) {
        self.name = name
        self.lifetime = lifetime
        self.sim = sim
        threads = Resource(name: name + ".tomcat", capacity: maxThreads, sim: sim)
        super.init()
        id = sim.register(self)
    }

    /// A worker thread took the request (the only event: the reference is its slot).
    public override func handle(_ kind: UInt8, _ reference: UInt32) {
        guard let a = waitingForThread.remove(SlotReference(raw: reference)) else { return }
        tracer?.finish(a.wait)
        adapter?.service(a.request, exchange: a.exchange, span: a.span)
    }

    /// A connection with one request: admitted if `limit` (`max-connections + accept-count`)
    /// allows, then it waits for a worker thread in arrival order and goes to the adapter.
    /// Nothing runs once the process died.
    func accept(_ request: HTTPRequest, limit: Int, _ reply: @escaping (HTTPAnswer) -> Void) {
        accept(request, limit: limit, attempt: 0, reply)
    }

    private func accept(_ request: HTTPRequest, limit: Int, attempt: Int, _ reply: @escaping (HTTPAnswer) -> Void) {
        guard openConnections < limit else { synDropped(request, limit: limit, attempt: attempt, reply); return }
        guard let exchange = admit(limit: limit, reply) else { return }
        var span: TraceContext?, wait: TraceContext?
        if let t = tracer {
            span = t.startSpan("\(request.method) \(request.routeTemplate)", kind: .server, service: name, parent: request.trace,
                               tags: [("http.method", request.method), ("http.path", request.path)])
            wait = t.startSpan("tomcat thread", service: name, parent: span,
                               tags: [("tomcat.threads.busy", String(threads.inUse)), ("tomcat.threads.waiting", String(threads.queueLength))])
        }
        // The wait is a slot, dropped with the threads' queue when the process dies.
        guard let slot = waitingForThread.insert(Admitted(request: request, exchange: exchange, span: span, wait: wait)) else { return }
        threads.acquire(for: id, kind: 0, reference: slot.raw)
    }

    /// The backlog is full: the SYN is dropped and the client's TCP sends it again after its
    /// retransmission time-out; after the last retry the connect fails. A process that died
    /// meanwhile answers the next SYN with a reset.
    private func synDropped(_ request: HTTPRequest, limit: Int, attempt: Int, _ reply: @escaping (HTTPAnswer) -> Void) {
        synsDropped += 1
        guard attempt < TomcatConnector.synRetries else { refuse(reply); return }
        let gen = lifetime.generation
        let rto = SimDuration(nanoseconds: TomcatConnector.initialRTO.nanoseconds << Int64(attempt))
        sim.schedule(after: rto) { [unowned(unsafe) self] in
            guard self.lifetime.isCurrent(gen) else { self.refuse(reply); return }
            self.accept(request, limit: limit, attempt: attempt + 1, reply)
        }
    }

    /// Refuses a connection (the process is not listening, or the client's SYNs went unanswered).
    func refuse(_ reply: (HTTPAnswer) -> Void) {
        refused += 1
        reply(.connectionRefused)
    }

    /// Admits a connection if `maxConnections + acceptCount` allows; returns its exchange.
    func admit(limit: Int, _ reply: @escaping (HTTPAnswer) -> Void) -> TomcatExchange? {
        guard openConnections < limit else { refuse(reply); return nil }
        openConnections += 1
        admitted += 1
        let exchange = TomcatExchange(number: admitted, reply: reply)
        inflight[admitted] = exchange
        return exchange
    }

    /// Answers `exchange`, frees its thread and connection. An exchange its process's death
    /// cut takes one late answer, dropped (its caller saw the reset); any other second
    /// answer is a defect.
    func finish(_ exchange: TomcatExchange, _ result: HTTPAnswer) {
        switch exchange.fate {
        case .open:
            guard let reply = exchange.reply else { return }
            exchange.fate = .answered
            exchange.reply = nil
            inflight[exchange.number] = nil
            threads.release()
            openConnections -= 1
            if let s = result.status { responses[s, default: 0] += 1 }
            reply(result)
        case .cut:
            exchange.fate = .cutThenAnswered
        case .answered, .cutThenAnswered:
            modelDefect("TomcatConnector: request \(exchange.number) answered twice")
        }
    }

    /// The process died: every connection is cut. Returns the callers to tell, oldest first.
    func cutAll() -> [(HTTPAnswer) -> Void] {
        let pending = inflight.keys.sorted().compactMap { n -> ((HTTPAnswer) -> Void)? in
            guard let exchange = inflight[n] else { return nil }
            exchange.fate = .cut
            defer { exchange.reply = nil }
            return exchange.reply
        }
        inflight.removeAll()
        openConnections = 0
        threads.reset()
        waitingForThread.removeAll()
        return pending
    }
}

/// One request's exchange over its connection, from admission to its answer. It keeps its
/// own fate, so that an answer arriving for a request whose process died (dropped) is told
/// apart from a second answer (a defect), whenever either comes.
final class TomcatExchange {
    enum Fate { case open, answered, cut, cutThenAnswered }
    /// Its admission number in the connector (for messages and the cut order).
    let number: Int
    fileprivate(set) var fate = Fate.open
    fileprivate var reply: ((HTTPAnswer) -> Void)?

    init(number: Int, reply: @escaping (HTTPAnswer) -> Void) {
        self.number = number
        self.reply = reply
    }
}
