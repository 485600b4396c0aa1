import Foundation
import Formats
import Scenario

/// `resortsim [--version | --help] COMMAND ...`: finds the command, parses its options
/// against its table, runs it, and turns every problem into one line and exit status 2.
enum CLI {
    static let commands: [any Command.Type] = [
        RunCommand.self, ValidateCommand.self, CheckCommand.self, CompareCommand.self,
        CalibrateCommand.self, ChaosCommand.self, TraceCommand.self,
    ]

    /// The root's own table.
    static let configuration = CommandConfiguration(
        name: "", abstract: "",
        overview: "Deterministic simulator and load tester for Spring Boot / Kafka / Kubernetes microservice systems.",
        discussion: "Exit status: 0 every expectation held, 1 one failed, 2 invalid scenario or command line.",
        options: [Option(name: "--version", short: "-V", kind: .flag, help: "Print the version")])

    static func main(_ args: [String]) -> Int32 {
        // The root's options come before the command word.
        let rootArgs = Array(args.prefix { $0.hasPrefix("-") })
        var rest = Array(args.dropFirst(rootArgs.count))
        let root: ParsedOptions
        do { root = try ParsedOptions(rootArgs, for: configuration) } catch let e as UsageError {
            return fail("resortsim", e.message)
        } catch { return fail("resortsim", "\(error)") }
        if root.flag("--version") {
            printOut("resortsim \(resortsimVersion)\n")
            return 0
        }
        if root.flag("--help") || rest.first == "help" {
            if rest.first == "help" { rest.removeFirst() }
            guard let name = rest.first, name != "help" else { printOut(help()); return 0 }
            guard let c = command(named: name) else { return unknown(name) }
            printOut(HelpText.render(c.configuration))
            return 0
        }
        guard let name = rest.first else {
            fputs(help(), stderr)
            return 2
        }
        guard let type = command(named: name) else { return unknown(name) }
        let c = type.configuration
        do {
            let parsed = try ParsedOptions(Array(rest.dropFirst()), for: c)
            if parsed.flag("--help") { printOut(HelpText.render(c)); return 0 }
            return try type.init(parsed).run()
        } catch let e as UsageError {
            return fail("resortsim \(c.name)", e.message)
        } catch let p as ScenarioProblems {
            fflush(stdout)
            fputs(p.lines.map { $0 + "\n" }.joined(), stderr)
            return 2
        } catch {
            return fail("resortsim \(c.name)", "\(error)")
        }
    }

    static func command(named name: String) -> (any Command.Type)? {
        commands.first { $0.configuration.name == name }
    }

    static func unknown(_ name: String) -> Int32 {
        let names = commands.map { $0.configuration.name } + ["help"]
        return fail("resortsim", "unknown command '\(name)'" + DidYouMean.hint(name, among: names, expected: "one of: " + names.joined(separator: ", ")))
    }

    /// One line on stderr, after whatever stdout holds; exit status 2.
    static func fail(_ who: String, _ message: String) -> Int32 {
        fflush(stdout)
        fputs("\(who): error: \(message)\n", stderr)
        return 2
    }

    /// `resortsim --help`: every command's one line, from its table.
    static func help() -> String {
        var out = HelpText.paragraphs("OVERVIEW: " + configuration.overview) + "\n"
        out += "USAGE: resortsim COMMAND [options]\n       resortsim help COMMAND\n\nCOMMANDS:\n"
        let rows = commands.map { ($0.configuration.name, $0.configuration.abstract) }
        let options = configuration.allOptions.map { ($0.label, HelpText.describe($0)) }
        let column = HelpText.column(rows + options)
        out += HelpText.table(rows, column: column) + "\nOPTIONS:\n" + HelpText.table(options, column: column)
        out += "\n" + HelpText.paragraphs("Each command's options: resortsim COMMAND --help. " + configuration.discussion)
        return out
    }
}
