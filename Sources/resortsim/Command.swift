import Foundation
import SimCore
import Scenario

/// The command-line model, in the shape of swift-argument-parser without the dependency:
/// every command declares one table of options; the parser, the `--help` text, the
/// did-you-mean hints and the value checks all come from that table (docs/CLI.md).
protocol Command {
    static var configuration: CommandConfiguration { get }
    /// Reads the parsed options, checking what the table cannot say (combinations, files).
    init(_ options: ParsedOptions) throws
    /// Runs the command; returns the exit status. Throws `UsageError` or `ScenarioProblems`
    /// for problems found in its inputs (exit status 2).
    func run() throws -> Int32
}

/// What a command is, for its help and the root's list of commands.
struct CommandConfiguration {
    /// The word after `resortsim`.
    let name: String
    /// One line for `resortsim --help`.
    let abstract: String
    /// The first paragraph of `resortsim NAME --help`.
    let overview: String
    /// The positional arguments as the usage line shows them (`FILE...`), and their help.
    var arguments: [(name: String, help: String)] = []
    /// Further usage lines, for the command's other modes (`compare --merge DIR...`).
    var otherUsage: [String] = []
    /// Text after the options (what the output holds, exit statuses).
    var discussion: String = ""
    /// The options, in help order (`-h, --help` is added to every table).
    let options: [Option]
    /// Groups of options of which at most one may be given.
    var exclusive: [[String]] = []

    /// The table with `--help`.
    var allOptions: [Option] { options + [Option.helpOption] }

    func option(named name: String) -> Option? {
        allOptions.first { $0.name == name || $0.short == name }
    }
}

/// Where a path option points: what must hold before anything runs.
enum PathRole {
    /// A file that must exist and be readable.
    case inputFile
    /// A file to write: not a directory, in an existing writable directory.
    case outputFile
    /// A directory to write into: created if missing, so its nearest existing ancestor must
    /// be a writable directory.
    case outputDirectory
    /// A directory whose role the command decides (`check --baselines`).
    case directory
}

/// How an option's value is read; every kind is parsed in one place (`Values`).
enum ValueKind {
    /// No value; `--flag=true|false` (also yes/no, 1/0, on/off) is accepted.
    case flag
    /// A whole number within these bounds.
    case integer(ClosedRange<Int>)
    /// A whole number within these bounds (seeds and event counts need 64 bits).
    case unsigned(ClosedRange<UInt64>)
    /// A share above 0 and at most 1, of the thing named.
    case share(of: String)
    /// Free text (not empty).
    case text
    case path(PathRole)
    /// `NAME=VALUE`.
    case assignment
    /// `NAME=V1,V2,...` (commas inside parentheses belong to a value).
    case assignmentList
    /// `NAME=LOW..HIGH`, two durations with 0 < LOW < HIGH.
    case durationRange
    /// `K/N` with 1 <= K <= N <= the bound.
    case shard(max: Int)
    /// A comma-separated list of these words (at least one).
    case choices([String])
}

/// A parsed value.
enum OptionValue: CustomStringConvertible {
    case flag(Bool)
    case integer(Int)
    case unsigned(UInt64)
    case number(Double)
    case text(String)
    case assignment(String, String)
    case assignmentList(String, [String])
    case durationRange(String, SimDuration, SimDuration)
    case shard(Int, Int)
    case list([String])

    /// As a default in help: the value as it would be written.
    var description: String {
        switch self {
        case .flag(let b): return b ? "true" : "false"
        case .integer(let n): return String(n)
        case .unsigned(let n): return String(n)
        case .number(let x): return String(x)
        case .text(let s): return s
        case .assignment(let k, let v): return "\(k)=\(v)"
        case .assignmentList(let k, let v): return "\(k)=\(v.joined(separator: ","))"
        case .durationRange(let k, let lo, let hi): return "\(k)=\(lo)..\(hi)"
        case .shard(let k, let n): return "\(k)/\(n)"
        case .list(let l): return l.joined(separator: ",")
        }
    }
}

/// One row of a command's table.
struct Option {
    /// `--seed`.
    let name: String
    /// `-q`, if any.
    var short: String? = nil
    let kind: ValueKind
    /// What the value is called in help and messages (`N`, `FILE`, `NAME=VALUE`).
    var valueName: String = ""
    /// The value when the option is not given; help prints it from here.
    var defaultValue: OptionValue? = nil
    /// Help's words for a default that is not a plain value ("the file's 'seed' line, else 1").
    var defaultNote: String? = nil
    /// One line of help (wrapped to the terminal's 92 columns).
    let help: String
    var repeatable = false
    /// Shown without brackets in the usage line (the command checks it: some modes do without).
    var required = false
    /// Another option this one only makes sense with, and why.
    var requires: (name: String, why: String)? = nil

    static let helpOption = Option(name: "--help", short: "-h", kind: .flag, help: "Show this help")

    /// Every command that reads scenarios takes the request budget of `siege -r` and `load`.
    static let maxRequests = Option(name: "--max-requests", kind: .integer(1...Int(Int32.max)), valueName: "N",
                                    defaultValue: .integer(Parser.defaultMaxRequests),
                                    help: "Refuse a siege -r or load command that sends more than N requests, before anything runs")

    /// `-q, --quiet`, `--seed N`: how help and usage write it.
    var label: String {
        let value = valueName.isEmpty ? "" : " " + valueName
        return (short.map { "\($0), " } ?? "") + name + value
    }

    var takesValue: Bool {
        if case .flag = kind { return false }
        return true
    }
}

/// A command-line problem: printed as one line, `resortsim COMMAND: error: MESSAGE`, exit 2.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Problems located in files (`FILE:LINE:COLUMN: error: ...`), printed as they are, exit 2.
struct ScenarioProblems: Error {
    let lines: [String]
}
