import SimCore

/// The process's standard output: `System.out`'s lock, which Logback's ConsoleAppender
/// shares, so one write at a time, each holding the lock for `writeCost`
/// (`resortsim.cost.console-write`, whose default is in `JavaStackCosts`).
public final class Console: SimComponent {
    /// The lock.
    public let stdout: Resource
    /// What one write costs (the process keeps it equal to its configuration's).
    var writeCost: Distribution
    private let sim: Unretained<Simulation>
    private let lifetime: ProcessLifetime
    private var rng: Xoshiro256StarStar
    /// Writes a component waits for: how many are left, the process's incarnation, and the
    /// event that tells the component they are done.
    private struct Job {
        var remaining: Int
        let generation: Int
        let target: ComponentID
        let kind: UInt8
        let reference: UInt32
    }
    private var jobs = SlotArena<Job>()
    private enum Kind: UInt8 { case granted, written }
    private var id = ComponentID.none

    init(name: String, writeCost: Distribution, sim: Simulation, lifetime: ProcessLifetime, rng: Xoshiro256StarStar) {
        stdout = Resource(name: name + ".stdout", capacity: 1, sim: sim)
        self.writeCost = writeCost
        self.sim = Unretained(sim)
        self.lifetime = lifetime
        self.rng = rng
        super.init()
        id = sim.register(self)
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
            let d = self.writeCost.sample(&self.rng)
            self.sim { $0.schedule(after: d) { [unowned(unsafe) self] in
                guard self.lifetime.isCurrent(gen) else { return }
                self.stdout.release()
                self.write(count - 1, then)
            } }
        }
    }

    /// `count` writes, then `target` gets event `kind` with `reference` (delivered inside the
    /// event of the last write, or at once for none): `write(_:_:)`'s events, with no closure.
    func write(_ count: Int, for target: ComponentID, kind: UInt8, reference: UInt32) {
        guard count > 0 else { sim { $0.deliver(to: target, kind: kind, reference: reference) }; return }
        guard let job = jobs.insert(Job(remaining: count, generation: lifetime.generation, target: target, kind: kind, reference: reference))
        else { return }
        stdout.acquire(for: id, kind: Kind.granted.rawValue, reference: job.raw)
    }

    public override func handle(_ kind: UInt8, _ reference: UInt32) {
        let ref = SlotReference(raw: reference)
        guard let job = jobs[ref] else { return }
        guard lifetime.isCurrent(job.generation) else { jobs.remove(ref); return }
        switch Kind(rawValue: kind) {
        case .granted:
            let d = writeCost.sample(&rng)
            sim { $0.post(after: d, to: id, kind: Kind.written.rawValue, reference: reference) }
        case .written:
            stdout.release()
            if job.remaining > 1 {
                jobs.modify(ref) { $0.remaining -= 1 }
                stdout.acquire(for: id, kind: Kind.granted.rawValue, reference: reference)
            } else {
                jobs.remove(ref)
                sim { $0.deliver(to: job.target, kind: job.kind, reference: job.reference) }
            }
        case nil: return
        }
    }

    /// The process died: the lock and its waiters are gone.
    func reset() {
        stdout.reset()
        jobs.removeAll()
    }
}
