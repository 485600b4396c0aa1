import XCTest
import Foundation
import Scenario

/// One parser for every command: help from the tables, both option spellings, one
/// did-you-mean, values checked with their real bounds, one line per error.
extension CLITests {
    static let commands = ["run", "validate", "check", "compare", "calibrate", "chaos", "trace"]

    /// A command-line error: exit 2, one line on stderr, nothing on stdout.
    func assertUsageError(_ args: [String], _ line: String, file: StaticString = #filePath, lineNumber: UInt = #line) throws {
        let r = try run(args)
        XCTAssertEqual(r.status, 2, "\(args): \(r.err)", file: file, line: lineNumber)
        XCTAssertEqual(r.err, line + "\n", "\(args)", file: file, line: lineNumber)
        XCTAssertEqual(r.out, "", "\(args)", file: file, line: lineNumber)
    }

    /// Help text with its wrapping undone: runs of spaces and newlines as one space.
    func flat(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    func testEveryCommandsHelpComesFromItsTable() throws {
        for c in Self.commands {
            let h = try run([c, "--help"])
            XCTAssertEqual(h.status, 0, c)
            XCTAssertTrue(h.out.hasPrefix("OVERVIEW: "), c)
            XCTAssertTrue(h.out.contains("\nUSAGE: resortsim \(c) "), "\(c):\n\(h.out)")
            XCTAssertTrue(h.out.contains("\n  -h, --help "), "\(c):\n\(h.out)")
            XCTAssertFalse(h.out.split(separator: "\n").contains { $0.count > 92 }, "\(c): a help line is wider than 92 columns")
            XCTAssertEqual(try run(["help", c]).out, h.out, c)
            XCTAssertEqual(try run([c, "-h"]).out, h.out, c)
        }
        // Defaults are the code's values, not copies.
        let calibrate = try run(["calibrate", "--help"]).out
        XCTAssertTrue(calibrate.contains("(3 to 10000; default: \(Calibration.defaultMaxEvaluations))."), calibrate)
        let run = try self.run(["run", "--help"]).out
        XCTAssertTrue(run.contains("(default: \(RunOptions().maxEvents))."), run)
        XCTAssertTrue(run.contains("(default: the file's 'seed' line, else \(Runner.defaultSeed))."), run)
        let chaos = flat(try self.run(["chaos", "--help"]).out)
        XCTAssertTrue(chaos.contains("(of: \(Chaos.kinds.joined(separator: ", ")); default: all)."), chaos)
        let check = try self.run(["check", "--help"]).out
        XCTAssertTrue(check.contains("In CI, use:\n\n    resortsim check scenarios --require-baselines\n"), check)
        // The root lists every command.
        let root = try self.run(["--help"])
        XCTAssertEqual(root.status, 0)
        for c in Self.commands { XCTAssertTrue(root.out.contains("\n  \(c) "), "\(c) missing from:\n\(root.out)") }
        XCTAssertEqual(try self.run(["-V"]).out, "resortsim \(resortsimVersion)\n")
    }

    func testBothSpellingsOfAValueAreTheSame() throws {
        let spaced = try run(["run", "scenarios/f3-sync-coupling.scenario", "--seed", "5", "-q"])
        let joined = try run(["run", "scenarios/f3-sync-coupling.scenario", "--seed=5", "--quiet=true"])
        XCTAssertEqual(spaced.status, 0, spaced.err)
        XCTAssertTrue(spaced.out.contains("(seed 5,"), spaced.out)
        XCTAssertEqual(spaced.out, joined.out)
        let loud = try run(["run", "scenarios/f3-sync-coupling.scenario", "--quiet=false"])
        XCTAssertTrue(loud.out.hasPrefix("=== scenarios/f3-sync-coupling.scenario"), loud.out)
        try assertUsageError(["run", "scenarios/f3-sync-coupling.scenario", "--quiet=maybe"],
                             "resortsim run: error: --quiet takes no value (or true or false), not 'maybe'")
        try assertUsageError(["run", "scenarios/f3-sync-coupling.scenario", "--seed"],
                             "resortsim run: error: --seed needs a value (N: a whole number from 0 to 18446744073709551615)")
        try assertUsageError(["run", "scenarios/f3-sync-coupling.scenario", "--report", "--quiet"],
                             "resortsim run: error: --report needs a value (DIR)")
        try assertUsageError(["run", "scenarios/f3-sync-coupling.scenario", "--seed", "1", "--seed=2"],
                             "resortsim run: error: --seed is given twice (give it once)")
    }

    func testUnknownCommandsAndOptionsGetOneDidYouMean() throws {
        for (typed, meant) in [("rnu", "run"), ("chaso", "chaos"), ("calibrat", "calibrate"), ("trac", "trace"), ("compar", "compare")] {
            try assertUsageError([typed, "x"], "resortsim: error: unknown command '\(typed)' (did you mean '\(meant)'?)")
        }
        try assertUsageError(["frobnicate"], "resortsim: error: unknown command 'frobnicate' (expected one of: run, validate, check, compare, calibrate, chaos, trace, help)")
        try assertUsageError(["--verison"], "resortsim: error: unknown option '--verison' (did you mean '--version'?)")
        try assertUsageError(["chaos", "scenarios/f1-happy-path.scenario", "--schedule", "3"],
                             "resortsim chaos: error: unknown option '--schedule' (did you mean '--schedules'?)")
        try assertUsageError(["calibrate", "--lst"], "resortsim calibrate: error: unknown option '--lst' (did you mean '--list'?)")
        try assertUsageError(["trace", "t.json", "--slowst"], "resortsim trace: error: unknown option '--slowst' (did you mean '--slowest'?)")
        try assertUsageError(["validate", "-x"], "resortsim validate: error: unknown option '-x' (expected one of: --max-requests N, -h, --help)")
        try assertUsageError(["chaos", "scenarios/f1-happy-path.scenario", "--schedules", "1", "--faults", "kill,brokr"],
                             "resortsim chaos: error: --faults: unknown value 'brokr' (did you mean 'broker'?)")
        try assertUsageError(["calibrate", "scenarios/f4-breaker-resort.scenario", "--observed", "scenarios/observed/f4-siege.txt",
                              "--out", temp("unused.params"), "--fit", "console-write=100us..3ms"],
                             "resortsim calibrate: error: --fit console-write: not a cost a fit can take (did you mean 'resortsim.cost.console-write'?); see --list")
    }

    func testValuesNameTheirRealBounds() throws {
        try assertUsageError(["run", "scenarios/f1-happy-path.scenario", "--seed", "99999999999999999999"],
                             "resortsim run: error: --seed needs a whole number from 0 to 18446744073709551615, not '99999999999999999999'")
        try assertUsageError(["run", "scenarios/f1-happy-path.scenario", "--max-events", "0"],
                             "resortsim run: error: --max-events needs a whole number from 1 to 18446744073709551615, not '0'")
        try assertUsageError(["trace", "t.json", "--request", "99999999999999999999"],
                             "resortsim trace: error: --request needs a whole number from 1 to 9223372036854775807, not '99999999999999999999'")
        try assertUsageError(["compare", "scenarios/f4-breaker-resort.scenario", "--vary", "timeout=1s", "--seeds", "1001"],
                             "resortsim compare: error: --seeds needs a whole number from 1 to 1000, not '1001'")
        try assertUsageError(["compare", "scenarios/f4-breaker-resort.scenario", "--vary", "timeout=1s", "--shard", "3/2", "--report", temp("shard")],
                             "resortsim compare: error: --shard needs K/N with 1 <= K <= N <= 10000 (a Kubernetes Indexed Job gives K = JOB_COMPLETION_INDEX + 1), not '3/2'")
        try assertUsageError(["compare", "scenarios/f4-breaker-resort.scenario", "--vary", "timeout=1s", "--vary", "timeout=2s"],
                             "resortsim compare: error: --vary timeout is given twice (give each NAME once, as NAME=V1,V2,...)")
        try assertUsageError(["calibrate", "scenarios/f4-breaker-resort.scenario", "--observed", "scenarios/observed/f4-siege.txt",
                              "--out", temp("unused.params"), "--fit", "resortsim.request-cpu=1ms..2000000000s"],
                             "resortsim calibrate: error: --fit resortsim.request-cpu=1ms..2000000000s: duration '2000000000s' is too long (at most 1000000000s); expected NAME=LOW..HIGH, two durations with 0 < LOW < HIGH, such as 100us..3ms")
        try assertUsageError(["trace", "t.json", "--slowest", "--request", "2"],
                             "resortsim trace: error: give one of --request, --slowest and --first-failed")
    }

    func testShardsMergeToTheUnshardedTable() throws {
        let f4 = "scenarios/f4-breaker-resort.scenario", a = temp("shard-a"), b = temp("shard-b"), merged = temp("merged")
        let grid = ["compare", f4, "--vary", "timeout=300ms,1s", "--seeds", "1"]
        let whole = try run(grid)
        XCTAssertEqual(whole.status, 0, whole.err)
        XCTAssertEqual(try run(grid + ["--shard=1/2", "--report=" + a]).status, 0)
        XCTAssertEqual(try run(grid + ["--shard", "2/2", "--report", b]).status, 0)
        let m = try run(["compare", "--merge", a, b, "--report", merged])
        XCTAssertEqual(m.status, 0, m.err)
        let table = { (s: String) in s.split(separator: "\n").drop { !$0.hasPrefix("timeout") }.joined(separator: "\n") }
        XCTAssertFalse(table(whole.out).isEmpty, whole.out)
        XCTAssertEqual(table(m.out), table(whole.out))
        XCTAssertTrue(FileManager.default.fileExists(atPath: merged + "/compare.csv"))
        try assertUsageError(["compare", "--merge", a, "--seeds", "2"],
                             "resortsim compare: error: --seeds does not go with --merge (a merge takes everything from the shards; give it the directories and --report)")
        try assertUsageError(grid + ["--shard", "1/2"], "resortsim compare: error: --shard needs --report DIR (where its partial results go)")
    }
}
