import Foundation
import Scenario
import Report
import SimCore
import Formats

let calibrateUsage = """
OVERVIEW: Fit the model's unknown costs to an observed siege run, and write a params file
that run, compare and check accept (--params FILE).

USAGE: resortsim calibrate SCENARIO --observed SIEGE_OUTPUT --out FILE [--fit NAME=LOW..HIGH]...
                           [--seeds N] [--max-evaluations N]
                           [--validate SCENARIO --observed-validate SIEGE_OUTPUT]
       resortsim calibrate --list

OPTIONS:
  --observed FILE            siege's output of the real run: its summary, and its -v lines if any.
  --out FILE                 Where the fitted params go.
  --fit NAME=LOW..HIGH       A cost to fit and its bounds (durations of the median), such as
                             resortsim.cost.console-write=100us..3ms (repeatable; default:
                             every cost --list shows, with its default bounds).
  --seeds N                  Seeds per candidate (default: 5).
  --max-evaluations N        Candidates the search may try (default: 40).
  --validate SCENARIO        Also run this scenario with the fitted params, and report its
  --observed-validate FILE   error against this observed run (out of sample).
  --list                     List the costs a fit can take, with their defaults.
  -h, --help                 Show this help.

The distance is the sum of squared errors in units of 3 points of availability, 10 % of
transaction rate and of response time, and 20 % of the mean failure-cluster size of the
-v lines. Runs go side by side on every core; progress goes to stderr; the result is
deterministic.
"""

func calibrateCommand(_ args: [String]) -> Never {
    var file: String?, observedPath: String?, out: String?, validate: String?, observedValidate: String?
    var fits: [(String, String)] = []
    var seeds = 5, maxEvaluations = 40
    var i = 0
    func value(_ flag: String) -> String {
        i += 1
        guard i < args.count else { fail(UsageError(message: "\(flag) needs a value", usage: calibrateUsage)) }
        return args[i]
    }
    while i < args.count {
        let a = args[i]
        switch a {
        case "-h", "--help": printOut(calibrateUsage + "\n"); fflush(stdout); exit(0)
        case "--list":
            for u in Calibration.unknowns {
                printOut("\(u.key)  default \(u.defaultValue), bounds \(u.low)..\(u.high): \(u.meaning)\n")
            }
            fflush(stdout); exit(0)
        case "--observed": observedPath = value(a)
        case "--out": out = value(a)
        case "--validate": validate = value(a)
        case "--observed-validate": observedValidate = value(a)
        case "--seeds":
            let v = value(a)
            guard let n = Int(v), (1...100).contains(n) else { fail(UsageError(message: "--seeds needs a whole number from 1 to 100, not '\(v)'", usage: calibrateUsage)) }
            seeds = n
        case "--max-evaluations":
            let v = value(a)
            guard let n = Int(v), (3...10_000).contains(n) else { fail(UsageError(message: "--max-evaluations needs a whole number from 3 to 10000, not '\(v)'", usage: calibrateUsage)) }
            maxEvaluations = n
        case "--fit":
            let v = value(a)
            let kv = v.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { fail(UsageError(message: "--fit needs NAME=LOW..HIGH, not '\(v)'", usage: calibrateUsage)) }
            fits.append((kv[0], kv[1]))
        default:
            if a.hasPrefix("-") {
                fail(UsageError(message: "unknown option '\(a)' for calibrate (expected one of: --observed, --out, --fit, --seeds, --max-evaluations, --validate, --observed-validate, --list, --help)", usage: calibrateUsage))
            }
            guard file == nil else { fail(UsageError(message: "give one scenario to fit on (and --validate for another)", usage: calibrateUsage)) }
            file = a
        }
        i += 1
    }
    guard let scenarioFile = file else { fail(UsageError(message: "no scenario file given", usage: calibrateUsage)) }
    guard let obs = observedPath else { fail(UsageError(message: "--observed FILE is required (siege's output of the real run)", usage: calibrateUsage)) }
    guard let outFile = out else { fail(UsageError(message: "--out FILE is required (where the fitted params go)", usage: calibrateUsage)) }
    guard (validate == nil) == (observedValidate == nil) else {
        fail(UsageError(message: "--validate and --observed-validate go together", usage: calibrateUsage))
    }
    // The parameters: named ones with their bounds, or every documented unknown.
    var parameters: [Calibration.Parameter] = []
    if fits.isEmpty {
        parameters = Calibration.unknowns.map { Calibration.Parameter(key: $0.key, shape: $0.defaultValue, low: $0.low.seconds, high: $0.high.seconds) }
    }
    for (key, range) in fits {
        let parts = range.components(separatedBy: "..")
        guard parts.count == 2, let lo = try? ValueSyntax.duration(parts[0]), let hi = try? ValueSyntax.duration(parts[1]),
              lo.nanoseconds > 0, hi > lo else {
            fail(UsageError(message: "--fit \(key)=\(range): expected LOW..HIGH, two durations with 0 < LOW < HIGH, such as 100us..3ms", usage: calibrateUsage))
        }
        guard let u = Calibration.unknowns.first(where: { $0.key == key }) else {
            let near = Calibration.unknowns.map { $0.key }.min { editDistance($0, key) < editDistance($1, key) } ?? ""
            fail(UsageError(message: "--fit: '\(key)' is not a cost a fit can take (did you mean '\(near)'? see --list)", usage: calibrateUsage))
        }
        parameters.append(Calibration.Parameter(key: key, shape: u.defaultValue, low: lo.seconds, high: hi.seconds))
    }
    let scenario = parseAll([scenarioFile], [:], usage: calibrateUsage)[0]
    let observed = readObserved(obs)
    var options = RunOptions()
    options.version = resortsimVersion
    fputs("calibrate: fitting \(parameters.map { $0.key }.joined(separator: ", ")) on \(scenarioFile), \(seeds) seed(s) per candidate\n", stderr)
    let fit = Calibration.fit(scenario, observed: observed, parameters: parameters, seeds: seeds, options: options,
                              maxEvaluations: maxEvaluations) { n, loss, v in
        fputs("calibrate: candidate \(n): loss \(String(format: "%.3f", loss)) at \(zip(parameters, v).map { "\($0.key)=\(SimDuration.fromSeconds($1))" }.joined(separator: " "))\n", stderr)
    }
    let settings = zip(parameters, fit.values).map { ($0.key, $0.value($1)) }
    let params = ParamsFile(settings: settings)
    let header = ["resortsim calibrate: fitted on \(scenarioFile) against \(obs)",
                  "\(fit.evaluations) candidates, \(seeds) seeds each; loss \(String(format: "%.3f", fit.loss))"]
    do { try params.render(header: header).write(toFile: outFile, atomically: true, encoding: .utf8) } catch {
        fputs("resortsim: error: cannot write \(outFile): \(error.localizedDescription)\n", stderr)
        exit(2)
    }
    printOut("fitted (\(fit.evaluations) candidates, \(seeds) seeds each, loss \(String(format: "%.3f", fit.loss))):\n")
    for (k, p) in parameters.enumerated() {
        let (lo, hi) = fit.ranges[k]
        printOut("  \(p.key) = \(p.value(fit.values[k]))   (within noise: \(SimDuration.fromSeconds(lo))..\(SimDuration.fromSeconds(hi)) of the median; default \(p.shape))\n")
    }
    printOut(residuals("fit on \(scenarioFile)", fit.figures, observed))
    if let v = validate, let vo = observedValidate {
        let other = parseAll([v], [:], usage: calibrateUsage)[0]
        let vObserved = readObserved(vo)
        var o = options
        o.params = settings
        let figures = Calibration.measure(other, settings: [], seeds: seeds, options: o)
        printOut(residuals("validation on \(v) (not fitted)", figures, vObserved))
    }
    printOut("wrote \(outFile)\n")
    fflush(stdout)
    exit(0)
}

func readObserved(_ path: String) -> SiegeOutput {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        fail(UsageError(message: "cannot read the observed run \(path)", usage: calibrateUsage))
    }
    do { return try SiegeOutput(text: text) } catch let p as SiegeOutput.Problem {
        fail(UsageError(message: "\(path): \(p.message)", usage: calibrateUsage))
    } catch { fail(UsageError(message: "\(path): \(error)", usage: calibrateUsage)) }
}

func residuals(_ title: String, _ m: Calibration.Figures, _ o: SiegeOutput) -> String {
    func pct(_ a: Double, _ b: Double) -> String { String(format: "%+.1f %%", (a / b - 1) * 100) }
    var s = "\(title):\n"
    s += String(format: "  availability       %7.2f %%   observed %7.2f %%   %+.2f points\n", m.availability, o.availability ?? 0, m.availability - (o.availability ?? 0))
    s += String(format: "  transaction rate   %7.2f /s   observed %7.2f /s   ", m.rate, o.transactionRate ?? 0) + pct(m.rate, o.transactionRate ?? 1) + "\n"
    s += String(format: "  response time      %7.2f s    observed %7.2f s    ", m.responseTime, o.responseTime ?? 0) + pct(m.responseTime, o.responseTime ?? 1) + "\n"
    if let c = o.meanFailureCluster, let mc = m.cluster {
        s += String(format: "  failure clusters   %7.2f      observed %7.2f      ", mc, c) + pct(mc, c) + "\n"
    }
    return s
}

/// Reads `--params FILE` (nil: none); problems end the command with exit status 2.
func loadParams(_ path: String?, usage: String) -> [(String, String)] {
    guard let p = path else { return [] }
    switch ParamsFile.read(file: p) {
    case .success(let f): return f.settings
    case .failure(let e):
        FileHandle.standardError.write(e.diagnostics.map { $0.description + "\n" }.joined().data(using: .utf8)!)
        exit(2)
    }
}
