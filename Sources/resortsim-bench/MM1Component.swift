import SimCore

/// M/M/1 (lambda 0.9, mu 1) as the model's components run: one `SimComponent` whose events
/// are values in the calendar, each customer's state (its arrival time) in a `SlotArena`
/// slot, and a `Resource` that grants the server by handing the component an event. No
/// closure and no allocation per customer. It draws the same numbers in the same order as
/// `MM1Closures`, so the two must print the same mean time in system and event count.
final class MM1Component: SimComponent {
    let sim = Simulation()
    let server: Resource
    var arrivals = RandomStreams(seed: 1).stream("arrivals")
    var services = RandomStreams(seed: 1).stream("service")
    let interarrival = Distribution.exponential(mean: .fromSeconds(1 / 0.9))
    let service = Distribution.exponential(mean: .seconds(1))
    var customersInSystem = SlotArena<SimTime>()
    var arrived = 0, served = 0
    var timeInSystem: Int64 = 0
    let customers: Int
    private var id = ComponentID?.none

    /// The component's event kinds.
    enum Kind: UInt8 { case arrival, granted, departure }

    init(customers: Int) {
        self.customers = customers
        server = Resource(name: "server", capacity: 1, sim: sim)
    }

    override func handle(_ kind: UInt8, _ reference: UInt32) {
        guard let id = id else { return }
        switch Kind(rawValue: kind) {
        case .arrival:
            arrived += 1
            if let customer = customersInSystem.insert(sim.now) {
                server.acquire(for: id, kind: Kind.granted.rawValue, reference: customer.raw)
            }
            scheduleArrival(id)
        case .granted:
            sim.post(after: service.sample(&services), to: id, kind: Kind.departure.rawValue, reference: reference)
        case .departure:
            server.release()
            if let arrive = customersInSystem.remove(SlotReference(raw: reference)) {
                timeInSystem += sim.now.nanoseconds - arrive.nanoseconds
            }
            served += 1
        case nil:
            break
        }
    }

    private func scheduleArrival(_ id: ComponentID) {
        guard arrived < customers else { return }
        sim.post(after: interarrival.sample(&arrivals), to: id, kind: Kind.arrival.rawValue, reference: 0)
    }

    func run() {
        let id = sim.register(self)
        self.id = id
        scheduleArrival(id)
        while sim.step() {}
    }
}
