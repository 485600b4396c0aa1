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
    /// The last body counted: a job's URL is often answered with the very same kept
    /// representation.
    var counted = RepeatedBodySize()

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
                let bytes = r.body.map { self.counted.bytes(of: $0, indented: r.indented) } ?? 0
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
        let setup = connectionSetup()
        if setup.nanoseconds > 0 {
            sim.schedule(after: setup) { [unowned(unsafe) self] in self.model.network.send(from: "client", to: self.target.host, request) { outcome.answer($0) } }
        } else {
            model.network.send(from: "client", to: target.host, request) { outcome.answer($0) }
        }
    }

    /// Time from the client's start of a request to its request leaving (name lookup,
    /// connection set-up), inside the measured time: none for resortsim's own `load`.
    func connectionSetup() -> SimDuration { .zero }

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

    /// Takes the pods whose process stopped between the load's start and its end into its
    /// figures once the job is reported (siege's and the open loop's alike), so that the
    /// summary's line, the reports and `compare`'s count read one list.
    func recordStops() {
        let end = started + SimDuration.fromSeconds(figures.elapsed)
        figures.podsStopped = model.cluster.podStops.filter { $0.at >= started && $0.at <= end }
            .map { ($0.pod, ($0.at - started).seconds) }
    }

    /// The text the tool prints when it ends: what it kept, its ending, siege's summary and
    /// resortsim's own line under it.
    func summary() -> String {
        output + ending + SiegeSummary.render(figures) + SiegeSummary.percentiles(figures) + podsStopped()
    }

    /// resortsim's line on the pods whose process stopped while the load ran (a rollout's old
    /// pod, a deleted or killed one), with the moment since the load started; nothing when none did.
    func podsStopped() -> String {
        let stops = figures.podsStopped
        guard !stops.isEmpty else { return "" }
        let list = stops.map { "\($0.pod) at " + String(format: "%.2f s", $0.atSeconds) }.joined(separator: ", ")
        return "resortsim: pod\(stops.count == 1 ? "" : "s") stopped during this load: \(list)\n"
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
