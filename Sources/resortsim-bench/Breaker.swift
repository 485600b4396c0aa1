import Foundation
import SimCore
import Scenario

/// F4's condition (scenarios/f4-breaker-resort.scenario: its `config` lines, resort's
/// delay fault, the resort's POST) under `siege -c1000 -t3600S` on POST /reservations: the
/// circuit breaker opening and closing for one virtual hour. siege's failure limit (1024 in
/// siegerc) would stop it within seconds, so the run sets `failures` past reach, as a
/// siegerc would.
func breakerScenario(duration: String) -> String {
    """
    seed 7
    config reservation reservation.resort-fallback=true reservation.null-resort=fail reservation.unavailable-resort=continue
    config reservation hystrix.command.default.execution.isolation.thread.timeoutInMilliseconds=610
    config reservation hystrix.threadpool.default.coreSize=10
    fault resort delay GET /resorts/{id} uniform(400ms, 620ms)
    http POST http://localhost:8082/resorts resortName="Jeju" resortType="Hotel" resortPrice=100000 resortStatus="Available" resortPeriod="7/23~25"
    settle
    siege -c1000 -t\(duration) --content-type "application/json" 'http://localhost:8081/reservations POST {"resortId":1, "memberName":"MK"}'

    """
}

func benchBreaker() {
    // RESORTSIM_BENCH_DURATION shortens it (siege's -t, e.g. 10S) for callgrind.
    let duration = ProcessInfo.processInfo.environment["RESORTSIM_BENCH_DURATION"] ?? "3600S"
    guard case .success(let scenario) = Parser.parse(bytes: Array(breakerScenario(duration: duration).utf8), file: "breaker.scenario") else {
        print("breaker: the built-in scenario does not parse"); exit(2)
    }
    var options = RunOptions()
    options.quiet = true
    options.siegeFailures = Int.max
    let runner = Runner(scenario: scenario, options: options, output: { _ in })
    // Resident memory at 10 virtual minutes and at the end (siege's whole-second timer ends
    // the hour a fraction of a second early): what is in flight, not the run's length.
    // What the system stores meanwhile: rows of its tables (the reservations siege gave up
    // on are still made), which memory follows, and the records the Kafka log still holds
    // (without a report, those a consumer group has yet to commit).
    let model = runner.model
    func stored() -> Int { model.system.names.reduce(0) { $0 + (model.table($1)?.count ?? 0) } + model.broker.retainedCount }
    var samples: [(minute: Int, bytes: Int, stored: Int)] = []
    for minute in stride(from: 10, through: 50, by: 10) {
        model.sim.schedule(at: SimTime(nanoseconds: Int64(minute) * 60_000_000_000)) { samples.append((minute, residentBytes(), stored())) }
    }
    let t0 = monotonicSeconds()
    let result = runner.run()
    let wall = monotonicSeconds() - t0
    samples.append((Int((result.virtualSeconds / 60).rounded()), residentBytes(), stored()))
    let loads = result.loads
    let answered = loads.reduce(0) { $0 + $1.hits + $1.failed }
    let ok = loads.reduce(0) { $0 + $1.hits }
    report("breaker", events: result.simulatedEvents, wall: wall,
           extra: String(format: "; %d requests answered, %.0f requests/s, availability %.2f %%, virtual %.0f s",
                         answered, Double(answered) / wall, 100 * Double(ok) / Double(max(1, answered)), result.virtualSeconds))
    if let first = samples.first, let last = samples.last, samples.count > 1 {
        print("breaker: resident memory " + samples.map { String(format: "%.1f MB at %d min (%d rows and records stored)", Double($0.bytes) / 1e6, $0.minute, $0.stored) }.joined(separator: ", "))
        print(String(format: "breaker: 60 min / 10 min: %.2f; %.0f bytes per row or record stored after 10 min",
                     Double(last.bytes) / Double(max(1, first.bytes)),
                     Double(last.bytes - first.bytes) / Double(max(1, last.stored - first.stored))))
    }
}
