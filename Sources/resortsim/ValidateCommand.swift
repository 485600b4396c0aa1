import Foundation
import Scenario

/// `resortsim validate FILE...`: checks scenarios without running them.
struct ValidateCommand: Command {
    static let configuration = CommandConfiguration(
        name: "validate",
        abstract: "Check scenarios without running them.",
        overview: "Check scenarios: every problem is listed as FILE:LINE:COLUMN: error: ...",
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
        for s in try Support.scenarios(files, maxRequests: maxRequests) { printOut("\(s.file): ok (\(s.commands.count) commands)\n") }
        return 0
    }
}
