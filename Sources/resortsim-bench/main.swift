import Foundation
import SimCore
import Infrastructure
import ResortSystem
import Scenario

// resortsim-bench: events per second and peak memory of the engine and the full model.
// `swift run -c release resortsim-bench [mm1|f4-scale|soak]`; with no argument it runs
// each workload in its own process so that each peak memory figure is its own.

setvbuf(stdout, nil, _IOLBF, 0)

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Peak resident set size of this process, in MB (Linux `ru_maxrss` is in KB).
func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func report(_ name: String, events: UInt64, wall: Double, extra: String = "") {
    print(String(format: "%@: %llu events in %.2f s wall: %.0f events/s, peak memory %.1f MB%@",
                 name, events, wall, Double(events) / wall, peakMemoryMB(), extra))
}

/// M/M/1 (lambda 0.9, mu 1) on the bare engine with coded events: no allocation per event.
final class MM1: EventTarget {
    let sim = Simulation()
    var target: Int32 = 0
    var arrivals = RandomStreams(seed: 1).stream("arrivals")
    var services = RandomStreams(seed: 1).stream("service")
    let interarrival = Distribution.exponential(mean: .fromSeconds(1 / 0.9))
    let service = Distribution.exponential(mean: .seconds(1))
    var queue = RingBuffer<Int64>(capacity: 1024)
    var busy = false
    var arrived = 0, served = 0
    var timeInSystem = 0.0
    let customers: Int

    init(customers: Int) {
        self.customers = customers
        target = sim.register(self)
    }

    func handle(code: Int32, payload: Int64) {
        if code == 0 { // arrival
            arrived += 1
            if arrived < customers { sim.post(after: interarrival.sample(&arrivals), target: target, code: 0) }
            queue.append(sim.now.nanoseconds)
            if !busy { busy = true; sim.post(after: service.sample(&services), target: target, code: 1) }
        } else { // departure
            let t0 = queue.removeFirst()!
            timeInSystem += Double(sim.now.nanoseconds - t0) / 1e9
            served += 1
            if queue.isEmpty { busy = false } else { sim.post(after: service.sample(&services), target: target, code: 1) }
        }
    }

    func run() {
        sim.post(after: .zero, target: target, code: 0)
        while sim.step() {}
    }
}

func benchMM1() {
    let n = 1_000_000
    let m = MM1(customers: n)
    let t0 = monotonicSeconds()
    m.run()
    let wall = monotonicSeconds() - t0
    report("mm1", events: m.sim.eventCount, wall: wall,
           extra: String(format: "; %.0f customers/s; mean time in system %.3f (theory 10)", Double(m.served) / wall, m.timeInSystem / Double(m.served)))
}

func runScenario(_ name: String, _ text: String) {
    guard case .success(let scenario) = Parser.parse(bytes: Array(text.utf8), file: name + ".scenario") else {
        print("\(name): the built-in scenario does not parse"); exit(2)
    }
    var options = RunOptions()
    options.quiet = true
    let t0 = monotonicSeconds()
    let runner = Runner(scenario: scenario, options: options, output: { _ in })
    let result = runner.run()
    let wall = monotonicSeconds() - t0
    let f = result.loads.first
    report(name, events: result.simulatedEvents, wall: wall, extra: String(format: "; %d requests answered, availability %.2f %%, virtual %.0f s",
                                                                           (f?.hits ?? 0) + (f?.failed ?? 0), f?.availability ?? 0, result.virtualSeconds))
}

/// 1000 siege users for one virtual hour through reservation and resort, in F4's condition
/// (resort's test delay, broker stopped), without Hystrix.
let f4Scale = """
fault resort delay GET /resorts/{id} uniform(400ms, 620ms)
http POST http://localhost:8082/resorts resortName="Jeju" resortType="Hotel" resortPrice=100000 resortStatus="Available" resortPeriod="7/23~25"
stop kafka
siege -c1000 -t1H 'http://localhost:8081/reservations POST {"resortId":1, "memberName":"MK"}'
"""

/// Open-loop 1000 requests/s of F1's reservation for one virtual hour through the gateway
/// and the full topology, every consumer group subscribed. After the first reservation
/// the resort is "Not Available", so later ones fail resort's check (HTTP 500): every
/// request still crosses gateway, reservation (Tomcat, Hikari, Feign) and resort, and no
/// database grows, so memory must stay flat.
let soak = """
http POST :8080/resorts resortName="Jeju" resortType="Hotel" resortPrice=100000 resortStatus="Available" resortPeriod="7/23~25"
load --rate 1000/s --for 1h ':8080/reservations POST {"resortId":1, "memberName":"MK"}'
"""

let workloads: [(String, () -> Void)] = [
    ("mm1", benchMM1),
    ("f4-scale", { runScenario("f4-scale", f4Scale) }),
    ("soak", { runScenario("soak", soak) }),
]

let args = Array(CommandLine.arguments.dropFirst())
if let name = args.first {
    guard let w = workloads.first(where: { $0.0 == name }) else {
        FileHandle.standardError.write("resortsim-bench: error: unknown workload '\(name)' (expected mm1, f4-scale or soak)\n".data(using: .utf8)!)
        exit(2)
    }
    w.1()
} else {
    for (name, _) in workloads {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        p.arguments = [name]
        try? p.run()
        p.waitUntilExit()
    }
}
