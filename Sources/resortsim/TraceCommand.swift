import Foundation
import Report

let traceUsage = """
OVERVIEW: Show a trace file written by 'resortsim run FILE --trace OUT.json': one request's
span tree, then where the time of every request went, for succeeded and failed requests.

USAGE: resortsim trace OUT.json [--request N | --slowest | --first-failed]

OPTIONS:
  --request N       The N-th trace in the file (default: 1).
  --slowest         The slowest request.
  --first-failed    The first request that failed.
  -h, --help        Show this help.
"""

/// Where a trace goes when several scenarios run: `OUT-NAME.json` beside `OUT.json`.
enum TraceFiles {
    static func path(_ path: String, for name: String) -> String {
        if path.hasSuffix(".json") { return String(path.dropLast(5)) + "-" + name + ".json" }
        return path + "-" + name
    }
}

func traceCommand(_ args: [String]) -> Never {
    var file: String? = nil
    var pick = TraceView.Pick.number(1)
    var i = 0
    while i < args.count {
        switch args[i] {
        case "-h", "--help": printOut(traceUsage + "\n"); fflush(stdout); exit(0)
        case "--slowest": pick = .slowest
        case "--first-failed": pick = .firstFailed
        case "--request":
            i += 1
            guard i < args.count, let n = Int(args[i]), n >= 1 else {
                fail(UsageError(message: "--request needs a trace number from 1 up", usage: traceUsage))
            }
            pick = .number(n)
        default:
            if args[i].hasPrefix("-") {
                fail(UsageError(message: "unknown option '\(args[i])' for trace (expected one of: --request, --slowest, --first-failed, --help)", usage: traceUsage))
            }
            guard file == nil else { fail(UsageError(message: "give one trace file", usage: traceUsage)) }
            file = args[i]
        }
        i += 1
    }
    guard let path = file else { fail(UsageError(message: "no trace file given", usage: traceUsage)) }
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        fail(UsageError(message: "cannot read \(path)", usage: traceUsage))
    }
    let view: TraceView
    do { view = try TraceView(json: text) } catch let p as TraceView.Problem {
        fail(UsageError(message: "\(path): \(p.message)", usage: traceUsage))
    } catch { fail(UsageError(message: "\(path): \(error)", usage: traceUsage)) }
    guard let spans = view.pick(pick) else {
        let why: String
        switch pick {
        case .number(let n): why = "there is no trace \(n) (the file has \(view.traces.count))"
        case .firstFailed: why = "no request failed in \(path)"
        case .slowest: why = "\(path) holds no trace"
        }
        fputs("resortsim: \(why)\n", stderr)
        exit(1)
    }
    printOut(TraceView.tree(spans) + "\n" + view.breakdown())
    fflush(stdout)
    exit(0)
}
