import Foundation
import Formats
import Scenario
import Report
import SimCore

/// `resortsim calibrate`: fits the model's unknown costs to an observed siege run and
/// writes a params file. Every input and the output are checked before the fit starts.
struct CalibrateCommand: Command {
    static let defaultSeeds = 5

    static let configuration = CommandConfiguration(
        name: "calibrate",
        abstract: "Fit the model's unknown costs to a real siege run; write a params file for run, compare and check.",
        overview: "Fit the model's unknown costs to an observed siege run, and write a params file that run, "
            + "compare and check accept (--params FILE).",
        arguments: [("SCENARIO", "The scenario that reproduces the observed run; its last siege or load is compared.")],
        otherUsage: ["--list"],
        discussion: "The distance is the sum of squared errors in units of 3 points of availability, 10 % of "
            + "transaction rate and of response time, and 20 % of the mean failure-cluster size of the -v lines. "
            + "Runs go side by side on every core; progress goes to stderr; the result is deterministic. "
            + "An observed run that completed no transaction, or a scenario without a siege or load, "
            + "leaves nothing to fit and is refused. See docs/CALIBRATION.md.",
        options: [
            Option.maxRequests,
            Option(name: "--observed", kind: .path(.inputFile), valueName: "FILE",
                   help: "siege's output of the real run: its summary, and its -v lines if any", required: true),
            Option(name: "--out", kind: .path(.outputFile), valueName: "FILE", help: "Where the fitted params go", required: true),
            Option(name: "--fit", kind: .durationRange, valueName: "NAME=LOW..HIGH",
                   defaultNote: "every cost --list shows, within its default bounds",
                   help: "A cost to fit and the bounds of its median, such as resortsim.cost.console-write=100us..3ms", repeatable: true),
            Option(name: "--seeds", kind: .integer(1...100), valueName: "N", defaultValue: .integer(defaultSeeds), help: "Seeds per candidate"),
            Option(name: "--max-evaluations", kind: .integer(3...10_000), valueName: "N",
                   defaultValue: .integer(Calibration.defaultMaxEvaluations),
                   help: "Candidates the simplex search may try; probing each fitted value's range afterwards tries more"),
            Option(name: "--validate", kind: .path(.inputFile), valueName: "SCENARIO",
                   help: "Also run this scenario with the fitted params, and report its error against --observed-validate (out of sample)",
                   requires: ("--observed-validate", "the observed run it is compared with")),
            Option(name: "--observed-validate", kind: .path(.inputFile), valueName: "FILE",
                   help: "siege's output of the run --validate reproduces", requires: ("--validate", "the scenario that reproduces it")),
            Option(name: "--list", kind: .flag, help: "List the costs a fit can take, with their defaults and bounds"),
        ])

    let list: Bool
    let file: String
    let observed: String
    let out: String
    let fits: [(name: String, low: SimDuration, high: SimDuration)]
    let seeds: Int
    let maxEvaluations: Int
    let maxRequests: Int
    let validate: (scenario: String, observed: String)?

    init(_ p: ParsedOptions) throws {
        maxRequests = p.integer("--max-requests") ?? Parser.defaultMaxRequests
        list = p.flag("--list")
        fits = p.durationRanges("--fit")
        seeds = p.integer("--seeds") ?? Self.defaultSeeds
        maxEvaluations = p.integer("--max-evaluations") ?? Calibration.defaultMaxEvaluations
        if let v = p.text("--validate"), let o = p.text("--observed-validate") { validate = (v, o) } else { validate = nil }
        guard !list else { file = ""; observed = ""; out = ""; return }
        file = try Support.oneFile(p.positionals, what: "scenario to fit on (and --validate for another)")
        guard let o = p.text("--observed") else { throw UsageError("--observed FILE is required (siege's output of the real run)") }
        guard let w = p.text("--out") else { throw UsageError("--out FILE is required (where the fitted params go)") }
        observed = o; out = w
    }

    func run() throws -> Int32 {
        if list {
            for u in Calibration.unknowns { printOut("\(u.key)  default \(u.defaultValue), bounds \(u.low)..\(u.high): \(u.meaning)\n") }
            return 0
        }
        // The parameters: named ones with their bounds, or every documented unknown.
        var parameters: [Calibration.Parameter] = []
        if fits.isEmpty {
            parameters = Calibration.unknowns.map { Calibration.Parameter(key: $0.key, shape: $0.defaultValue, low: $0.low.seconds, high: $0.high.seconds) }
        }
        let keys = Calibration.unknowns.map { $0.key }
        for f in fits {
            guard let u = Calibration.unknowns.first(where: { $0.key == f.name }) else {
                throw UsageError("--fit \(f.name): not a cost a fit can take" + DidYouMean.hint(f.name, among: keys) + "; see --list")
            }
            parameters.append(Calibration.Parameter(key: f.name, shape: u.defaultValue, low: f.low.seconds, high: f.high.seconds))
        }
        // Everything the fit and the validation need, before the fit starts.
        let scenario = try Self.loadScenario(file, option: nil, maxRequests: maxRequests)
        let observedRun = try Self.readObserved(observed, option: "--observed")
        let validation = try validate.map { (try Self.loadScenario($0.scenario, option: "--validate", maxRequests: maxRequests), try Self.readObserved($0.observed, option: "--observed-validate")) }
        var options = RunOptions()
        options.version = resortsimVersion
        fputs("calibrate: fitting \(parameters.map { $0.key }.joined(separator: ", ")) on \(file), \(seeds) seed(s) per candidate\n", stderr)
        let fit = Calibration.fit(scenario, observed: observedRun, parameters: parameters, seeds: seeds, options: options,
                                  maxEvaluations: maxEvaluations) { n, loss, v in
            fputs("calibrate: candidate \(n): loss \(String(format: "%.3f", loss)) at \(zip(parameters, v).map { "\($0.key)=\(SimDuration.fromSeconds($1))" }.joined(separator: " "))\n", stderr)
        }
        let settings = zip(parameters, fit.values).map { ($0.key, $0.value($1)) }
        let header = ["resortsim calibrate: fitted on \(file) against \(observed)",
                      "\(fit.evaluations) candidates, \(seeds) seeds each; loss \(String(format: "%.3f", fit.loss))"]
        let text = ParamsFile(settings: settings).render(header: header)
        try Support.write("the fitted params", to: out) { try text.write(toFile: out, atomically: true, encoding: .utf8) }
        printOut("fitted (\(fit.evaluations) candidates, \(seeds) seeds each, loss \(String(format: "%.3f", fit.loss))):\n")
        for (k, p) in parameters.enumerated() {
            let (lo, hi) = fit.ranges[k]
            printOut("  \(p.key) = \(p.value(fit.values[k]))   (within noise: \(SimDuration.fromSeconds(lo))..\(SimDuration.fromSeconds(hi)) of the median; default \(p.shape))\n")
        }
        printOut(Self.residuals("fit on \(file)", fit.figures, observedRun))
        if let (other, vObserved) = validation, let v = validate {
            var o = options
            o.params = settings
            let figures = Calibration.measure(other, settings: [], seeds: seeds, options: o)
            printOut(Self.residuals("validation on \(v.scenario) (not fitted)", figures, vObserved))
        }
        printOut("wrote \(out)\n")
        return 0
    }

    /// A scenario a fit can use: valid, with a siege or load to compare.
    static func loadScenario(_ path: String, option: String?, maxRequests: Int) throws -> Scenario {
        guard let s = try Support.scenarios([path], maxRequests: maxRequests).first, Calibration.hasLoad(s) else {
            throw UsageError((option.map { "\($0) " } ?? "") + "\(path): the scenario has no siege or load command, so there is nothing to compare with an observed run")
        }
        return s
    }

    /// siege's output of a real run, with figures a fit can aim at.
    static func readObserved(_ path: String, option: String) throws -> SiegeOutput {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw UsageError("\(option) \(path): cannot read the file") }
        let o: SiegeOutput
        do { o = try SiegeOutput(text: text) } catch let p as SiegeOutput.Problem {
            throw UsageError("\(option) \(path): \(p.message)")
        } catch { throw UsageError("\(option) \(path): \(error)") }
        if let why = Calibration.unfittable(o) { throw UsageError("\(option) \(path): \(why)") }
        return o
    }

    static func residuals(_ title: String, _ m: Calibration.Figures, _ o: SiegeOutput) -> String {
        func pct(_ a: Double, _ b: Double) -> String { b > 0 ? String(format: "%+.1f %%", (a / b - 1) * 100) : "(observed 0)" }
        var s = "\(title):\n"
        s += String(format: "  availability       %7.2f %%   observed %7.2f %%   %+.2f points\n", m.availability, o.availability ?? 0, m.availability - (o.availability ?? 0))
        s += String(format: "  transaction rate   %7.2f /s   observed %7.2f /s   ", m.rate, o.transactionRate ?? 0) + pct(m.rate, o.transactionRate ?? 1) + "\n"
        s += String(format: "  response time      %7.2f s    observed %7.2f s    ", m.responseTime, o.responseTime ?? 0) + pct(m.responseTime, o.responseTime ?? 1) + "\n"
        if let c = o.meanFailureCluster, let mc = m.cluster {
            s += String(format: "  failure clusters   %7.2f      observed %7.2f      ", mc, c) + pct(mc, c) + "\n"
        }
        return s
    }
}
