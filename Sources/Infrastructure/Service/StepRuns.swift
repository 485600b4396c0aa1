import SimCore

/// The process's `StepInterpreter` runs that wait on its CPU, console or database: the
/// component those mechanisms hand their "done" event to, so that a wait costs a slot here
/// instead of a closure. A run is in a slot only while it waits; the event's reference is
/// the slot, and `handle` takes the run out and resumes it.
///
/// Every such wait belongs to the process's current incarnation: when the process dies its
/// CPU, console and statements drop their work, and `reset` drops the runs that waited on
/// them (as the closures the mechanisms held used to be dropped).
final class StepRuns: SimComponent {
    /// What the run does when its wait ends.
    enum Kind: UInt8 {
        /// Goes on with its next step.
        case resume
        /// `hibernate_sequence`'s statement ended: the row gets its id, then the run goes on.
        case nextval
        /// HikariCP lent the transaction its connection.
        case connected
        /// HikariCP's `connectionTimeout` passed first.
        case connectionTimedOut
    }

    private(set) var id = ComponentID.none
    private var waiting = SlotArena<StepInterpreter>()

    init(sim: Simulation) {
        super.init()
        id = sim.register(self)
    }

    /// Puts `run` in a slot until its wait ends; nil when the arena is full (then nothing
    /// will resume it).
    func wait(_ run: StepInterpreter) -> UInt32? { waiting.insert(run)?.raw }

    override func handle(_ kind: UInt8, _ reference: UInt32) {
        guard let k = Kind(rawValue: kind), let run = waiting.remove(SlotReference(raw: reference)) else { return }
        run.resume(k)
    }

    /// Runs waiting now (for tests and memory checks).
    var count: Int { waiting.count }

    /// The process died: no wait of its runs will end.
    func reset() { waiting.removeAll() }
}
