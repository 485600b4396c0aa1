import SimCore

/// A JDBC connection to the process's in-memory database, as the application's statements
/// use it (one object stands for each of the pool's connections: a statement's cost does
/// not depend on which). A statement takes the database's time
/// (`resortsim.database-operation`, whose default is in `SpringBootConfig`), then
/// Hibernate's SQL logging writes its lines to the console while the statement's thread
/// waits.
final class JdbcConnection: SimComponent {
    /// Records spans when the run is traced.
    var tracer: Tracer?
    private let name: String
    private let sim: Unretained<Simulation>
    private let lifetime: ProcessLifetime
    private let console: Console
    private var rng: Xoshiro256StarStar
    /// A statement or operation a component waits for: its span, the console writes after
    /// it (nil: an operation, which writes nothing), the process's incarnation, and the event
    /// that tells the component it is done.
    private struct Job {
        let span: TraceContext?
        let logWrites: Int?
        let generation: Int
        let target: ComponentID
        let kind: UInt8
        let reference: UInt32
    }
    private var jobs = SlotArena<Job>()
    private enum Kind: UInt8 { case executed, logged }
    private var id = ComponentID.none

    init(name: String, sim: Simulation, lifetime: ProcessLifetime, console: Console, rng: Xoshiro256StarStar) {
        self.name = name
        self.sim = Unretained(sim)
        self.lifetime = lifetime
        self.console = console
        self.rng = rng
        super.init()
        id = sim.register(self)
    }

    /// One SQL statement taking `cost`, then `logWrites` console writes (what the logging
    /// configuration writes for its `binds` and `extracts`).
    func statement(binds: Int, extracts: Int, logWrites writes: Int, cost: Distribution, trace: TraceContext?, _ then: @escaping () -> Void) {
        let span = tracer?.startSpan("jdbc statement", service: name, parent: trace,
                                     tags: [("jdbc.binds", String(binds)), ("jdbc.extracts", String(extracts)), ("log.writes", String(writes))])
        guard let traced = span else {
            execute(cost: cost, span: nil, trace: nil) { [unowned(unsafe) self] in self.console.write(writes, then) }
            return
        }
        execute(cost: cost, span: nil, trace: nil) { [unowned(unsafe) self] in
            self.console.write(writes) {
                self.tracer?.finish(traced)
                then()
            }
        }
    }

    /// One operation on the database taking `cost` (`span`: its name in a trace, such as
    /// "jdbc commit"). Nothing runs once the process died.
    func execute(cost: Distribution, span spanName: String?, trace: TraceContext?, _ then: @escaping () -> Void) {
        let gen = lifetime.generation
        let span = spanName.flatMap { tracer?.startSpan($0, service: name, parent: trace) }
        let d = cost.sample(&rng)
        sim { $0.schedule(after: d) { [unowned(unsafe) self] in
            guard self.lifetime.isCurrent(gen) else { return }
            self.tracer?.finish(span)
            then()
        } }
    }

    // MARK: The same, for a component (no closure)

    /// `statement(...)` for a component: `target` gets event `kind` with `reference` where
    /// `then` would run.
    func statement(binds: Int, extracts: Int, logWrites writes: Int, cost: Distribution, trace: TraceContext?,
                   for target: ComponentID, kind: UInt8, reference: UInt32) {
        let span = tracer?.startSpan("jdbc statement", service: name, parent: trace,
                                     tags: [("jdbc.binds", String(binds)), ("jdbc.extracts", String(extracts)), ("log.writes", String(writes))])
        start(Job(span: span, logWrites: writes, generation: lifetime.generation, target: target, kind: kind, reference: reference), cost)
    }

    /// `execute(...)` for a component.
    func execute(cost: Distribution, span spanName: String?, trace: TraceContext?, for target: ComponentID, kind: UInt8, reference: UInt32) {
        let gen = lifetime.generation
        let span = spanName.flatMap { tracer?.startSpan($0, service: name, parent: trace) }
        start(Job(span: span, logWrites: nil, generation: gen, target: target, kind: kind, reference: reference), cost)
    }

    private func start(_ job: Job, _ cost: Distribution) {
        let d = cost.sample(&rng)
        guard let ref = jobs.insert(job) else { return }
        sim { $0.post(after: d, to: id, kind: Kind.executed.rawValue, reference: ref.raw) }
    }

    override func handle(_ kind: UInt8, _ reference: UInt32) {
        let ref = SlotReference(raw: reference)
        switch Kind(rawValue: kind) {
        case .executed:
            guard let job = jobs[ref] else { return }
            guard lifetime.isCurrent(job.generation) else { jobs.remove(ref); return }
            guard let writes = job.logWrites else { finish(ref); return }
            console.write(writes, for: id, kind: Kind.logged.rawValue, reference: reference)
        case .logged: finish(ref)
        case nil: return
        }
    }

    private func finish(_ ref: SlotReference) {
        guard let job = jobs.remove(ref) else { return }
        if let span = job.span { tracer?.finish(span) }
        sim { $0.deliver(to: job.target, kind: job.kind, reference: job.reference) }
    }

    /// The process died: its statements are gone.
    func reset() { jobs.removeAll() }
}
