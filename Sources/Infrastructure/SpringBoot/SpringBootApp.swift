import SimCore
import Formats

/// One Spring Boot 2.x process: Tomcat's connector, HikariCP's pool, the CPU and the
/// console, Feign clients under Hystrix, a Kafka producer and consumer, and the
/// application. Everything a request does is a scheduled step; nothing blocks.
public final class SpringBootApp: SimComponent, PodProcess, TomcatAdapter {
    public enum State: String, Sendable { case stopped, starting, running }

    public let name: String
    public var config: SpringBootConfig { didSet { console.writeCost = config.costs.consoleWrite; firstUse.warm = config.warm } }
    /// A configuration property by its canonical key, read in place: through the dictionary's
    /// own path, as a method of the configuration would first copy all of it (a retain of
    /// each of its references), the observed property being read as a whole.
    func property(canonical key: String) -> String? { config.canonicalProperties[key] }
    /// The configuration the process starts from, before its container's environment
    /// (the image's application.yml and the scenario's `config` lines).
    public var baseConfig: SpringBootConfig
    public private(set) var state: State = .running
    public let tomcat: TomcatConnector
    public let hikari: HikariPool
    public let cpu: ContainerCPU
    /// The process's standard output, where Logback's ConsoleAppender writes.
    public let console: Console
    /// The application's JDBC statements on the in-memory database.
    let jdbc: JdbcConnection
    /// The application's step programs waiting on the CPU, the console or the database.
    let stepRuns: StepRuns
    public let producer: KafkaProducer
    public let consumer: ConsumerGroup
    /// Hystrix around the Feign clients (`feign.hystrix.enabled`).
    public let hystrix: Hystrix
    /// Spring Cloud CircuitBreaker with Resilience4j (`feign.circuitbreaker.enabled`).
    public let resilience4j: Resilience4j
    /// What this JVM does once, on first use (a Feign client's build, Hystrix's first command).
    public let firstUse: FirstUse
    public var application: SpringApplication?
    public private(set) var faults: [ServiceFault] = []
    /// Wall-clock time that virtual time 0 maps to, for timestamps: a Unix second and the
    /// phase within it.
    public var epoch: Int64 = 0 { didSet { clock = WallClockFormatter(epoch: epoch, phase: wallClockPhase) } }
    public var wallClockPhase: SimDuration = .zero {
        didSet {
            clock = WallClockFormatter(epoch: epoch, phase: wallClockPhase)
            resilience4j.clockPhase = wallClockPhase
        }
    }
    public private(set) var clock = WallClockFormatter(epoch: 0)
    /// Set by `fault SERVICE consumer-crash`: the next consumed record is processed, then the
    /// process dies before its offset is committed.
    public var consumerCrashArmed = false
    /// How the process dies when it crashes (its container is killed; set by the cluster's owner).
    public var onCrash: (() -> Void)?
    /// Records spans when the run is traced (`run --trace`).
    public var tracer: Tracer? { didSet { tomcat.tracer = tracer; hikari.tracer = tracer; jdbc.tracer = tracer } }
    /// Called whenever the state changes (timelines).
    public var onStateChange: ((SpringBootApp) -> Void)?

    let sim: Simulation
    let network: Network
    /// Random streams by purpose, so that a change to one (a varied timeout changing how
    /// many calls are made) leaves the others' draws where they were (common random numbers
    /// between `compare` rows).
    var bootRng: Xoshiro256StarStar
    var faultRng: Xoshiro256StarStar
    /// The code's own sleeps (`Thread.sleep` steps), from a stream of their own.
    var sleepRng: Xoshiro256StarStar
    /// Which incarnation of the process is alive (its components drop an earlier one's work).
    let lifetime: ProcessLifetime
    var generation: Int { lifetime.generation }
    /// This process's id as a consumer-group member.
    let memberID: Int
    /// Requests taking Spring MVC's dispatch CPU, and records taking the consumer's CPU:
    /// the CPU's done event finds them here (no closure per request or record).
    private struct Dispatching {
        let context: RequestContext
        let generation: Int
    }
    private var dispatching = SlotArena<Dispatching>()
    private struct Consuming {
        let record: KafkaRecord
        let done: RecordAck
        let application: SpringApplication
    }
    private var consuming = SlotArena<Consuming>()
    private enum Kind: UInt8 { case dispatched, consumed }
    private var id = ComponentID.none

    public init(name: String, sim: Simulation, network: Network, broker: KafkaBroker,
                streams: RandomStreams, config: SpringBootConfig = SpringBootConfig()) {
        self.name = name
        self.config = config
        self.baseConfig = config
        self.sim = sim
        self.network = network
        let lifetime = ProcessLifetime()
        self.lifetime = lifetime
        bootRng = streams.stream("app:\(name):boot")
        faultRng = streams.stream("app:\(name):fault")
        sleepRng = streams.stream("app:\(name):sleep")
        tomcat = TomcatConnector(name: name, maxThreads: config.tomcatMaxThreads, sim: sim, lifetime: lifetime)
        hikari = HikariPool(name: name, size: config.hikariMaximumPoolSize, sim: sim)
        cpu = ContainerCPU(name: name, cores: config.cpuCores, sim: sim, lifetime: lifetime, rng: streams.stream("app:\(name):cpu"))
        console = Console(name: name, writeCost: config.costs.consoleWrite, sim: sim, lifetime: lifetime, rng: streams.stream("app:\(name):console"))
        jdbc = JdbcConnection(name: name, sim: sim, lifetime: lifetime, console: console, rng: streams.stream("app:\(name):database"))
        stepRuns = StepRuns(sim: sim)
        producer = broker.producer(name)
        consumer = broker.group(name)
        hystrix = Hystrix(sim: sim)
        resilience4j = Resilience4j(sim: sim)
        firstUse = FirstUse(sim: sim, lifetime: lifetime, rng: streams.stream("app:\(name):first-use"))
        memberID = broker.nextMemberID()
        super.init()
        firstUse.warm = config.warm
        tomcat.adapter = self
        id = sim.register(self)
    }

    /// Applies a changed configuration to the pools (takes effect at once, as a restart would).
    public func reconfigure(_ newConfig: SpringBootConfig) {
        config = newConfig
        tomcat.threads.resize(config.tomcatMaxThreads)
        hikari.resize(config.hikariMaximumPoolSize)
        cpu.resize(config.cpuCores)
        hystrix.reconfigure(config)
    }

    /// The container's environment: relaxed binding of each variable over the base
    /// configuration (`SPRING_PROFILES_ACTIVE`, `HYSTRIX_..._TIMEOUTINMILLISECONDS`).
    public func applyEnvironment(_ variables: [(String, String)]) {
        var cfg = baseConfig
        for (k, v) in variables { try? cfg.set(k, v) }
        reconfigure(cfg)
    }

    public func addFault(_ fault: ServiceFault) { faults.append(fault) }
    public func clearFaults() { faults.removeAll() }

    // MARK: Lifecycle

    public var isStarting: Bool { state == .starting }

    /// Up from the start: it joins its consumer group at once.
    public func runningFromTheStart() { startConsuming() }

    /// Joins the consumer group; called once the process is up.
    func startConsuming() {
        // The closure only forwards: each use of an unowned(unsafe) capture retains and
        // releases it, a method's `self` does not.
        consumer.join(member: memberID) { [unowned(unsafe) self] record, done in self.fetched(consume record, done) }
    }

    /// A record the consumer fetched: the listener's CPU, then `consumed`.
    private func fetched(_ record: consuming KafkaRecord, _ done: RecordAck) {
        guard let app = application,
              let slot = consuming.insert(Consuming(record: consume record, done: done, application: app)) else { return }
        cpuWork(config.eventCPU, for: id, kind: Kind.consumed.rawValue, reference: slot.raw)
    }

    /// The consumer's CPU for a record ended: the application handles it.
    private func consumed(_ c: Consuming) {
        guard consumerCrashArmed else { c.application.consume(c.record, on: self, done: c.done); return }
        var crashing = c.done
        crashing.instead = { [unowned(unsafe) self] in
            // Processed and committed to the database, but the offset is not.
            self.consumerCrashArmed = false
            self.onCrash?()
        }
        c.application.consume(c.record, on: self, done: crashing)
    }

    public override func handle(_ kind: UInt8, _ reference: UInt32) {
        let ref = SlotReference(raw: reference)
        switch Kind(rawValue: kind) {
        case .dispatched:
            guard let d = dispatching.remove(ref) else { return }
            applyFaults(d.context, d.generation)
        case .consumed:
            guard let c = consuming.remove(ref) else { return }
            consumed(c)
        case nil: return
        }
    }

    /// Kills the process: in-flight requests see their connection reset, pools and the
    /// producer's buffer vanish, the in-memory database is lost, the consumer leaves its group.
    public func stop() {
        guard state != .stopped else { return }
        state = .stopped
        lifetime.renew()
        let pending = tomcat.cutAll()
        hikari.reset(); cpu.reset(); console.reset(); jdbc.reset(); stepRuns.reset()
        dispatching.removeAll(); consuming.removeAll()
        producer.reset()
        consumer.leave(member: memberID)
        hystrix.reset()
        resilience4j.reset()
        firstUse.reset()
        application?.processDied()
        onStateChange?(self)
        for reply in pending { reply(.connectionReset) }
    }

    /// Starts the process: it refuses connections until Spring Boot has started.
    public func start() { start(bootTime: nil) }

    /// Starts the process with a given boot time (nil: drawn from `startupTime`).
    public func start(bootTime: SimDuration?) {
        guard state == .stopped else { return }
        state = .starting
        lifetime.renew()
        let gen = generation
        onStateChange?(self)
        let boot = bootTime ?? config.startupTime.sample(&bootRng)
        sim.schedule(after: boot) { [unowned(unsafe) self] in
            guard gen == self.generation else { return }
            self.state = .running
            self.startConsuming()
            self.onStateChange?(self)
        }
    }

    // MARK: Serving requests

    public func accept(_ request: HTTPRequest, reply: @escaping (HTTPAnswer) -> Void) {
        guard state == .running else { tomcat.refuse(reply); return }
        tomcat.accept(request, limit: config.tomcatMaxConnections + config.tomcatAcceptCount, reply)
    }

    /// A request on a Tomcat thread: Spring MVC's dispatch (its CPU), then the application.
    func service(_ request: HTTPRequest, exchange: TomcatExchange, span: TraceContext?) {
        let context = RequestContext(app: self, exchange: exchange, request: request, span: span)
        let gen = generation
        // The first request of a cold JVM initialises the DispatcherServlet; others wait for
        // it. Once it is done, no closure: the dispatch goes straight on.
        if firstUse.isDone(.dispatcherServlet) { dispatch(context, gen); return }
        firstUse.once(.dispatcherServlet, cost: config.costs.dispatcherServletInit) { [unowned(unsafe) self] in self.dispatch(context, gen) }
    }

    /// Spring MVC's dispatch of a request: its CPU, then the application (`Kind.dispatched`).
    private func dispatch(_ context: RequestContext, _ gen: Int) {
        guard let slot = dispatching.insert(Dispatching(context: context, generation: gen)) else { return }
        cpuWork(config.requestCPU, for: id, kind: Kind.dispatched.rawValue, reference: slot.raw)
    }

    private func applyFaults(_ context: RequestContext, _ gen: Int) {
        var delay = SimDuration.zero
        for f in faults where f.matches(method: context.request.method, path: context.request.path) {
            switch f.kind {
            case .delay(let d): delay += d.sample(&faultRng)
            case .error(let rate):
                if faultRng.nextDouble() < rate {
                    context.fail(message: "Injected fault")
                    return
                }
            }
        }
        guard delay.nanoseconds > 0 else { dispatch(context); return }
        sim.schedule(after: delay) { [unowned(unsafe) self] in
            guard gen == self.generation else { return }
            self.dispatch(context)
        }
    }

    /// The request reaches the application's handler.
    private func dispatch(_ context: RequestContext) {
        if let app = application { app.handle(context) } else { context.fail(status: 404, message: "No handler") }
    }

    // MARK: Steps the application composes

    /// Stretch of CPU work under the container's CPU limit (`ContainerCPU.scale`).
    public var cpuScale: Double { cpu.scale }

    /// Sets the cores the process may use: a limit in millicores, or the node's cores.
    public func setCPU(limitMilli: Int?, nodeCores: Double) {
        config.cpuCores = cpu.setLimit(milli: limitMilli, nodeCores: nodeCores)
        cpu.resize(config.cpuCores)
    }

    /// CPU time used so far, in core-seconds (what cAdvisor and metrics-server read).
    public var cpuSecondsUsed: Double { cpu.secondsUsed }

    /// Runs `then` after `work` of CPU time on one of the process's cores.
    public func cpuWork(_ work: Distribution, _ then: @escaping () -> Void) { cpu.run(work, then) }

    /// Runs `then` after `d` of CPU time on one of the process's cores.
    public func cpuWork(_ d: SimDuration, _ then: @escaping () -> Void) {
        guard d.nanoseconds > 0 else { then(); return }
        cpuWork(.constant(d), then)
    }

    /// `count` writes to standard output, one after another, each holding its lock for
    /// `costs.consoleWrite`; then `then`.
    public func consoleWrites(_ count: Int, _ then: @escaping () -> Void) { console.write(count, then) }

    /// One SQL statement: the database's time, then what Hibernate's logging writes for it
    /// (`config.logging`) while the statement's thread waits.
    public func sqlStatement(binds: Int, extracts: Int, trace: TraceContext? = nil, _ then: @escaping () -> Void) {
        jdbc.statement(binds: binds, extracts: extracts, logWrites: config.logging.writes(binds: binds, extracts: extracts),
                       cost: config.databaseOperation, trace: trace, then)
    }

    /// The span of a wait for a HikariCP connection (traced runs), begun before
    /// `getConnection` and ended by `connectionBorrowed`.
    public func connectionWaitSpan(trace: TraceContext?) -> TraceContext? { hikari.waitSpan(trace: trace) }

    /// Takes a HikariCP connection for `target` (waiting up to `connectionTimeout`): event
    /// `kind` with `reference` when it is lent (inside this call if one is free),
    /// `timeoutKind` when the wait timed out.
    public func getConnection(for target: ComponentID, kind: UInt8, timeoutKind: UInt8, reference: UInt32) {
        hikari.getConnection(timeout: config.hikariConnectionTimeout, for: target, kind: kind,
                             timeoutKind: timeoutKind, reference: reference)
    }

    /// The wait for a connection ended: lent (`ok`) or timed out.
    public func connectionBorrowed(_ span: TraceContext?, ok: Bool) { hikari.borrowed(span, ok: ok) }

    public func releaseConnection() { hikari.release() }

    /// One statement on the in-memory database (`span`: its name in a trace, such as
    /// "jdbc commit").
    public func databaseOperation(span spanName: String? = nil, trace: TraceContext? = nil, _ then: @escaping () -> Void) {
        jdbc.execute(cost: config.databaseOperation, span: spanName, trace: trace, then)
    }

    // MARK: The same steps for a component: `target` gets event `kind` with `reference`
    // where the closure would run (delivered inside the same event), with no closure.

    public func cpuWork(_ work: Distribution, for target: ComponentID, kind: UInt8, reference: UInt32) {
        cpu.run(work, for: target, kind: kind, reference: reference)
    }

    public func consoleWrites(_ count: Int, for target: ComponentID, kind: UInt8, reference: UInt32) {
        console.write(count, for: target, kind: kind, reference: reference)
    }

    /// `Thread.sleep` on the current thread: the event comes after a time drawn from `d`,
    /// unless the process died meanwhile (its threads died with it).
    public func sleep(_ d: Distribution, for target: ComponentID, kind: UInt8, reference: UInt32) {
        let gen = generation
        sim.schedule(after: d.sample(&sleepRng)) { [unowned(unsafe) self] in
            guard gen == self.generation else { return }
            self.sim.deliver(to: target, kind: kind, reference: reference)
        }
    }

    public func sqlStatement(binds: Int, extracts: Int, trace: TraceContext?, for target: ComponentID, kind: UInt8, reference: UInt32) {
        jdbc.statement(binds: binds, extracts: extracts, logWrites: config.logging.writes(binds: binds, extracts: extracts),
                       cost: config.databaseOperation, trace: trace, for: target, kind: kind, reference: reference)
    }

    public func databaseOperation(span spanName: String?, trace: TraceContext?, for target: ComponentID, kind: UInt8, reference: UInt32) {
        jdbc.execute(cost: config.databaseOperation, span: spanName, trace: trace, for: target, kind: kind, reference: reference)
    }

    /// `publishAfterCommit`: hands the event to the producer (asynchronous send).
    public func publish(_ event: consuming JSON, trace: TraceContext? = nil) {
        if let t = tracer, trace != nil {
            let span = t.startSpan("send", kind: .producer, service: name, parent: trace,
                                   tags: [("kafka.topic", producer.broker.topic), ("event.type", event["eventType"]?.stringValue ?? "")])
            t.finish(span)
        }
        producer.send(consume event)
    }

    /// Spring Boot 2.1's error body (`DefaultErrorAttributes`).
    public func errorResponse(status: Int, message: String, path: String) -> HTTPResponse {
        let body = JSON.object([
            ("timestamp", .string(clock.isoMillis(at: sim.now))),
            ("status", .int(Int64(status))),
            ("error", .string(HTTPResponse.reasonPhrase(status))),
            ("message", .string(message)),
            ("path", .string(path)),
        ])
        return HTTPResponse(status: status, headers: [("Content-Type", "application/json;charset=UTF-8"), ("Date", clock.httpDate(at: sim.now)), ("Connection", "close")], body: body)
    }

    /// Current time as the services format it in events (`yyyyMMddHHmmss`).
    public var eventTimestamp: String { clock.compact(at: sim.now) }
    public var now: SimTime { sim.now }
    public var busyThreads: Int { tomcat.threads.inUse }
}
