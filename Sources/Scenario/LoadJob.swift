import Foundation
import SimCore
import Infrastructure
import Systems
import Report
import Formats

/// A running load command (siege or open loop). Its output is kept until the job is
/// reported, so background jobs print whole, in a stable place.
class LoadJob {
    var figures: LoadFigures
    var output = ""
    /// Where a foreground job prints as it goes; a background job keeps its output.
    var sink: ((String) -> Void)?
    var finished = false
    /// Told of every request sent (true) and ended (false, with its status or 0, and its time).
    var observer: ((Bool, Int?, Double) -> Void)?
    let model: SystemModel
    let method: String
    let target: Target
    let body: JSON?
    /// The request's Content-Type header (nil without a body).
    let contentType: String?
    let verbose: Bool
    var started = SimTime.zero
    var inFlight = 0

    func emit(_ text: String) {
        if let sink = sink { sink(text) } else { output += text }
    }

    init(model: SystemModel, figures: LoadFigures, method: String, target: Target, body: JSON?, contentType: String?, verbose: Bool) {
        self.model = model; self.figures = figures; self.method = method; self.target = target
        self.body = body; self.contentType = body == nil ? nil : contentType; self.verbose = verbose
    }

    /// Sends one request from the client; `done` runs once, with the result or the
    /// client's own timeout (siege's socket read check).
    func send(timeout: SimDuration, _ done: @escaping () -> Void) {
        let sim = model.sim
        let t0 = sim.now
        inFlight += 1
        observer?(true, nil, 0)
        var request = HTTPRequest(method: method, host: target.host, path: target.path, body: body, contentType: contentType)
        let tracer = model.tracer
        let root = tracer?.startTrace("\(method) \(request.routeTemplate)", kind: .client, service: clientName,
                                      tags: [("http.method", method), ("http.path", target.path)])
        request.trace = root
        // Jobs live as long as their runner (it keeps finished ones too), so the capture cannot dangle.
        let outcome = OneShot<HTTPAnswer?>(sim: sim, timeout: timeout, onTimeout: { nil }) { [unowned(unsafe) self] result in
            tracer?.finish(root, tags: Runner.traceTags(result))
            self.inFlight -= 1
            guard !self.finished else { return }
            guard let result = result else {
                self.figures.recordConnectionFailure()
                self.observer?(false, 0, timeout.seconds)
                if self.printsSocketErrors { self.emit(SiegeSummary.readTimeoutLine(seconds: Int(timeout.nanoseconds / 1_000_000_000))) }
                done()
                return
            }
            let seconds = (sim.now - t0).seconds
            self.observer?(false, result.status ?? 0, seconds)
            switch result {
            case .response(let r):
                let bytes = r.bodyBytes
                self.figures.record(status: r.status, seconds: seconds, bytes: bytes)
                if self.verbose {
                    self.emit(SiegeSummary.verboseLine(status: r.status, seconds: seconds, bytes: bytes, method: self.method,
                                                       url: self.method == "GET" ? self.target.path : self.target.url) + "\n")
                }
            case .connectionRefused:
                self.figures.recordConnectionFailure()
                if self.printsSocketErrors { self.emit(SiegeSummary.connectRefusedLine) }
            case .connectionReset:
                self.figures.recordConnectionFailure()
                if self.printsSocketErrors { self.emit(SiegeSummary.readResetLine) }
            }
            done()
        }
        model.network.send(from: "client", to: target.host, request) { outcome.answer($0) }
    }

    /// The client's name in traces.
    var clientName: String { "load" }

    /// siege stopped because its users gave up after too many failures (`failures` in siegerc).
    var aborted = false
    /// Whether socket errors print a line: siege's `NOTIFY` prints them with or without -v;
    /// resortsim's own open-loop `load` keeps them to its counts.
    var printsSocketErrors: Bool { true }
    /// What the tool prints between its last request's line and the summary.
    var ending: String { "\nLifting the server siege..." }

    func finish() {
        guard !finished else { return }
        finished = true
        figures.elapsed = (model.sim.now - started).seconds
    }

    /// The text the tool prints when it ends: what it kept, its ending, siege's summary and
    /// resortsim's own line under it.
    func summary() -> String {
        output + ending + SiegeSummary.render(figures) + SiegeSummary.percentiles(figures)
    }
}

/// siege's closed loop: each user sends, waits for the answer, sleeps siege's delay, sends
/// again, until `-r` repetitions are done or `-t` time is up (then in-flight requests are
/// abandoned, as siege cancels its threads).
final class SiegeJob: LoadJob {
    let command: SiegeCommand
    override var clientName: String { "siege" }
    var rng: Xoshiro256StarStar
    var usersDone = 0
    var deadline: SimTime?
    /// siege's socket timeout (`timeout` in siegerc, default 30 s).
    static let socketTimeout = SimDuration.seconds(30)
    /// siege's `failures` (siegerc; `my.failures = 1024` in 4.0.4's init.c): once this many
    /// requests have failed, each user stops at the end of its current iteration
    /// (browser.c). Every failed request counts, 5xx answers included (`__request` returns
    /// FALSE for 408 and 500–509 as for socket errors), whatever the siegerc comment says.
    static let failuresBeforeAbort = 1024
    /// siege's own time between two requests of one user, outside the time it measures
    /// (`browser.c` `start`: the -v line, closing the socket, freeing the response and the
    /// loop run after `times(&t_stop)` and before the next `times(&t_start)`). Measured on a
    /// real siege 4.0.7 (siege-real-runs.md r01: one user, 5687 requests in 9.47 s,
    /// Concurrency 0.98, so (1 − 0.98) × 9.47 s / 5687 = 33 µs per request).
    static let ownTimePerRequest = SimDuration.microseconds(33)
    /// The timer ended the run (siege's handler prints "Lifting the server siege...").
    var timerFired = false

    /// siege 4.0.4: the handler prints "\nLifting the server siege..." when `-t` runs out;
    /// main.c prints the abort notice when the failure limit stopped the users; a `-r` run
    /// that completes prints neither.
    override var ending: String {
        if aborted { return "siege aborted due to excessive socket failure; you\ncan change the failure threshold in $HOME/.siegerc\n" }
        return timerFired ? "\nLifting the server siege..." : ""
    }

    init(model: SystemModel, command: SiegeCommand, text: String, line: Int, index: Int) {
        self.command = command
        self.rng = model.streams.stream("siege#\(index)")
        super.init(model: model, figures: LoadFigures(command: text, line: line, users: command.concurrency),
                   method: command.method, target: command.target, body: command.body,
                   contentType: command.contentType ?? SiegeCommand.defaultContentType, verbose: command.verbose)
    }

    func start() {
        let sim = model.sim
        started = sim.now
        if let t = command.time, command.reps != nil {
            // siege's ds_module_check: time wins over repetitions.
            emit("[error] CONFIG conflict: selected time and repetition based testing\ndefaulting to time-based testing: \(t.nanoseconds / 1_000_000_000) seconds\n")
        }
        // main.c: the banner's last line ends with a newline only under -v.
        emit("** SIEGE 4.0.4\n** Preparing \(command.concurrency) concurrent users for battle.\nThe server is now under siege..." + (verbose ? "\n" : ""))
        if let t = command.time {
            // siege_timer waits until `time(&now) + secs`: whole seconds of the wall clock,
            // so the run ends when the clock's second reaches start + secs and is shorter than
            // `-t` by the start's fraction of a second (Elapsed 9.66 s for -t10S, 9.86 s in
            // another run). The model's wall clock is its epoch second plus a phase drawn
            // per run, plus virtual time.
            let fraction = SimDuration(nanoseconds: model.wallClock(at: sim.now).nanoseconds % 1_000_000_000)
            let run = max(.zero, t - fraction)
            deadline = sim.now + run
            sim.schedule(after: run) { [unowned(unsafe) self] in
                if !self.finished { self.timerFired = true }
                self.finish()
            }
        }
        for _ in 0..<command.concurrency { userLoop(done: 0) }
    }

    private func userLoop(done count: Int) {
        if finished { return }
        let tooManyFailures = count > 0 && figures.failed >= SiegeJob.failuresBeforeAbort
        if tooManyFailures || (command.time == nil && command.reps.map { count >= $0 } ?? false) {
            usersDone += 1
            if usersDone == command.concurrency {
                aborted = figures.failed >= SiegeJob.failuresBeforeAbort
                finish()
            }
            return
        }
        send(timeout: SiegeJob.socketTimeout) { [weak self] in
            guard let self = self else { return }
            guard !self.finished else { return }
            let pause = SiegeJob.ownTimePerRequest + self.delay()
            self.model.sim.schedule(after: pause) { [weak self] in self?.userLoop(done: count + 1) }
        }
    }

    /// siege 4's delay after each request (`src/browser.c`): whole seconds rounded from a
    /// uniform draw when the delay is 1 s or more, microseconds below that.
    private func delay() -> SimDuration {
        let d = command.delay
        if d >= 1 { return .seconds(Int64(rng.nextDouble() * d + 0.5)) }
        if d >= 0.001 { return .microseconds(Int64(rng.nextDouble() * d * 1_000_000 + 0.0005)) }
        return .zero
    }
}

/// Open-loop arrivals at a fixed rate (Poisson or evenly spaced) for a duration; each
/// request is independent of the others' answers.
final class OpenLoadJob: LoadJob {
    let command: LoadCommand
    override var printsSocketErrors: Bool { false }
    var rng: Xoshiro256StarStar
    var arrivalsOver = false

    init(model: SystemModel, command: LoadCommand, text: String, line: Int, index: Int) {
        self.command = command
        self.rng = model.streams.stream("load#\(index)")
        super.init(model: model, figures: LoadFigures(command: text, line: line, users: 0),
                   method: command.method, target: command.target, body: command.body, contentType: "application/json", verbose: false)
    }

    func start() {
        started = model.sim.now
        emit("** resortsim load: \(String(format: "%g", command.rate))/s \(command.arrivals.rawValue) arrivals for \(command.duration)\n")
        model.sim.schedule(after: command.duration) { [weak self] in
            guard let self = self else { return }
            self.arrivalsOver = true
            self.figures.elapsed = self.command.duration.seconds
            if self.inFlight == 0 { self.complete() }
        }
        arrive()
    }

    private func complete() {
        finished = true
        figures.elapsed = command.duration.seconds
    }

    private func gap() -> SimDuration {
        let mean = 1 / command.rate
        switch command.arrivals {
        case .constant: return .fromSeconds(mean)
        case .poisson: return .fromSeconds(-DeterministicMath.log(rng.nextOpenDouble()) * mean)
        }
    }

    private func arrive() {
        guard !arrivalsOver else { return }
        send(timeout: command.timeout) { [weak self] in
            guard let self = self else { return }
            if self.arrivalsOver && self.inFlight == 0 { self.complete() }
        }
        model.sim.schedule(after: gap()) { [weak self] in self?.arrive() }
    }
}
