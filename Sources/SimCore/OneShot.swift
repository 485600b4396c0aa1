/// The first of an answer and a deadline, delivered once: the reply-or-timeout that every
/// client call needs (Erlang's `receive ... after`). An answer after the deadline is
/// dropped, as the caller has moved on; so is everything once the owner has died
/// (`ownerAlive` false). Answering twice is a defect of the model: debug builds assert.
public final class OneShot<Value> {
    private unowned(unsafe) let sim: Simulation
    private var timer = TimerHandle.none
    private var answers = 0
    private let ownerAlive: () -> Bool
    private let deliver: (Value) -> Void
    /// Whether the outcome has been delivered (by an answer or by the deadline).
    public private(set) var isResolved = false

    /// Arms the deadline: unless an answer comes first, `deliver(onTimeout())` runs after
    /// `timeout` (no deadline when nil).
    public init(sim: Simulation, timeout: SimDuration?, ownerAlive: @escaping () -> Bool = { true },
                onTimeout: @escaping () -> Value, deliver: @escaping (Value) -> Void) {
        self.sim = sim
        self.ownerAlive = ownerAlive
        self.deliver = deliver
        guard let timeout = timeout else { return }
        // The calendar keeps the outcome alive until its deadline (the answer may never come).
        timer = sim.scheduleCancellable(after: timeout) { [self] in
            guard self.ownerAlive(), !self.isResolved else { return }
            self.isResolved = true
            self.deliver(onTimeout())
        }
    }

    /// The answer: delivered if it is the first outcome and the owner is alive.
    public func answer(_ value: Value) {
        guard ownerAlive() else { return }
        answers += 1
        assert(answers == 1, "OneShot: answered twice")
        guard !isResolved else { return }
        isResolved = true
        sim.cancel(timer)
        deliver(value)
    }
}
