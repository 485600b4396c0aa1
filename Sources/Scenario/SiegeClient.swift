import SimCore
import Infrastructure
import Systems
import Report

/// siege 4.0.4, the HTTP load tester, as one `siege` command runs it: its banner, its users'
/// closed loop (each user sends, waits for the answer, sleeps siege's delay, sends again,
/// until `-r` repetitions are done or `-t` time is up; then in-flight requests are
/// abandoned, as siege cancels its threads), its failure limit and its ending. What it
/// sends and counts is `LoadJob`'s.
final class SiegeClient: LoadJob {
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
    static let defaultFailures = 1024
    /// This siege's limit (`RunOptions.siegeFailures`, as a siegerc would set it).
    let failuresBeforeAbort: Int
    /// siege's own time between two requests of one user, outside the time it measures
    /// (`browser.c` `start`: the -v line, closing the socket, freeing the response and the
    /// loop run after `times(&t_stop)` and before the next `times(&t_start)`). Measured on a
    /// real siege 4.0.7 (siege-real-runs.md r01: one user, 5687 requests in 9.47 s,
    /// Concurrency 0.98, so (1 − 0.98) × 9.47 s / 5687 = 33 µs per request).
    static let ownTimePerRequest = SimDuration.microseconds(33)
    /// The timer ended the run (siege's handler prints "Lifting the server siege...").
    var timerFired = false
    /// One name lookup through the cluster's DNS. siege's `new_socket` (sock.c) resolves the
    /// host with `gethostbyname_r` for every new connection, inside the time it measures,
    /// and with siegerc's `connection = close` every request opens one. A Service's short
    /// name from a pod (`backend`, with resolv.conf's `ndots:5` search path) is found by the
    /// first query, `backend.default.svc.cluster.local`, answered by CoreDNS: 2.6 ms on
    /// average at CoreDNS's CPU-bound maximum (Scaling_CoreDNS.md), ~0.2 ms on an idle
    /// cluster. A range and no typical value: drawn per lookup from uniform(0.2 ms, 5 ms), a
    /// declared unknown. `localhost` comes from /etc/hosts, without a query.
    static let clusterDNSLookup = Distribution.uniform(.microseconds(200), .milliseconds(5))
    /// Name lookups and handshakes, from their own stream.
    private var connectRng: Xoshiro256StarStar
    private let resolvesThroughClusterDNS: Bool

    /// siege 4.0.4: the handler prints "\nLifting the server siege..." when `-t` runs out;
    /// main.c prints the abort notice when the failure limit stopped the users; a `-r` run
    /// that completes prints neither.
    override var ending: String {
        if aborted { return "siege aborted due to excessive socket failure; you\ncan change the failure threshold in $HOME/.siegerc\n" }
        return timerFired ? "\nLifting the server siege..." : ""
    }

    init(model: SystemModel, command: SiegeCommand, text: String, line: Int, index: Int,
         failures: Int = SiegeClient.defaultFailures) {
        self.command = command
        failuresBeforeAbort = failures
        self.rng = model.streams.stream("siege#\(index)")
        self.connectRng = model.streams.stream("siege#\(index):connect")
        self.resolvesThroughClusterDNS = SiegeClient.isServiceName(command.target.host)
        super.init(model: model, figures: LoadFigures(command: text, line: line, users: command.concurrency),
                   method: command.method, target: command.target, body: command.body,
                   contentType: command.contentType ?? SiegeCommand.defaultContentType, verbose: command.verbose)
    }

    /// Whether `host` (`backend:8080`) is a Kubernetes Service's short name, which siege in a
    /// pod resolves through the cluster's DNS: a name without dots that is not localhost.
    static func isServiceName(_ host: String) -> Bool {
        let name = host.split(separator: ":", maxSplits: 1).first.map(String.init) ?? host
        return !name.isEmpty && name != "localhost" && !name.contains(".") && !name.allSatisfy({ $0.isNumber })
    }

    /// Before each request: the name lookup (a Service's name through the cluster's DNS),
    /// then TCP's handshake, one round trip of the network's hops before the request can be
    /// sent: siegerc's `connection = close` opens a connection per request, where Feign's and
    /// the gateway's clients keep theirs alive.
    override func connectionSetup() -> SimDuration {
        let lookup = resolvesThroughClusterDNS ? SiegeClient.clusterDNSLookup.sample(&connectRng) : .zero
        let hop = model.network.config.hopLatency
        return lookup + hop.sample(&connectRng) + hop.sample(&connectRng)
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
        let tooManyFailures = count > 0 && figures.failed >= failuresBeforeAbort
        if tooManyFailures || (command.time == nil && command.reps.map { count >= $0 } ?? false) {
            usersDone += 1
            if usersDone == command.concurrency {
                aborted = figures.failed >= failuresBeforeAbort
                finish()
            }
            return
        }
        send(timeout: SiegeClient.socketTimeout) { [weak self] in
            guard let self = self else { return }
            guard !self.finished else { return }
            let pause = SiegeClient.ownTimePerRequest + self.delay()
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
