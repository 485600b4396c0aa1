import SimCore

/// A JDBC connection to the process's in-memory database, as the application's statements
/// use it (one object stands for each of the pool's connections: a statement's cost does
/// not depend on which). A statement takes the database's time
/// (`resortsim.database-operation`, whose default is in `SpringBootConfig`), then
/// Hibernate's SQL logging writes its lines to the console while the statement's thread
/// waits.
final class JdbcConnection {
    /// Records spans when the run is traced.
    var tracer: Tracer?
    private let name: String
    private unowned(unsafe) let sim: Simulation
    private let lifetime: ProcessLifetime
    private let console: Console
    private var rng: Xoshiro256StarStar

    init(name: String, sim: Simulation, lifetime: ProcessLifetime, console: Console, rng: Xoshiro256StarStar) {
        self.name = name
        self.sim = sim
        self.lifetime = lifetime
        self.console = console
        self.rng = rng
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
        sim.schedule(after: cost.sample(&rng)) { [unowned(unsafe) self] in
            guard self.lifetime.isCurrent(gen) else { return }
            self.tracer?.finish(span)
            then()
        }
    }
}
