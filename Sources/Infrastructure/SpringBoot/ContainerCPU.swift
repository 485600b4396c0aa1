import SimCore

/// The CPU of the process's container: a core for each slot, one piece of work on a slot at
/// a time, in arrival order. A container limited to L cores runs on ceil(L) slots, each at
/// L / ceil(L) of a core (CFS bandwidth control throttles at the quota), so work takes
/// ceil(L) / L times longer; without a limit it has the node's cores at full speed.
public final class ContainerCPU: SimComponent {
    /// The slots.
    public let cores: Resource
    /// Stretch of CPU work under the limit (1 without one).
    public private(set) var scale: Double = 1
    private let sim: Unretained<Simulation>
    private let lifetime: ProcessLifetime
    private var rng: Xoshiro256StarStar
    /// A piece of work a component waits for: its time, its process's incarnation, and the
    /// event that tells the component it is done.
    private struct Job {
        let duration: SimDuration
        let generation: Int
        let target: ComponentID
        let kind: UInt8
        let reference: UInt32
    }
    private var jobs = SlotArena<Job>()
    private enum Kind: UInt8 { case granted, done }
    private var id = ComponentID.none

    init(name: String, cores count: Int, sim: Simulation, lifetime: ProcessLifetime, rng: Xoshiro256StarStar) {
        cores = Resource(name: name + ".cpu", capacity: count, sim: sim)
        self.sim = Unretained(sim)
        self.lifetime = lifetime
        self.rng = rng
        super.init()
        id = sim.register(self)
    }

    /// Sets the limit (millicores; nil: none) on a node with `nodeCores` cores. Returns the
    /// slots it gives.
    func setLimit(milli limitMilli: Int?, nodeCores: Double) -> Int {
        let slots: Int
        if let l = limitMilli, l > 0 {
            slots = max(1, Int((Double(l) / 1000).rounded(.up)))
            scale = Double(slots) * 1000 / Double(l)
        } else {
            slots = max(1, Int(nodeCores.rounded(.up)))
            scale = 1
        }
        return slots
    }

    /// CPU time used so far, in core-seconds (what cAdvisor and metrics-server read).
    var secondsUsed: Double { cores.busy.integral(at: sim { $0.now }) / 1e9 / scale }

    /// Runs `then` after `work` of CPU time on one slot. Nothing runs once the process died.
    func run(_ work: Distribution, _ then: @escaping () -> Void) {
        let gen = lifetime.generation
        let d = duration(work)
        cores.acquire { [unowned(unsafe) self] _ in
            guard self.lifetime.isCurrent(gen) else { return }
            self.sim { $0.schedule(after: d) { [unowned(unsafe) self] in
                guard self.lifetime.isCurrent(gen) else { return }
                self.cores.release()
                then()
            } }
        }
    }

    /// Runs `work` on one slot, then hands `target` event `kind` with `reference` (delivered
    /// inside the event that ends the work): `run(_:_:)`'s events, at the same times, with no
    /// closure. Nothing is delivered once the process died.
    func run(_ work: Distribution, for target: ComponentID, kind: UInt8, reference: UInt32) {
        let d = duration(work)
        guard let job = jobs.insert(Job(duration: d, generation: lifetime.generation, target: target, kind: kind, reference: reference))
        else { return }
        cores.acquire(for: id, kind: Kind.granted.rawValue, reference: job.raw)
    }

    public override func handle(_ kind: UInt8, _ reference: UInt32) {
        let ref = SlotReference(raw: reference)
        switch Kind(rawValue: kind) {
        case .granted:
            guard let job = jobs[ref] else { return }
            guard lifetime.isCurrent(job.generation) else { jobs.remove(ref); return }
            sim { $0.post(after: job.duration, to: id, kind: Kind.done.rawValue, reference: reference) }
        case .done:
            guard let job = jobs.remove(ref), lifetime.isCurrent(job.generation) else { return }
            cores.release()
            sim { $0.deliver(to: job.target, kind: job.kind, reference: job.reference) }
        case nil: return
        }
    }

    private func duration(_ work: Distribution) -> SimDuration {
        var d = work.sample(&rng)
        if scale != 1 { d = SimDuration(nanoseconds: Int64((Double(d.nanoseconds) * scale).rounded())) }
        return d
    }

    func resize(_ count: Int) { cores.resize(count) }

    /// The process died: its work is gone.
    func reset() {
        cores.reset()
        jobs.removeAll()
    }
}
