import Foundation
import Scenario
import Systems

/// `resortsim validate FILE...`: checks scenarios without running them.
struct ValidateCommand: Command {
    static let configuration = CommandConfiguration(
        name: "validate",
        abstract: "Check scenarios without running them.",
        overview: "Check scenarios and their systems: every problem is listed as FILE:LINE:COLUMN: error: ...; then each system's summary.",
        arguments: [("FILE...", "The scenario files to check.")],
        discussion: "Exit status: 0 every file is valid, 2 a file or the command line is not.",
        options: [Option.maxRequests])

    let files: [String]
    let maxRequests: Int

    init(_ p: ParsedOptions) throws {
        files = p.positionals
        maxRequests = p.integer("--max-requests") ?? Parser.defaultMaxRequests
    }

    func run() throws -> Int32 {
        let scenarios = try Support.scenarios(files, maxRequests: maxRequests)
        for s in scenarios { printOut("\(s.file): ok (\(s.commands.count) commands)\n") }
        // Each system the files run, once, in the order first named.
        var shown: [String] = []
        for s in scenarios where !shown.contains(s.system.directory) {
            shown.append(s.system.directory)
            printOut("\n" + SystemSummary.render(s.system))
        }
        return 0
    }
}
