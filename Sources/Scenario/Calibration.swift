import Foundation
import SimCore
import Formats
import Infrastructure
import Report

/// `resortsim calibrate`: fits the model's unknown costs to an observed siege run by a
/// derivative-free search (Nelder–Mead on the logarithm of each value, within its bounds),
/// every candidate judged on the mean of several seeds run side by side on every core.
/// Deterministic: the same inputs give the same fit.
public enum Calibration {
    /// A cost the model does not know from a source (docs/ARCHITECTURE.md lists them as
    /// choices): its key, its default, and the bounds a fit searches by default.
    public struct Unknown {
        public let key: String
        public let meaning: String
        public let defaultValue: Distribution
        public let low: SimDuration
        public let high: SimDuration
    }

    /// The model's documented unknown costs (`calibrate --list`).
    public static let unknowns: [Unknown] = {
        let c = SpringBootConfig()
        return [
            Unknown(key: "resortsim.request-cpu", meaning: "CPU of one request's Tomcat/Spring MVC pass", defaultValue: c.requestCPU,
                    low: .microseconds(100), high: .milliseconds(20)),
            Unknown(key: "resortsim.database-operation", meaning: "one H2 statement", defaultValue: c.databaseOperation,
                    low: .microseconds(10), high: .milliseconds(5)),
            Unknown(key: "resortsim.cost.console-write", meaning: "one write to standard output under its lock", defaultValue: c.costs.consoleWrite,
                    low: .microseconds(20), high: .milliseconds(5)),
            Unknown(key: "resortsim.cost.hystrix-command", meaning: "creating a Hystrix command and its observable chain", defaultValue: c.costs.hystrixCommand,
                    low: .microseconds(1), high: .milliseconds(2)),
            // A cold JVM's first uses: the sources give Hystrix's as a range (0.5-2 s) and
            // Feign's build no size; by default each is drawn per process within its range.
            Unknown(key: "resortsim.cost.hystrix-first-command", meaning: "a cold JVM's first Hystrix command (metrics, thread pool, plugins)",
                    defaultValue: c.costs.hystrixFirstCommand, low: .milliseconds(500), high: .seconds(2)),
            Unknown(key: "resortsim.cost.feign-client-build", meaning: "building a Feign client on its first use (its child context)",
                    defaultValue: c.costs.feignClientBuild, low: .milliseconds(10), high: .seconds(1)),
        ]
    }()

    /// Candidates the simplex search may try unless told otherwise (`calibrate
    /// --max-evaluations`); probing each fitted value's range afterwards adds its own (the
    /// committed F4 fit tried 113 in all).
    public static let defaultMaxEvaluations = 40

    /// Why a fit to this observed run is impossible, or nil: a run that completed no
    /// transaction (Transaction rate 0.00, or a summary of zeros) has nothing to compare.
    public static func unfittable(_ o: SiegeOutput) -> String? {
        guard (o.transactionRate ?? 0) == 0 else { return nil }
        if (o.availability ?? 0) == 0 && (o.responseTime ?? 0) == 0 && (o.transactions ?? 0) == 0 {
            return "its siege summary is all zeros: the run completed no transaction, so there is nothing to fit"
        }
        return "its Transaction rate is 0.00 trans/sec: the run completed no transaction, so there is nothing to fit"
    }

    /// Whether the scenario has a siege or `load` command, whose last one a fit compares.
    public static func hasLoad(_ s: Scenario) -> Bool {
        s.commands.contains { c in
            switch c.command {
            case .siege, .load: return true
            default: return false
            }
        }
    }

    /// One parameter of a fit: which key, its default's shape, and the search bounds (of
    /// the median, or of the value for a constant).
    public struct Parameter {
        public let key: String
        public let shape: Distribution
        public let low: Double
        public let high: Double

        public init(key: String, shape: Distribution, low: Double, high: Double) {
            self.key = key; self.shape = shape; self.low = low; self.high = high
        }

        /// The value `seconds` as this parameter's distribution: a lognormal keeps its
        /// default's p99/median ratio, anything else becomes a constant.
        public func value(_ seconds: Double) -> String {
            let d = SimDuration.fromSeconds(seconds)
            if case .logNormal(let l) = shape, l.median.nanoseconds > 0 {
                let ratio = Double(l.p99.nanoseconds) / Double(l.median.nanoseconds)
                return Distribution.lognormal(median: d, p99: .fromSeconds(seconds * ratio)).description
            }
            return d.description
        }

        /// The default's median (or value), in seconds.
        public var defaultSeconds: Double {
            if case .logNormal(let l) = shape { return l.median.seconds }
            return shape.mean.seconds
        }
    }

    /// What is compared with the observed run.
    public struct Figures {
        public var availability = 0.0, rate = 0.0, responseTime = 0.0
        public var cluster: Double? = nil
    }

    /// The distance minimised: squared errors in units of what counts as close (3 points of
    /// availability, 10 % of rate and of response time, 20 % of the mean failure-cluster
    /// size from the `-v` lines when both sides have them).
    public static func distance(_ m: Figures, _ o: SiegeOutput) -> Double {
        var d = 0.0
        if let a = o.availability { d += sq((m.availability - a) / 3) }
        if let r = o.transactionRate, r > 0 { d += sq((m.rate / r - 1) / 0.1) }
        if let t = o.responseTime, t > 0 { d += sq((m.responseTime / t - 1) / 0.1) }
        if let c = o.meanFailureCluster, let mc = m.cluster { d += sq((mc / c - 1) / 0.2) }
        return d
    }

    /// Runs `scenario` with `settings` for `seeds` seeds from its own, side by side, and
    /// returns the mean figures of its last siege or load (and of its `-v` lines).
    public static func measure(_ scenario: Scenario, settings: [(String, String)], seeds: Int, options: RunOptions) -> Figures {
        final class Box: @unchecked Sendable {
            let lock = NSLock()
            var results: [(Int, LoadFigures?, Double?)] = []
        }
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: seeds) { j in
            var o = options
            o.quiet = false
            o.params = options.params + settings
            o.seed = (scenario.seed ?? Runner.defaultSeed) &+ UInt64(j)
            var printed = ""
            let r = Runner(scenario: scenario, options: o, output: { printed += $0 }).run()
            // The last siege's -v lines: what follows its last "The server is now under siege...".
            let tail = printed.range(of: "The server is now under siege...", options: .backwards).map { String(printed[$0.upperBound...]) } ?? ""
            let cluster = (try? SiegeOutput(text: tail))?.meanFailureCluster
            box.lock.lock()
            box.results.append((j, r.loads.last, cluster))
            box.lock.unlock()
        }
        let runs = box.results.sorted { $0.0 < $1.0 }
        var f = Figures()
        let loads = runs.compactMap { $0.1 }
        guard !loads.isEmpty else { return f }
        f.availability = loads.map { $0.availability }.reduce(0, +) / Double(loads.count)
        f.rate = loads.map { $0.transactionRate }.reduce(0, +) / Double(loads.count)
        f.responseTime = loads.map { $0.responseTime }.reduce(0, +) / Double(loads.count)
        let clusters = runs.compactMap { $0.2 }
        f.cluster = clusters.isEmpty ? nil : clusters.reduce(0, +) / Double(clusters.count)
        return f
    }

    public struct Fit {
        public var values: [Double]
        public var loss: Double
        public var figures: Figures
        /// Per parameter, the range of values whose loss stays within the loss's own noise.
        public var ranges: [(Double, Double)]
        public var evaluations: Int
    }

    /// Fits `parameters` to `observed`. `progress` gets each evaluation's number and loss.
    public static func fit(_ scenario: Scenario, observed: SiegeOutput, parameters: [Parameter], seeds: Int,
                           options: RunOptions, maxEvaluations: Int = defaultMaxEvaluations,
                           progress: (Int, Double, [Double]) -> Void) -> Fit {
        let n = parameters.count
        var evaluations = 0
        var cache: [[Double]: (Double, Figures)] = [:]
        // Coordinates: log of the value, scaled to [0, 1] within the bounds.
        // Values are snapped to three significant digits (whole nanoseconds at least), so that
        // what is written is exactly what was judged.
        func value(_ x: [Double]) -> [Double] {
            zip(x, parameters).map { xi, p in
                Calibration.threeDigits(DeterministicMath.exp(DeterministicMath.log(p.low) + min(1, max(0, xi)) * (DeterministicMath.log(p.high) - DeterministicMath.log(p.low))))
            }
        }
        func evaluate(_ x: [Double]) -> (Double, Figures) {
            let v = value(x)
            let key = v.map { ($0 * 1e9).rounded() }
            if let c = cache[key] { return c }
            let settings = zip(parameters, v).map { ($0.key, $0.value($1)) }
            let figures = measure(scenario, settings: settings, seeds: seeds, options: options)
            let loss = distance(figures, observed)
            evaluations += 1
            progress(evaluations, loss, v)
            cache[key] = (loss, figures)
            return (loss, figures)
        }
        // Start from the defaults, with a simplex of steps of a fifth of each range.
        let start = parameters.map { p in (DeterministicMath.log(p.defaultSeconds) - DeterministicMath.log(p.low)) / (DeterministicMath.log(p.high) - DeterministicMath.log(p.low)) }.map { min(1, max(0, $0)) }
        var simplex: [[Double]] = [start]
        for i in 0..<n {
            var x = start
            x[i] = x[i] + (x[i] > 0.8 ? -0.2 : 0.2)
            simplex.append(x)
        }
        var losses = simplex.map { evaluate($0).0 }
        // Bounded by iterations as well: a step that finds only cached points costs no
        // evaluation, and a loss that is not finite never converges.
        var iterations = 0
        while evaluations < maxEvaluations && iterations < 4 * maxEvaluations {
            iterations += 1
            let order = losses.indices.sorted { (losses[$0], $0) < (losses[$1], $1) }
            simplex = order.map { simplex[$0] }
            losses = order.map { losses[$0] }
            if losses[n] - losses[0] < 0.01 && spread(simplex) < 0.01 { break }
            let centroid = (0..<n).map { i in simplex[0..<n].map { $0[i] }.reduce(0, +) / Double(n) }
            func along(_ t: Double) -> [Double] { (0..<n).map { min(1, max(0, centroid[$0] + t * (simplex[n][$0] - centroid[$0]))) } }
            let reflected = along(-1), lr = evaluate(reflected).0
            if lr < losses[0] {
                let expanded = along(-2), le = evaluate(expanded).0
                if le < lr { simplex[n] = expanded; losses[n] = le } else { simplex[n] = reflected; losses[n] = lr }
            } else if lr < losses[n - 1] {
                simplex[n] = reflected; losses[n] = lr
            } else {
                let contracted = along(lr < losses[n] ? -0.5 : 0.5), lc = evaluate(contracted).0
                if lc < min(lr, losses[n]) {
                    simplex[n] = contracted; losses[n] = lc
                } else {
                    for k in 1...n {
                        simplex[k] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[k][$0] - simplex[0][$0]) }
                        losses[k] = evaluate(simplex[k]).0
                    }
                }
            }
        }
        let bestIndex = losses.indices.min { (losses[$0], $0) < (losses[$1], $1) } ?? 0
        var bestX = simplex[bestIndex]
        var (bestLoss, bestFigures) = evaluate(bestX)
        // Noise: a loss within max(1, 10 % of the best) is indistinguishable with this many
        // seeds (each figure's unit is already what counts as close). Probe each parameter
        // alone outwards in steps of a twentieth of its range.
        // A probe that finds a lower loss becomes the best (the search stopped early, or the
        // loss is noisy), and the probing starts again from it, at most three times; the
        // last pass only measures the ranges.
        var ranges: [(Double, Double)] = []
        for pass in 0..<4 {
            var moved = false
            ranges = []
            let tolerance = bestLoss + max(1, 0.1 * bestLoss)
            for i in 0..<n where !moved {
                var lo = bestX[i], hi = bestX[i]
                for dir in [-1.0, 1.0] where !moved {
                    var x = bestX
                    var t = x[i]
                    while true {
                        let next = t + dir * 0.05
                        guard next >= 0, next <= 1 else { t = dir < 0 ? 0 : 1; break }
                        x[i] = next
                        let (l, f) = evaluate(x)
                        if l < bestLoss && pass < 3 { bestX = x; bestLoss = l; bestFigures = f; moved = true; break }
                        if l > tolerance { break }
                        t = next
                    }
                    if dir < 0 { lo = t } else { hi = t }
                }
                var xl = bestX, xh = bestX
                xl[i] = lo; xh[i] = hi
                ranges.append((value(xl)[i], value(xh)[i]))
            }
            if !moved { break }
        }
        return Fit(values: value(bestX), loss: bestLoss, figures: bestFigures, ranges: ranges, evaluations: evaluations)
    }

    static func sq(_ x: Double) -> Double { x * x }

    /// `v` (seconds) rounded to three significant digits, and to whole nanoseconds.
    static func threeDigits(_ v: Double) -> Double {
        let ns = v * 1e9
        guard ns >= 1000 else { return max(1, ns.rounded()) / 1e9 }
        var scale = 1.0
        while ns / scale >= 1000 { scale *= 10 }
        return (ns / scale).rounded() * scale / 1e9
    }

    static func spread(_ simplex: [[Double]]) -> Double {
        guard let first = simplex.first else { return 0 }
        return simplex.dropFirst().map { x in zip(x, first).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
    }
}
