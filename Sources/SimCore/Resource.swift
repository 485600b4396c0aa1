/// A counting resource with a FIFO wait queue (SimPy's `Resource`): a pool of worker
/// threads, connections or CPU cores.
///
/// A request either gets a unit at once, or waits in arrival order; a wait may time out.
public final class Resource {
    public let name: String
    public private(set) var capacity: Int
    public private(set) var inUse = 0
    /// Units granted in total, and waits that ended in a timeout.
    public private(set) var grants: UInt64 = 0
    public private(set) var timeouts: UInt64 = 0
    /// Time-weighted number of units in use and of waiters.
    public private(set) var busy: TimeWeighted
    public private(set) var queued: TimeWeighted

    private let sim: Simulation
    private var waiters = RingBuffer<Pending>()
    private var liveWaiters = 0

    final class Waiter {
        let done: (Bool) -> Void
        var timer = TimerHandle.none
        var active = true
        init(_ done: @escaping (Bool) -> Void) { self.done = done }
    }

    /// One place in the wait queue: a closure's, or a component's (granted by handing it
    /// an event, without allocating).
    enum Pending {
        case closure(Waiter)
        case component(ComponentID, kind: UInt8, reference: UInt32)
    }

    public init(name: String, capacity: Int, sim: Simulation) {
        precondition(capacity >= 0, "Resource \(name): negative capacity")
        self.name = name
        self.capacity = capacity
        self.sim = sim
        busy = TimeWeighted(start: sim.now)
        queued = TimeWeighted(start: sim.now)
    }

    /// Waiters currently queued.
    public var queueLength: Int { liveWaiters }
    public var available: Int { max(0, capacity - inUse) }

    /// Asks for one unit. `done(true)` runs when it is granted (at once if one is free),
    /// `done(false)` when `timeout` passes first. Nothing runs synchronously on a grant
    /// made at once except `done` itself.
    public func acquire(timeout: SimDuration? = nil, _ done: @escaping (Bool) -> Void) {
        if inUse < capacity && liveWaiters == 0 {
            take()
            done(true)
            return
        }
        let waiter = Waiter(done)
        if let t = timeout {
            waiter.timer = sim.scheduleCancellable(after: t) { [unowned(unsafe) self, weak waiter] in
                guard let w = waiter, w.active else { return }
                w.active = false
                self.liveWaiters -= 1
                self.timeouts += 1
                self.queued.set(Double(self.liveWaiters), at: self.sim.now)
                w.done(false)
            }
        }
        waiters.append(.closure(waiter))
        liveWaiters += 1
        queued.set(Double(liveWaiters), at: sim.now)
    }

    /// Asks for one unit for a component: when it is granted (at once if one is free), the
    /// component gets event `kind` with `reference`, delivered inside the granting event
    /// as `acquire`'s `done` is. Such a wait does not time out.
    public func acquire(for target: ComponentID, kind: UInt8, reference: UInt32) {
        if inUse < capacity && liveWaiters == 0 {
            take()
            sim.deliver(to: target, kind: kind, reference: reference)
            return
        }
        waiters.append(.component(target, kind: kind, reference: reference))
        liveWaiters += 1
        queued.set(Double(liveWaiters), at: sim.now)
    }

    /// Returns a unit; the longest waiter, if any, gets it.
    public func release() {
        precondition(inUse > 0, "Resource \(name): release without acquire")
        inUse -= 1
        busy.set(Double(inUse), at: sim.now)
        grantWaiters()
    }

    /// Changes the capacity (a resize of the pool); waiters are served if room appears.
    public func resize(_ newCapacity: Int) {
        capacity = max(0, newCapacity)
        grantWaiters()
    }

    /// Drops every waiter without calling it (the process holding them died) and frees all units.
    public func reset() {
        while let p = waiters.removeFirst() {
            if case .closure(let w) = p { w.active = false; sim.cancel(w.timer) }
        }
        liveWaiters = 0
        inUse = 0
        busy.set(0, at: sim.now)
        queued.set(0, at: sim.now)
    }

    private func take() {
        inUse += 1
        grants += 1
        busy.set(Double(inUse), at: sim.now)
    }

    private func grantWaiters() {
        while inUse < capacity, let p = waiters.removeFirst() {
            switch p {
            case .closure(let w):
                guard w.active else { continue }
                w.active = false
                liveWaiters -= 1
                sim.cancel(w.timer)
                queued.set(Double(liveWaiters), at: sim.now)
                take()
                w.done(true)
            case .component(let target, let kind, let reference):
                liveWaiters -= 1
                queued.set(Double(liveWaiters), at: sim.now)
                take()
                sim.deliver(to: target, kind: kind, reference: reference)
            }
        }
    }
}
