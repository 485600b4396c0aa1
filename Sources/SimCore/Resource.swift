/// A counting resource with a FIFO wait queue (SimPy's `Resource`): a pool of worker
/// threads, connections or CPU cores.
///
/// A request either gets a unit at once, or waits in arrival order; a wait may time out.
///
/// A unit freed by `release` (or made by `resize`) is taken for the longest waiter at once,
/// but the waiter hears of it in an event of its own at the same instant, as SimPy's
/// `Request` is triggered through the calendar: the releasing code finishes what it was
/// doing (a commit, a response) before the next holder's code runs. A grant made at once
/// to a caller who did not wait continues the caller's own event.
///
/// A component's grant event goes to the component itself: its reference names a slot of
/// the component's arena, which the component empties when its process dies, so a grant
/// posted before a `reset` finds a stale reference there. A closure's goes through the
/// resource, which drops it after a `reset` (its epoch).
public final class Resource: SimComponent {
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
    /// Closure waiters whose unit is taken and whose grant event is in the calendar, in order.
    private var granted = RingBuffer<Waiter>()
    /// Bumped by `reset`: a grant event posted before it finds a different epoch and does nothing.
    private var epoch: UInt32 = 0
    private var id = ComponentID.none

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
        /// A component's wait with a time-out: its state is in `timedWaits`.
        case timedComponent(SlotReference)
    }

    /// A component's wait that may time out.
    struct TimedWait {
        let target: ComponentID
        let kind: UInt8
        let timeoutKind: UInt8
        let reference: UInt32
        var timer = TimerHandle.none
    }
    private var timedWaits = SlotArena<TimedWait>()

    /// The resource's own events.
    private enum Kind: UInt8 {
        /// A granted waiter hears of its unit (the reference is the epoch).
        case grant
        /// A component's wait timed out (the reference is its `timedWaits` slot).
        case timeout
    }

    public init(name: String, capacity: Int, sim: Simulation) {
        precondition(capacity >= 0, "Resource \(name): negative capacity")
        self.name = name
        self.capacity = capacity
        self.sim = sim
        busy = TimeWeighted(start: sim.now)
        queued = TimeWeighted(start: sim.now)
        super.init()
        id = sim.register(self)
    }

    /// The grant event (the oldest granted waiter hears of its unit), or a component's
    /// time-out.
    public override func handle(_ kind: UInt8, _ reference: UInt32) {
        if kind == Kind.timeout.rawValue {
            guard let w = timedWaits.remove(SlotReference(raw: reference)) else { return }
            liveWaiters -= 1
            timeouts += 1
            queued.set(Double(liveWaiters), at: sim.now)
            sim.deliver(to: w.target, kind: w.timeoutKind, reference: w.reference)
            return
        }
        guard reference == epoch, let w = granted.removeFirst() else { return }
        w.done(true)
    }

    /// Waiters currently queued.
    public var queueLength: Int { liveWaiters }
    public var available: Int { max(0, capacity - inUse) }

    /// Asks for one unit. `done(true)` runs when it is granted: at once, inside the caller's
    /// event, if one is free; after a wait, in a grant event at the instant of the release.
    /// `done(false)` runs when `timeout` passes first.
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
    /// component gets event `kind` with `reference`, inside the caller's event when the unit
    /// is free, in a grant event of its own after a wait, as `acquire`'s `done` is. Such a
    /// wait does not time out.
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

    /// Asks for one unit for a component, waiting at most `timeout`: as the one above, and
    /// when `timeout` passes first the component gets event `timeoutKind` with `reference`
    /// instead (HikariCP's `connectionTimeout`). Allocates nothing once the resource has
    /// seen as many such waits at once.
    public func acquire(for target: ComponentID, kind: UInt8, reference: UInt32,
                        timeout: SimDuration, timeoutKind: UInt8) {
        if inUse < capacity && liveWaiters == 0 {
            take()
            sim.deliver(to: target, kind: kind, reference: reference)
            return
        }
        guard let slot = timedWaits.insert(TimedWait(target: target, kind: kind, timeoutKind: timeoutKind, reference: reference)) else { return }
        let timer = sim.postCancellable(after: timeout, to: id, kind: Kind.timeout.rawValue, reference: slot.raw)
        timedWaits.modify(slot) { $0.timer = timer }
        waiters.append(.timedComponent(slot))
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

    /// Drops every waiter without calling it (the process holding them died), grants not
    /// yet heard of included, and frees all units.
    public func reset() {
        while let p = waiters.removeFirst() {
            switch p {
            case .closure(let w): w.active = false; sim.cancel(w.timer)
            case .timedComponent(let slot): if let w = timedWaits[slot] { sim.cancel(w.timer) }
            case .component: break
            }
        }
        while granted.removeFirst() != nil {}
        epoch &+= 1
        timedWaits.removeAll()
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
                granted.append(w)
                sim.post(after: .zero, to: id, kind: Kind.grant.rawValue, reference: epoch)
            case .component(let target, let kind, let reference):
                liveWaiters -= 1
                queued.set(Double(liveWaiters), at: sim.now)
                take()
                sim.post(after: .zero, to: target, kind: kind, reference: reference)
            case .timedComponent(let slot):
                // Gone: it timed out already.
                guard let w = timedWaits.remove(slot) else { continue }
                sim.cancel(w.timer)
                liveWaiters -= 1
                queued.set(Double(liveWaiters), at: sim.now)
                take()
                sim.post(after: .zero, to: w.target, kind: w.kind, reference: w.reference)
            }
        }
    }
}
