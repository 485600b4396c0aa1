import Foundation
import SimCore
import Infrastructure
import Systems
import Scenario

// resortsim-bench: events per second and peak memory of the engine and the full model.
// `swift run -c release resortsim-bench [mm1|soak]`; with no argument it runs
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

/// M/M/1 (lambda 0.9, mu 1) through the closure path that most of the model still uses: a
/// `Resource` (SimPy's `Resource`, as Tomcat's threads and Hikari's connections are) and
/// scheduled closures, one process per customer, as `mm1_simpy.py` does it.
final class MM1Closures {
    let sim = Simulation()
    let server: Resource
    var arrivals = RandomStreams(seed: 1).stream("arrivals")
    var services = RandomStreams(seed: 1).stream("service")
    let interarrival = Distribution.exponential(mean: .fromSeconds(1 / 0.9))
    let service = Distribution.exponential(mean: .seconds(1))
    var arrived = 0, served = 0
    var timeInSystem: Int64 = 0
    let customers: Int

    init(customers: Int) {
        self.customers = customers
        server = Resource(name: "server", capacity: 1, sim: sim)
    }

    func customer() {
        let arrive = sim.now
        server.acquire { [unowned(unsafe) self] _ in
            self.sim.schedule(after: self.service.sample(&self.services)) { [unowned(unsafe) self] in
                self.server.release()
                self.timeInSystem += self.sim.now.nanoseconds - arrive.nanoseconds
                self.served += 1
            }
        }
    }

    func source() {
        guard arrived < customers else { return }
        sim.schedule(after: interarrival.sample(&arrivals)) { [unowned(unsafe) self] in
            self.arrived += 1
            self.customer()
            self.source()
        }
    }

    func run() {
        source()
        while sim.step() {}
    }
}

/// Customers per M/M/1 run: 1 000 000, or RESORTSIM_BENCH_CUSTOMERS (for callgrind, which
/// runs fifty times slower).
let benchCustomers = ProcessInfo.processInfo.environment["RESORTSIM_BENCH_CUSTOMERS"].flatMap { Int($0) }.map { max(1, $0) } ?? 1_000_000

func reportMM1(_ name: String, events: UInt64, wall: Double, served: Int, timeInSystem: Int64) {
    report(name, events: events, wall: wall,
           extra: String(format: "; %.0f customers/s; mean time in system %.6f (theory 10)",
                         Double(served) / wall, Double(timeInSystem) / 1e9 / Double(served)))
}

func benchMM1() {
    let m = MM1Component(customers: benchCustomers)
    let t0 = monotonicSeconds()
    m.run()
    reportMM1("mm1", events: m.sim.eventCount, wall: monotonicSeconds() - t0, served: m.served, timeInSystem: m.timeInSystem)
}

func benchMM1Closures() {
    let m = MM1Closures(customers: benchCustomers)
    let t0 = monotonicSeconds()
    m.run()
    reportMM1("mm1-closures", events: m.sim.eventCount, wall: monotonicSeconds() - t0, served: m.served, timeInSystem: m.timeInSystem)
}

/// Resident memory now, in bytes (`/proc/self/statm`'s second field, in pages).
func residentBytes() -> Int {
    // Freed memory glibc keeps in its arenas counts as resident until trimmed: give it back
    // first (malloc_trim, looked up at run time: Swift's Glibc module does not export it), so
    // that the figure is what the model holds.
    typealias MallocTrim = @convention(c) (Int) -> Int32
    if let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "malloc_trim") {
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    }
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func benchSoak() {
    // The default system's soak scenario (`systems/DEFAULT`, from the current directory).
    let scenario: Scenario
    let duration = ProcessInfo.processInfo.environment["RESORTSIM_BENCH_DURATION"] ?? "1h"
    guard case .success(let folder) = SystemResolver.defaultSystem(near: ".") else {
        print("soak: no systems/DEFAULT in the current directory (run the bench from the repository's root)"); exit(2)
    }
    switch Parser.parse(file: folder + "/soak.scenario", overrides: ["duration": duration]) {
    case .success(let s): scenario = s
    case .failure(let e): print("soak: " + e.diagnostics.map { $0.description }.joined(separator: "\n")); exit(2)
    }
    var options = RunOptions()
    options.quiet = true
    let runner = Runner(scenario: scenario, options: options, output: { _ in })
    let model = runner.model
    func storedRows() -> Int { model.system.names.reduce(0) { $0 + (model.table($1)?.count ?? 0) } }
    // Resident memory against stored rows every 10 virtual minutes: the growth per row.
    var samples: [(rows: Int, bytes: Int)] = []
    for minute in stride(from: 10, through: 60, by: 10) {
        model.sim.schedule(at: SimTime(nanoseconds: Int64(minute) * 60_000_000_000)) { samples.append((storedRows(), residentBytes())) }
    }
    let t0 = monotonicSeconds()
    let result = runner.run()
    let wall = monotonicSeconds() - t0
    let loads = result.loads
    let answered = loads.reduce(0) { $0 + $1.hits + $1.failed }
    let ok = loads.reduce(0) { $0 + $1.hits }
    func served(_ name: String) -> UInt64 {
        model.processes(name).reduce(0) { $0 + $1.tomcat.responses.values.reduce(0, +) + $1.tomcat.refused }
    }
    report("soak", events: result.simulatedEvents, wall: wall,
           extra: String(format: "; %d requests answered, %.0f requests/s, availability %.2f %%, virtual %.0f s",
                         answered, Double(answered) / wall, 100 * Double(ok) / Double(max(1, answered)), result.virtualSeconds))
    print("soak: requests served: gateway \(model.gateway.requests), " + model.system.names.map { "\($0) \(served($0))" }.joined(separator: ", "))
    print("soak: consumer records processed: " + model.broker.groups.map { "\($0.name) \($0.processed)" }.joined(separator: ", "))
    if let first = samples.first, let last = samples.last, last.rows > first.rows {
        let perRow = Double(last.bytes - first.bytes) / Double(last.rows - first.rows)
        print(String(format: "soak: %d stored rows; resident memory %.1f MB at 10 min (%d rows), %.1f MB at 60 min (%d rows): %.0f bytes per stored row",
                     last.rows, Double(first.bytes) / 1e6, first.rows, Double(last.bytes) / 1e6, last.rows, perRow))
    }
}

let workloads: [(String, () -> Void)] = [
    ("mm1", benchMM1),
    ("mm1-closures", benchMM1Closures),
    ("soak", benchSoak),
    ("breaker", benchBreaker),
]

let args = Array(CommandLine.arguments.dropFirst())
if let name = args.first {
    guard let w = workloads.first(where: { $0.0 == name }) else {
        let names = workloads.map { $0.0 }.joined(separator: ", ")
        FileHandle.standardError.write(Data("resortsim-bench: error: unknown workload '\(name)' (expected one of: \(names))\n".utf8))
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
