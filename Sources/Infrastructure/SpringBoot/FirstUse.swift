import SimCore

/// Work a freshly started JVM does once, on first use, while every caller that needs it
/// waits: the first caller does it, the others block on the same lock until it is done
/// (Spring's singleton mutex around a FactoryBean's object, Hystrix's class-wide
/// `synchronized` factories). It delays; it does not fail. A warm process has done it all
/// already. The process's death forgets it (the next JVM starts cold) and drops the waiters.
public final class FirstUse {
    /// One piece of one-off work (an enum, not a string: it is compared on every request).
    public enum Work: Equatable, Sendable {
        /// The DispatcherServlet's initialisation on the first request.
        case dispatcherServlet
        /// Hystrix's first command in the JVM.
        case hystrix
        /// The Feign client `name`'s build on its first `getBean`.
        case feignClient(String)
    }

    private let sim: Simulation
    private let lifetime: ProcessLifetime
    private var rng: Xoshiro256StarStar
    /// Keys whose work is done in this JVM.
    private var done: [Work] = []
    /// Work in progress: its key and who waits for it, in arrival order.
    private var running: [(key: Work, waiters: [() -> Void])] = []
    /// A warm process (`resortsim.warm=true`): first uses cost nothing.
    public var warm = false
    /// How many first uses this JVM has paid (for tests and reports).
    public private(set) var paid = 0

    init(sim: Simulation, lifetime: ProcessLifetime, rng: Xoshiro256StarStar) {
        self.sim = sim
        self.lifetime = lifetime
        self.rng = rng
    }

    /// Whether `key`'s work is done (or the process is warm): its caller goes on at once.
    @inline(__always)
    public func isDone(_ key: Work) -> Bool { warm || done.contains(key) }

    /// Runs `then` once `key`'s work is done: at once when it was done before (or the process
    /// is warm); otherwise after the work, which the first caller starts, taking a time drawn
    /// from `cost`.
    public func once(_ key: Work, cost: Distribution, _ then: @escaping () -> Void) {
        if isDone(key) { then(); return }
        if let i = running.firstIndex(where: { $0.key == key }) {
            running[i].waiters.append(then)
            return
        }
        running.append((key, [then]))
        paid += 1
        let generation = lifetime.generation
        sim.schedule(after: cost.sample(&rng)) { [weak self] in
            guard let self = self, generation == self.lifetime.generation,
                  let i = self.running.firstIndex(where: { $0.key == key }) else { return }
            let waiters = self.running.remove(at: i).waiters
            self.done.append(key)
            for w in waiters { w() }
        }
    }

    /// The process died: its JVM's one-off work is gone with it.
    func reset() {
        done.removeAll()
        running.removeAll()
        paid = 0
    }
}
