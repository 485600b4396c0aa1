import Foundation
import SimCore
import Infrastructure
import Systems
import Report
import Formats

/// How a run is done.
public struct RunOptions: Sendable {
    public var seed: UInt64? = nil
    public var quiet = false
    /// Keep the whole broker log (needed for `events.jsonl`).
    public var retainLog = false
    /// Bounds that stop a runaway scenario with a clear message.
    public var maxEvents: UInt64 = 2_000_000_000
    public var maxVirtualTime: SimDuration = .seconds(7 * 24 * 3600)
    public var version = "0.1.0"
    /// Settings applied to every service before the scenario's own `config` lines
    /// (`--params FILE`, as `resortsim calibrate` writes it).
    public var params: [(String, String)] = []
    /// Record Zipkin spans of the client requests, keeping what this filter selects.
    public var trace: TraceFilter? = nil
    /// Called every 10 virtual seconds with the virtual time (progress on a terminal).
    public var progress: (@Sendable (Double) -> Void)? = nil
    /// siege's `failures` (siegerc) for every siege the run starts: 1024, siege 4.0.4's default.
    public var siegeFailures = SiegeClient.defaultFailures
    public init() {}
}

/// Runs a checked scenario against a fresh model, printing what the real tools print.
public final class Runner {
    public static let defaultSeed: UInt64 = 1
    /// `start-time` when the scenario gives none: the day of the documented runs.
    public static let defaultStartTime: Int64 = WallClock.parse("2021-07-26T02:11:54") ?? 0
    /// How long `settle` and a single `http` may take before they are reported as stuck.
    static let settleBound = SimDuration.seconds(600)
    static let httpBound = SimDuration.seconds(300)

    let scenario: Scenario
    let options: RunOptions
    let out: (String) -> Void
    public let model: SystemModel
    var result: RunResult
    var lastResponse: HTTPResult?
    var lastLoad: LoadJob?
    var jobs: [LoadJob] = []
    /// Jobs that have ended (a handful per scenario): their requests in flight may still answer.
    var finishedJobs: [LoadJob] = []
    var jobCount = 0
    /// Waits run so far (each drawn wait has its own stream, by its rank).
    var waits = 0
    var stopped: String?
    var kubeStates: [String: KubeState] = [:]
    var cpuSeen: [ObjectIdentifier: Double] = [:]
    var current = TimelineRow(second: 1)
    var currentLatency = LatencyHistogram()
    var breakersSeen: [String] = []
    let deadline: SimTime

    public init(scenario: Scenario, options: RunOptions, output: @escaping (String) -> Void) {
        self.scenario = scenario
        self.options = options
        self.out = output
        let seed = options.seed ?? scenario.seed ?? Runner.defaultSeed
        var kafka = KafkaConfig()
        let needsLog = scenario.commands.contains { if case .expect(.events) = $0.command { return true }; return false }
        kafka.retainLog = options.retainLog || needsLog
        model = SystemModel(system: scenario.system, seed: seed, kafka: kafka)
        model.sim.maxEvents = options.maxEvents
        model.setEpoch(Runner.defaultStartTime)
        if let f = options.trace { model.startTracing(f) }
        if !options.params.isEmpty { for name in model.system.names { model.configure(name, options.params) } }
        deadline = SimTime.zero + options.maxVirtualTime
        result = RunResult(scenario: scenario.name, file: scenario.file, seed: seed, version: options.version, params: scenario.params)
        model.cluster.onChange = { [unowned(unsafe) self] in self.kubeChanged() }
        kubeChanged() // the starting state, not printed
        model.sim.schedule(after: .seconds(1)) { [unowned(unsafe) self] in self.sample() }
        model.onBreakerChange = { [unowned(unsafe) self] app, command, group, from, to, hc in
            self.breakerChanged(app.name + "->" + group, command, from, to, hc)
        }
    }

    func breakerChanged(_ name: String, _ command: String, _ from: String, _ to: String, _ hc: HealthCounts?) {
        let t = model.sim.now.seconds
        result.breakerTransitions.append(BreakerTransition(time: t, breaker: name, command: command, from: from, to: to,
                                                           total: hc?.total, errors: hc?.errors))
        var why = ""
        if let hc = hc { why = " (\(hc.errors) of \(hc.total) calls failed in the window, \(hc.errorPercentage) %)" }
        say(String(format: "# %.3f s: ", t) + "breaker \(name) \(from) -> \(to): \(command)\(why)\n")
    }

    /// Per breaker, the time it was not CLOSED within [start, end] and how often it opened.
    func breakerFigures(from start: Double, to end: Double) -> [(name: String, notClosedSeconds: Double, openings: Int)] {
        func overlap(_ a: Double, _ b: Double) -> Double { max(0, min(b, end) - max(a, start)) }
        var names: [String] = []
        for t in result.breakerTransitions where !names.contains(t.breaker) { names.append(t.breaker) }
        return names.sorted().map { name in
            var notClosed = 0.0, openings = 0
            var leftClosed: Double? = nil
            for t in result.breakerTransitions where t.breaker == name && t.time <= end {
                if t.from == "CLOSED" {
                    leftClosed = t.time
                    if t.time >= start { openings += 1 }
                } else if t.to == "CLOSED", let a = leftClosed {
                    notClosed += overlap(a, t.time)
                    leftClosed = nil
                }
            }
            if let a = leftClosed { notClosed += overlap(a, end) }
            return (name, notClosed, openings)
        }
    }

    func say(_ s: String) { if !options.quiet { out(s) } }

    /// Each virtual second: the load's requests, breaker states, and per service replicas,
    /// ready pods, the CPU used in that second and the consumer lag.
    func sample() {
        var row = current
        row.p50 = currentLatency.count > 0 ? Double(currentLatency.percentile(0.5)) / 1e9 : nil
        row.p99 = currentLatency.count > 0 ? Double(currentLatency.percentile(0.99)) / 1e9 : nil
        var states: [String: String] = [:]
        for app in model.apps {
            for c in app.hystrix.commands {
                let name = app.name + "->" + c.group
                let s = c.breaker.isOpen ? c.breaker.state.rawValue : "CLOSED"
                if states[name] == nil || s != "CLOSED" { states[name] = s }
            }
            for b in app.resilience4j.breakers {
                let name = app.name + "->" + b.group
                let s = b.breaker.state.rawValue
                if states[name] == nil || s != "CLOSED" { states[name] = s }
            }
        }
        for name in breakersSeen where states[name] == nil { states[name] = "CLOSED" }
        for name in states.keys where !breakersSeen.contains(name) { breakersSeen.append(name) }
        breakersSeen.sort()
        row.breakers = breakersSeen.map { ($0, states[$0] ?? "CLOSED") }
        for d in model.cluster.deployments {
            var used = 0.0
            for p in d.alivePods {
                let id = ObjectIdentifier(p.process)
                let total = p.process.cpuSecondsUsed
                used += total - (cpuSeen[id] ?? 0)
                cpuSeen[id] = total
            }
            row.services.append(.init(name: d.name, replicas: d.targetReplicas, ready: d.readyCount,
                                      cpuMilli: Int((used * 1000).rounded()), lag: model.broker.group(d.name).lag))
        }
        result.timeline.append(row)
        if row.second % 10 == 0 { options.progress?(Double(row.second)) }
        current = TimelineRow(second: row.second + 1)
        currentLatency = LatencyHistogram()
        model.sim.schedule(after: .seconds(1)) { [unowned(unsafe) self] in self.sample() }
    }

    /// A load's request was sent (`status` nil) or ended (a status, or 0 for no answer).
    func loadEvent(sent: Bool, status: Int?, seconds: Double) {
        if sent { current.offered += 1; return }
        if let s = status, s > 0, s < 400 { current.succeeded += 1 } else { current.failed += 1 }
        if let s = status, s > 0 { currentLatency.record(Int64((seconds * 1e9).rounded())) }
    }

    /// Runs every command in order; returns the figures and expectation outcomes.
    public func run() -> RunResult {
        for c in scenario.commands {
            if stopped != nil {
                if case .expect = c.command, let why = stopped {
                    result.expectations.append(ExpectationResult(line: c.line, text: c.text, passed: false, measured: "not evaluated: \(why)"))
                    out("FAIL  line \(c.line): \(c.text)  (not evaluated: the run stopped)\n")
                }
                continue
            }
            execute(c)
        }
        if stopped == nil { awaitJobs(); reportFinishedJobs() }
        if let s = stopped { out("resortsim: \(scenario.file): stopped: \(s)\n"); result.warnings.append(s) }
        result.virtualSeconds = model.sim.now.seconds
        result.simulatedEvents = model.sim.eventCount
        result.eventFingerprint = String(model.sim.fingerprint, radix: 16)
        if let t = model.tracer {
            t.abandonOpenTraces()
            result.zipkinJSON = t.zipkinJSON()
            result.tracesKept = t.keptCount
        }
        result.events = model.broker.retainedRecords.map { $0.value }
        result.picture = picture()
        return result
    }

    func execute(_ c: Located) {
        switch c.command {
        case .seed: break
        case .startTime(let t): model.setEpoch(t)
        case .kubernetesVersion(let minor): model.cluster.useKubernetesVersion(minor: minor)
        case .config(let service, let settings): model.configure(service, settings)
        case .fault(let service, let f): model.addFault(service, f)
        case .networkFault(let f): model.network.addFault(f)
        case .stop(let s):
            say("$ \(c.text)\n")
            if s == "kafka" { model.broker.stop() } else if s == "gateway" { model.gateway.stop() } else { model.stop(s) }
        case .start(let s):
            say("$ \(c.text)\n")
            if s == "kafka" { model.broker.start() } else if s == "gateway" { model.gateway.start() } else { model.start(s) }
        case .crash(let s):
            say("$ \(c.text)\n")
            model.crash(s)
        case .consumerCrash(let s):
            say("$ \(c.text)\n")
            model.armConsumerCrash(s)
        case .at(let t, let inner):
            let when = max(model.sim.now, .zero + t)
            model.sim.schedule(at: when) { [unowned(unsafe) self] in
                self.say(String(format: "# %.3f s: ", self.model.sim.now.seconds) + "at \(t)\n")
                self.execute(inner)
            }
        case .http(let h): http(h, c)
        case .siege(let s, let background):
            jobCount += 1
            let job = SiegeClient(model: model, command: s, text: c.text, line: c.line, index: jobCount, failures: options.siegeFailures)
            launch(job, c, background, start: job.start)
        case .load(let l, let background):
            jobCount += 1
            let job = OpenLoadJob(model: model, command: l, text: c.text, line: c.line, index: jobCount)
            launch(job, c, background, start: job.start)
        case .wait(let d):
            // A drawn wait takes its number from a stream of its own: the scenario's n-th
            // wait (not its line, so that editing a comment above it changes nothing).
            if let d = d {
                waits += 1
                var rng = model.streams.stream("wait#\(waits)")
                advance(to: model.sim.now + d.sample(&rng))
            } else { awaitJobs() }
            reportFinishedJobs()
        case .settle: settle(c)
        case .expect(let e): expect(e, c)
        case .kubectl(let k): kubectl(k, c)
        }
    }

    // MARK: Time

    func advance(to t: SimTime) {
        let target = min(t, deadline)
        model.sim.run(until: target)
        checkBounds()
        if t > deadline && stopped == nil { stopped = "virtual time reached its bound of \(options.maxVirtualTime)" }
    }

    func runWhile(_ bound: SimTime, _ cond: () -> Bool) {
        model.sim.run(until: min(bound, deadline), while: cond)
        checkBounds()
    }

    func checkBounds() {
        if case .events(let n)? = model.sim.boundHit, stopped == nil {
            stopped = "the run hit its bound of \(n) simulated events (raise it with --max-events)"
        }
    }

    // MARK: Commands

    func http(_ h: HttpCommand, _ c: Located) {
        say("$ \(c.text)\n")
        var res: HTTPResult?
        var request = HTTPRequest(method: h.method, host: h.target.host, path: h.target.path, body: h.body, contentType: h.body == nil ? nil : "application/json")
        let root = model.tracer?.startTrace("\(h.method) \(request.routeTemplate)", kind: .client, service: "http",
                                            tags: [("http.method", h.method), ("http.path", h.target.path)])
        request.trace = root
        model.network.send(from: "client", to: h.target.host, request) { [unowned(unsafe) self] in
            res = HTTPResult($0)
            self.model.tracer?.finish(root, tags: Runner.traceTags($0))
        }
        runWhile(model.sim.now + Runner.httpBound) { res == nil }
        // A run stopped at a bound (events, virtual time) left the request unanswered: that
        // is the run's stop, which it reports, not httpie's time-out.
        if res == nil, stopped != nil { say("http: no answer before the run stopped\n\n"); return }
        let r = res ?? .timedOut(Runner.httpBound)
        lastResponse = r
        say(HttpiePrinter.render(r, method: h.method, url: h.target.url) + "\n")
    }

    /// Starts a load: a foreground one prints as it goes and runs to its end; a background
    /// one keeps its output until it is reported.
    func launch(_ job: LoadJob, _ c: Located, _ background: Bool, start: () -> Void) {
        say("$ \(c.text)\n")
        job.observer = { [unowned(unsafe) self] sent, status, seconds in self.loadEvent(sent: sent, status: status, seconds: seconds) }
        if !background { job.sink = { [unowned(unsafe) self] in self.say($0) } }
        start()
        jobs.append(job)
        if !background {
            runWhile(.distantFuture) { !job.finished }
            reportFinishedJobs()
        }
    }

    func awaitJobs() {
        runWhile(.distantFuture) { jobs.contains { !$0.finished } }
    }

    func reportFinishedJobs() {
        let done = jobs.filter { $0.finished }
        jobs.removeAll { $0.finished }
        // Kept for the run's life: answers to requests a job abandoned still reach it.
        finishedJobs += done
        for j in done {
            j.figures.start = j.started.seconds
            j.figures.breakers = breakerFigures(from: j.figures.start, to: j.figures.start + j.figures.elapsed)
            j.recordStops()
            if j.sink == nil { say("# the background load of line \(j.figures.line) has finished:\n") }
            say(j.summary() + "\n")
            result.loads.append(j.figures)
            lastLoad = j
        }
    }

    func settle(_ c: Located) {
        let t0 = model.sim.now
        runWhile(model.sim.now + Runner.settleBound) { !model.isSettled }
        let waited = (model.sim.now - t0).seconds
        let stoppedLagging = model.cluster.deployments.filter { $0.stopped && model.broker.group($0.name).lag > 0 }
            .map { "\($0.name) (stopped, lag \(model.broker.group($0.name).lag))" }
        var note = model.isSettled
            ? String(format: "# settled after %.3f s: every running consumer group has caught up", waited)
            : "# not settled after \(Runner.settleBound): " + model.cluster.deployments.filter { !$0.stopped && model.broker.group($0.name).lag > 0 }.map { "\($0.name) lag \(model.broker.group($0.name).lag)" }.joined(separator: ", ")
        if !model.broker.running { note += " (kafka is stopped)" }
        if !stoppedLagging.isEmpty { note += "; not waiting for " + stoppedLagging.joined(separator: ", ") }
        say("$ \(c.text)\n\(note)\n\n")
    }
}

extension Runner {
    /// The client span's tags for what the client got (nil: its own timeout).
    static func traceTags(_ result: HTTPAnswer?) -> [(String, String)] {
        guard let r = result else { return [("error", "read check timed out")] }
        switch r {
        case .response(let resp):
            let failed = resp.status == 408 || resp.status >= 500
            return [("http.status_code", String(resp.status))] + (failed ? [("error", resp.body?["message"]?.stringValue ?? String(resp.status))] : [])
        case .connectionRefused: return [("error", "Connection refused")]
        case .connectionReset: return [("error", "Connection reset by peer")]
        }
    }
}
