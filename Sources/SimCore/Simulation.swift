/// A handle on a scheduled action, for cancelling it.
public struct TimerHandle: Hashable, Sendable {
    let slot: Int32
    let sequence: UInt64
    /// A handle that refers to nothing; cancelling it does nothing.
    public static let none = TimerHandle(slot: -1, sequence: 0)
}

/// Why a run stopped before its natural end.
public enum RunBound: Equatable, Sendable {
    case events(UInt64)
    case time(SimTime)
}

/// The discrete-event kernel: a virtual clock and an event calendar.
///
/// Events are ordered by (time, scheduling sequence): events at the same instant run in
/// the order they were scheduled, and time never moves backwards. The kernel knows
/// nothing of the model (SimPy's `Environment`).
public final class Simulation {
    /// The current virtual time; set before each event runs.
    public private(set) var now: SimTime = .zero
    /// Events executed so far (cancelled ones excluded).
    public private(set) var eventCount: UInt64 = 0
    /// Upper bound on events executed, to stop runaway runs; `nil` is unbounded.
    public var maxEvents: UInt64? = nil
    /// Set when a run stopped because it hit `maxEvents`.
    public private(set) var boundHit: RunBound? = nil
    /// A stable hash (FNV-1a, 64 bits) over the virtual time of every event run, in order:
    /// OMNeT++'s fingerprint idea. Two runs with equal fingerprints ran events at the same
    /// instants, so a refactor that keeps it kept the model's behaviour (report.json shows it).
    /// It hashes the time and not the target or kind (OMNeT++ lets you choose): a closure has
    /// neither, and a refactor that turns a step's closure into a component event must be
    /// able to show, by an equal fingerprint, that nothing else changed.
    public private(set) var fingerprint: UInt64 = 0xcbf2_9ce4_8422_2325

    private let calendar = EventCalendar()
    private var sequence: UInt64 = 0
    /// The scheduled closures by slot. Each is wrapped in a struct: an array of bare
    /// `(() -> Void)?` stores its closures at the generic abstraction, and Swift wraps every
    /// closure going in in a reabstraction thunk, one more allocation per event (callgrind:
    /// 2.1 of the soak's 6.8 mallocs per event).
    private var actions: [ScheduledAction] = []
    private var slotSequence: [UInt64] = []
    /// A cancellable component event's reference, by slot.
    private var slotReference: [UInt32] = []
    private var freeSlots: [Int32] = []
    /// The registered components, by number. Unretained: the simulation does not keep them
    /// alive (a component usually holds the simulation, and a strong reference back would
    /// leak every run); their owner does, for as long as the run lasts.
    private var components: [Unmanaged<SimComponent>] = []

    public init() {}

    /// Number of events waiting in the calendar (a cancelled `scheduleCancellable` one leaves
    /// it at once; other cancelled ones stay until their time).
    public var pendingCount: Int { calendar.count }

    /// Schedules `action` to run `delay` from now.
    /// - Complexity: O(log n) in the number of pending events.
    @discardableResult
    public func schedule(after delay: SimDuration, _ action: @escaping () -> Void) -> TimerHandle {
        schedule(at: now + delay, action)
    }

    /// Schedules `action` at an absolute time, which must not be in the past.
    @discardableResult
    public func schedule(at time: SimTime, _ action: @escaping () -> Void) -> TimerHandle {
        schedule(at: time, tracked: false, action)
    }

    /// Schedules an action that will usually be cancelled (a time-out): cancelling it takes
    /// it out of the calendar at once. `schedule`'s actions can be cancelled too, but stay
    /// in the calendar, dead, until their time.
    public func scheduleCancellable(after delay: SimDuration, _ action: @escaping () -> Void) -> TimerHandle {
        schedule(at: now + delay, tracked: true, action)
    }

    private func schedule(at time: SimTime, tracked: Bool, _ action: @escaping () -> Void) -> TimerHandle {
        precondition(time >= now, "Simulation: cannot schedule at \(time), before now (\(now))")
        sequence &+= 1
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            actions[Int(slot)] = ScheduledAction(run: action)
            slotSequence[Int(slot)] = sequence
        } else {
            slot = Int32(actions.count)
            actions.append(ScheduledAction(run: action))
            slotSequence.append(sequence)
            slotReference.append(0)
        }
        calendar.push(CalendarEntry(time: time.nanoseconds, sequence: sequence, slot: slot, tracked: tracked))
        return TimerHandle(slot: slot, sequence: sequence)
    }

    // MARK: Component events (OMNeT++'s messages to a module's handleMessage)

    /// Registers a component to receive events; the number it gets is its address.
    /// The caller keeps the component alive for as long as the simulation runs.
    public func register(_ component: SimComponent) -> ComponentID {
        precondition(components.count < 0x7F_FFFE, "Simulation: too many components")
        components.append(Unmanaged.passUnretained(component))
        return ComponentID(number: UInt32(components.count))
    }

    /// Posts event `kind` with `reference` to `target`, `delay` from now. A component event
    /// is a value in the calendar: no closure, no allocation.
    @inline(__always)
    public func post(after delay: SimDuration, to target: ComponentID, kind: UInt8, reference: UInt32) {
        post(at: now + delay, to: target, kind: kind, reference: reference)
    }

    /// Posts a component event at an absolute time, which must not be in the past.
    public func post(at time: SimTime, to target: ComponentID, kind: UInt8, reference: UInt32) {
        precondition(time >= now, "Simulation: cannot post at \(time), before now (\(now))")
        sequence &+= 1
        calendar.push(CalendarEntry(time: time.nanoseconds, sequence: sequence, slot: Int32(bitPattern: reference),
                                    tag: target.number << 8 | UInt32(kind)))
    }

    /// Posts a component event that will usually be cancelled (a time-out): cancelling its
    /// handle takes it out of the calendar at once.
    public func postCancellable(after delay: SimDuration, to target: ComponentID, kind: UInt8, reference: UInt32) -> TimerHandle {
        let time = now + delay
        precondition(time >= now, "Simulation: cannot post at \(time), before now (\(now))")
        sequence &+= 1
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slotSequence[Int(slot)] = sequence
            slotReference[Int(slot)] = reference
        } else {
            slot = Int32(actions.count)
            actions.append(ScheduledAction(run: nil))
            slotSequence.append(sequence)
            slotReference.append(reference)
        }
        calendar.push(CalendarEntry(time: time.nanoseconds, sequence: sequence, slot: slot,
                                    tag: CalendarEntry.trackedBit | target.number << 8 | UInt32(kind)))
        return TimerHandle(slot: slot, sequence: sequence)
    }

    /// Hands event `kind` with `reference` to `target` now, inside the current event (as a
    /// direct call would): not an event of its own, and not counted.
    @inline(__always)
    public func deliver(to target: ComponentID, kind: UInt8, reference: UInt32) {
        components[Int(target.number) - 1]._withUnsafeGuaranteedRef { $0.handle(kind, reference) }
    }

    /// Cancels a scheduled action; cancelling one that already ran or was cancelled does nothing.
    public func cancel(_ handle: TimerHandle) {
        guard handle.slot >= 0, Int(handle.slot) < slotSequence.count,
              slotSequence[Int(handle.slot)] == handle.sequence else { return }
        actions[Int(handle.slot)].run = nil
        slotSequence[Int(handle.slot)] = 0
        calendar.remove(slot: handle.slot)
        freeSlots.append(handle.slot)
    }

    /// Runs the next event. Returns false when the calendar is empty.
    @discardableResult
    public func step() -> Bool {
        while let entry = calendar.pop() {
            let target = entry.target
            if target != 0 {
                var reference = UInt32(bitPattern: entry.slot)
                if entry.tracked {
                    let slot = Int(entry.slot)
                    guard slotSequence[slot] == entry.sequence else { continue }
                    slotSequence[slot] = 0
                    freeSlots.append(entry.slot)
                    reference = slotReference[slot]
                }
                now = SimTime(nanoseconds: entry.time)
                eventCount &+= 1
                fingerprint = (fingerprint ^ UInt64(bitPattern: entry.time)) &* 0x100_0000_01b3
                components[Int(target) - 1]._withUnsafeGuaranteedRef { $0.handle(entry.kind, reference) }
                return true
            }
            let slot = Int(entry.slot)
            // A cancelled action's slot was emptied (and may hold a newer action since).
            guard slotSequence[slot] == entry.sequence, let action = actions[slot].run.take() else { continue }
            slotSequence[slot] = 0
            freeSlots.append(entry.slot)
            now = SimTime(nanoseconds: entry.time)
            eventCount &+= 1
            fingerprint = (fingerprint ^ UInt64(bitPattern: entry.time)) &* 0x100_0000_01b3
            action()
            return true
        }
        return false
    }

    /// Time of the next live event, if any.
    public var nextEventTime: SimTime? {
        while let top = calendar.peek() {
            if top.target != 0 && !top.tracked { return SimTime(nanoseconds: top.time) }
            let slot = Int(top.slot)
            if slotSequence[slot] == top.sequence && (top.target != 0 || actions[slot].run != nil) { return SimTime(nanoseconds: top.time) }
            _ = calendar.pop()
        }
        return nil
    }

    /// Runs every event up to and including `time`, then sets the clock to `time`.
    /// Stops early (and records `boundHit`) when `maxEvents` is reached.
    public func run(until time: SimTime) {
        precondition(time >= now, "Simulation: cannot run until \(time), before now (\(now))")
        while let next = nextEventTime, next <= time {
            if let limit = maxEvents, eventCount >= limit { boundHit = .events(limit); return }
            step()
        }
        now = time
    }

    /// Runs until `condition` holds (checked after each event), the calendar is empty,
    /// or `deadline` passes. Returns whether the condition held.
    @discardableResult
    public func run(until deadline: SimTime, while keepGoing: () -> Bool) -> Bool {
        while keepGoing() {
            guard let next = nextEventTime, next <= deadline else {
                now = max(now, min(deadline, nextEventTime ?? deadline))
                return !keepGoing()
            }
            if let limit = maxEvents, eventCount >= limit { boundHit = .events(limit); return false }
            step()
        }
        return true
    }
}

/// A scheduled closure in the simulation's table (nil once it ran or was cancelled).
struct ScheduledAction {
    var run: (() -> Void)?
}
