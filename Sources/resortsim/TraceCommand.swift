import Foundation
import Report

/// `resortsim trace OUT.json`: one request's span tree, then where every request's time went.
struct TraceCommand: Command {
    static let configuration = CommandConfiguration(
        name: "trace",
        abstract: "Show a trace file of 'run --trace': one request's spans, and where the time of every request went.",
        overview: "Show a trace file written by 'resortsim run FILE --trace OUT.json': one request's span tree, "
            + "then where the time of every request went, for succeeded and failed requests.",
        arguments: [("OUT.json", "The trace file.")],
        discussion: "Exit status: 0 shown, 1 the file holds no such request, 2 invalid input. See docs/TRACING.md.",
        options: [
            Option(name: "--request", kind: .integer(1...Int.max), valueName: "N", defaultValue: .integer(1), help: "The N-th trace in the file"),
            Option(name: "--slowest", kind: .flag, help: "The slowest request"),
            Option(name: "--first-failed", kind: .flag, help: "The first request that failed"),
        ],
        exclusive: [["--request", "--slowest", "--first-failed"]])

    let path: String
    let pick: TraceView.Pick

    init(_ p: ParsedOptions) throws {
        path = try Support.oneFile(p.positionals, what: "trace file")
        if p.flag("--slowest") { pick = .slowest }
        else if p.flag("--first-failed") { pick = .firstFailed }
        else { pick = .number(p.integer("--request") ?? 1) }
    }

    func run() throws -> Int32 {
        let k = Paths.kind(path)
        guard k.exists, !k.directory, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw UsageError("cannot read \(path): " + (!k.exists ? "no such file" : k.directory ? "it is a directory" : "not readable as UTF-8 text"))
        }
        // A big file takes seconds: say what is being done, on a terminal only (stderr).
        let megabytes = Double(text.utf8.count) / 1_048_576
        let showProgress = isatty(2) == 1 && megabytes >= 8
        func progress(_ s: String) { if showProgress { fputs("\r\u{1B}[K" + s, stderr) } }
        defer { progress("") }
        progress(String(format: "resortsim trace: reading %.0f MB of spans...", megabytes))
        let view: TraceView
        do { view = try TraceView(json: text) } catch let p as TraceView.Problem {
            throw UsageError("\(path): \(p.message)")
        } catch { throw UsageError("\(path): \(error)") }
        guard let spans = view.pick(pick) else {
            let why: String
            switch pick {
            case .number(let n): why = "there is no trace \(n) (the file has \(view.traces.count))"
            case .firstFailed: why = "no request failed in \(path)"
            case .slowest: why = "\(path) holds no trace"
            }
            fflush(stdout)
            fputs("resortsim trace: \(why)\n", stderr)
            return 1
        }
        progress("resortsim trace: breaking down \(view.traces.count) traces...")
        let breakdown = view.breakdown()
        progress("")
        printOut(TraceView.tree(spans) + "\n" + breakdown)
        return 0
    }
}

/// Where a trace goes when several scenarios run: `OUT-NAME.json` beside `OUT.json`.
enum TraceFiles {
    static func path(_ path: String, for name: String) -> String {
        if path.hasSuffix(".json") { return String(path.dropLast(5)) + "-" + name + ".json" }
        return path + "-" + name
    }
}
