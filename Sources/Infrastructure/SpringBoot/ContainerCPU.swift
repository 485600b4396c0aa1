import SimCore

/// The CPU of the process's container: a core for each slot, one piece of work on a slot at
/// a time, in arrival order. A container limited to L cores runs on ceil(L) slots, each at
/// L / ceil(L) of a core (CFS bandwidth control throttles at the quota), so work takes
/// ceil(L) / L times longer; without a limit it has the node's cores at full speed.
public final class ContainerCPU {
    /// The slots.
    public let cores: Resource
    /// Stretch of CPU work under the limit (1 without one).
    public private(set) var scale: Double = 1
    private unowned(unsafe) let sim: Simulation
    private let lifetime: ProcessLifetime
    private var rng: Xoshiro256StarStar

    init(name: String, cores count: Int, sim: Simulation, lifetime: ProcessLifetime, rng: Xoshiro256StarStar) {
        cores = Resource(name: name + ".cpu", capacity: count, sim: sim)
        self.sim = sim
        self.lifetime = lifetime
        self.rng = rng
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
    var secondsUsed: Double { cores.busy.integral(at: sim.now) / 1e9 / scale }

    /// Runs `then` after `work` of CPU time on one slot. Nothing runs once the process died.
    func run(_ work: Distribution, _ then: @escaping () -> Void) {
        let gen = lifetime.generation
        var d = work.sample(&rng)
        if scale != 1 { d = SimDuration(nanoseconds: Int64((Double(d.nanoseconds) * scale).rounded())) }
        cores.acquire { [unowned(unsafe) self] _ in
            guard self.lifetime.isCurrent(gen) else { return }
            self.sim.schedule(after: d) { [unowned(unsafe) self] in
                guard self.lifetime.isCurrent(gen) else { return }
                self.cores.release()
                then()
            }
        }
    }

    func resize(_ count: Int) { cores.resize(count) }

    /// The process died: its work is gone.
    func reset() { cores.reset() }
}
