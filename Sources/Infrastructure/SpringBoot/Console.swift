import SimCore

/// The process's standard output: `System.out`'s lock, which Logback's ConsoleAppender
/// shares, so one write at a time, each holding the lock for `writeCost`
/// (`resortsim.cost.console-write`, whose default is in `JavaStackCosts`).
public final class Console {
    /// The lock.
    public let stdout: Resource
    /// What one write costs (the process keeps it equal to its configuration's).
    var writeCost: Distribution
    private unowned(unsafe) let sim: Simulation
    private let lifetime: ProcessLifetime
    private var rng: Xoshiro256StarStar

    init(name: String, writeCost: Distribution, sim: Simulation, lifetime: ProcessLifetime, rng: Xoshiro256StarStar) {
        stdout = Resource(name: name + ".stdout", capacity: 1, sim: sim)
        self.writeCost = writeCost
        self.sim = sim
        self.lifetime = lifetime
        self.rng = rng
    }

    /// Whether a write holds the lock now (1) or not (0).
    public var inUse: Int { stdout.inUse }

    /// `count` writes, one after another, each taking the lock in turn; then `then`. Nothing
    /// runs once the process died.
    func write(_ count: Int, _ then: @escaping () -> Void) {
        guard count > 0 else { then(); return }
        let gen = lifetime.generation
        stdout.acquire { [unowned(unsafe) self] _ in
            guard self.lifetime.isCurrent(gen) else { return }
            self.sim.schedule(after: self.writeCost.sample(&self.rng)) { [unowned(unsafe) self] in
                guard self.lifetime.isCurrent(gen) else { return }
                self.stdout.release()
                self.write(count - 1, then)
            }
        }
    }

    /// The process died: the lock and its waiters are gone.
    func reset() { stdout.reset() }
}
