import XCTest
import Foundation

/// The built `resortsim` binary: output, exit status, determinism across processes.
final class CLITests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String? {
        var candidates: [String] = []
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        candidates.append(me.appendingPathComponent("resortsim").path)
        candidates.append(me.deletingLastPathComponent().appendingPathComponent("resortsim").path)
        candidates.append(root.appendingPathComponent(".build/debug/resortsim").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func run(_ args: [String]) throws -> (out: String, err: String, status: Int32) {
        guard let bin = Self.binary else { XCTFail("resortsim binary not found next to the tests; run `swift build` first"); return ("", "", -1) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = args
        p.currentDirectoryURL = Self.root
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self), p.terminationStatus)
    }

    func temp(_ name: String) -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("resortsim-tests-\(ProcessInfo.processInfo.processIdentifier)-\(name)")
        try? FileManager.default.removeItem(at: d)
        return d.path
    }

    func testTraceWritesZipkinAndTheViewerReadsIt() throws {
        let dir = temp("trace")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/t.json"
        let r = try run(["run", "scenarios/f4-breaker-resort.scenario", "--quiet", "--trace", file, "--trace-failed"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("4 expectations, 4 passed"))
        let text = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("[{\"traceId\":\""))
        let v = try run(["trace", file, "--first-failed"])
        XCTAssertEqual(v.status, 0, v.err)
        XCTAssertTrue(v.out.contains("failed: java.lang.Exception: The resort is not in a usable status."))
        XCTAssertTrue(v.out.contains("[reservation] HikariPool.getConnection"))
        XCTAssertTrue(v.out.contains("failed requests: "))
        let none = try run(["trace", file, "--request", "100000"])
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.err.contains("there is no trace 100000"))
    }

    func testTraceOptionsAreCheckedBeforeAnythingRuns() throws {
        let bad = try run(["run", "scenarios/f1-happy-path.scenario", "--trace", "x.json", "--trace-sample", "2"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.err.contains("--trace-sample needs a share of requests above 0 and at most 1"))
        let two = try run(["run", "scenarios/f1-happy-path.scenario", "--trace", "x.json", "--trace-failed", "--trace-slowest", "3"])
        XCTAssertEqual(two.status, 2)
        XCTAssertTrue(two.err.contains("give one of --trace-sample, --trace-failed and --trace-slowest"))
        let missing = try run(["trace", "/nonexistent/t.json"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.err.contains("cannot read /nonexistent/t.json"))
        let notJSON = try run(["trace", "Package.swift"])
        XCTAssertEqual(notJSON.status, 2)
        XCTAssertTrue(notJSON.err.contains("Package.swift: not JSON"))
    }

    func testVersionAndHelp() throws {
        let v = try run(["--version"])
        XCTAssertEqual(v.status, 0)
        XCTAssertEqual(v.out, "resortsim 0.1.0\n")
        for args in [["--help"], ["run", "--help"], ["validate", "--help"]] {
            let h = try run(args)
            XCTAssertEqual(h.status, 0, "\(args)")
            XCTAssertTrue(h.out.contains("USAGE: resortsim"), "\(args)")
        }
    }

    func testHappyPathPassesAndIsByteIdenticalAcrossProcesses() throws {
        let a = temp("a"), b = temp("b")
        let r1 = try run(["run", "scenarios/f1-happy-path.scenario", "--report", a])
        let r2 = try run(["run", "scenarios/f1-happy-path.scenario", "--report", b])
        XCTAssertEqual(r1.status, 0, r1.out)
        XCTAssertEqual(r1.out, r2.out)
        XCTAssertTrue(r1.out.contains("31 expectations, 31 passed, 0 failed"))
        for f in ["report.json", "events.jsonl"] {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + f))
            let y = try Data(contentsOf: URL(fileURLWithPath: b + "/" + f))
            XCTAssertEqual(x, y, f)
            XCTAssertFalse(x.isEmpty)
        }
        let events = try String(contentsOfFile: a + "/events.jsonl", encoding: .utf8)
        XCTAssertEqual(events.split(separator: "\n").count, 15)
        let report = try String(contentsOfFile: a + "/report.json", encoding: .utf8)
        XCTAssertTrue(report.contains("\"scenario\": \"f1-happy-path\""))
        XCTAssertTrue(report.contains("\"seed\": \"1\""))
    }

    func testAnotherSeedChangesTimingButNotOutcomes() throws {
        let r = try run(["run", "scenarios/f1-happy-path.scenario", "--seed", "99", "--quiet"])
        XCTAssertEqual(r.status, 0, r.out)
        XCTAssertTrue(r.out.contains("seed 99"))
    }

    func testFailedExpectationExitsOne() throws {
        let dir = temp("fail")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/f.scenario"
        try "http :8080/resorts\nexpect status 404\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try run(["run", file])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.out.contains("FAIL  line 2: expect status 404  (status 200)"), r.out)
    }

    func testInvalidScenarioExitsTwoWithEveryProblemAndRunsNothing() throws {
        let dir = temp("bad")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/bad.scenario"
        try "http :8080/resorts\nstop paymnet\nwait 10parsecs\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try run(["run", file])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.err, """
        \(file):2:6: error: unknown service 'paymnet' (did you mean 'payment'?)
        \(file):3:8: error: unknown duration unit 'parsecs' in '10parsecs' (expected ns, us, ms, s, m or h)

        """)
    }

    func testCommandLineErrorsExitTwo() throws {
        XCTAssertEqual(try run(["run"]).status, 2)
        XCTAssertEqual(try run(["rnu", "x"]).status, 2)
        let r = try run(["run", "scenarios/f1-happy-path.scenario", "--sed", "3"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.err, "resortsim run: error: unknown option '--sed' (did you mean '--seed'?)\n")
        XCTAssertEqual(try run(["run", "scenarios/f1-happy-path.scenario", "--seed", "x"]).status, 2)
        XCTAssertEqual(try run(["run", "no/such/file.scenario"]).status, 2)
        XCTAssertEqual(try run(["validate", "scenarios/f1-happy-path.scenario"]).status, 0)
    }

    func testARunawayRunStopsAtItsEventBoundWithAClearMessage() throws {
        let r = try run(["run", "scenarios/f1-happy-path.scenario", "--max-events", "100", "--quiet"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.out.contains("stopped: the run hit its bound of 100 simulated events (raise it with --max-events)"), r.out)
        XCTAssertTrue(r.out.contains("not evaluated"), r.out)
    }

    func testCompareSweepsAParameterAndWritesItsReport() throws {
        let dir = temp("compare")
        let r = try run(["compare", "scenarios/f4-breaker-resort.scenario", "--vary", "timeout=300ms,1s", "--seeds", "2", "--report", dir])
        XCTAssertEqual(r.status, 0, r.out + r.err)
        let lines = r.out.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("timeout") && $0.contains("availability") && $0.contains("breaker open") }, r.out)
        let row300 = lines.first { $0.hasPrefix("300ms") }.map(String.init) ?? ""
        let row1s = lines.first { $0.hasPrefix("1s ") }.map(String.init) ?? ""
        XCTAssertTrue(row300.contains("0.00 %"), row300)
        XCTAssertTrue(row1s.contains("100.00 %"), row1s)
        XCTAssertFalse(r.out.contains("pod stopped"), "no pod stops in F4, so no column: " + r.out)
        let csv = try String(contentsOfFile: dir + "/compare.csv", encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\n").count, 3)
        XCTAssertTrue(try String(contentsOfFile: dir + "/compare.svg", encoding: .utf8).hasPrefix("<svg"))
        // The same sweep again: byte-identical, whatever order the parallel runs finished in.
        let again = try run(["compare", "scenarios/f4-breaker-resort.scenario", "--vary", "timeout=300ms,1s", "--seeds", "2"])
        XCTAssertEqual(again.out, r.out)
    }

    /// Without --vary, compare runs the scenario as written over the seeds; its column of runs
    /// in which a pod stopped during the load agrees with each run's own summary line.
    func testCompareWithoutVaryCountsTheRunsWhereAPodStoppedDuringTheLoad() throws {
        let f7 = "scenarios/f7-rollout-with-readiness.scenario", dir = temp("compare-seeds")
        let r = try run(["compare", f7, "--seeds", "4", "--seed", "1", "--report", dir])
        XCTAssertEqual(r.status, 0, r.out + r.err)
        XCTAssertTrue(r.out.hasPrefix("compare f7-rollout-with-readiness: 4 seed(s) = 4 runs"), r.out)
        var stopped = 0
        for seed in 1...4 {
            let one = try run(["run", f7, "--seed", String(seed)])
            XCTAssertTrue(one.status == 0 || one.status == 1, one.out + one.err)  // 1: the 100 % expectation missed
            if one.out.contains("resortsim: pod stopped during this load") || one.out.contains("resortsim: pods stopped during this load") { stopped += 1 }
        }
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertGreaterThan(stopped, 0, "seeds 1-4 hold a run whose old pod stops inside siege's window, so the column shows")
        XCTAssertTrue(lines.contains { $0.contains("availability") && $0.hasSuffix("pod stopped") }, r.out)
        XCTAssertTrue(lines.contains { $0.hasSuffix("\(stopped) of 4 runs") }, "expected \(stopped) of 4: " + r.out)
        let csv = try String(contentsOfFile: dir + "/compare.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv.count, 2)
        XCTAssertTrue(csv[0].hasPrefix("seeds,availability_mean") && csv[0].hasSuffix(",runs_with_pod_stop"), String(csv[0]))
        XCTAssertTrue(csv[1].hasPrefix("4,") && csv[1].hasSuffix(",\(stopped)"), String(csv[1]))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/compare.svg"), "one row has no axis to be drawn against")
        // A scenario without a load is refused before any run (it used to run them all, then
        // exit 1 with a row saying nothing was measured).
        try assertUsageError(["compare", "scenarios/f1-happy-path.scenario", "--seeds", "2"],
                             "resortsim compare: error: scenarios/f1-happy-path.scenario: the scenario has no siege or load command, so its runs measure nothing to compare")
    }

    func testCompareRefusesAnUndeclaredParameter() throws {
        let r = try run(["compare", "scenarios/f4-breaker-resort.scenario", "--vary", "timeot=1s,2s"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("declares no parameter 'timeot'"), r.err)
    }

    func testCheckPassesOnMainAndWritesTheReports() throws {
        let dir = temp("check")
        let r = try run(["check", "scenarios", "--report", dir])
        XCTAssertEqual(r.status, 0, r.out + r.err)
        XCTAssertTrue(r.out.contains("0 failed expectation(s), 0 regression(s)"), r.out)
        for f in ["report.json", "timeline.csv", "junit.xml", "report.html", "events.jsonl"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/f4-breaker-resort/" + f), f)
        }
        let junit = try String(contentsOfFile: dir + "/junit.xml", encoding: .utf8)
        XCTAssertTrue(junit.contains("<testsuite name=\"f1-happy-path\" tests=\"31\" failures=\"0\""), junit)
    }

    func testCheckFailsNamingTheFigureWhenAChangeWorsensAvailability() throws {
        // The readiness scenario, redeploying without the probe: same name, same baseline.
        let dir = temp("regress")
        try FileManager.default.createDirectory(atPath: dir + "/kubernetes", withIntermediateDirectories: true)
        let root = Self.root.path
        var text = try String(contentsOfFile: root + "/scenarios/f7-rollout-with-readiness.scenario", encoding: .utf8)
        text = text.replacingOccurrences(of: "payment-v2-readiness.yml", with: "payment-v2.yml")
            .replacingOccurrences(of: "expect availability == 100%", with: "")
        try text.write(toFile: dir + "/f7-rollout-with-readiness.scenario", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: root + "/scenarios/kubernetes/payment-v2.yml", toPath: dir + "/kubernetes/payment-v2.yml")
        let r = try run(["check", dir, "--baselines", root + "/reports/baselines"])
        XCTAssertEqual(r.status, 1, r.out + r.err)
        let line = r.out.split(separator: "\n").first { $0.contains("availability % (line 9)") }.map(String.init) ?? ""
        XCTAssertTrue(line.contains("REGRESSION"), r.out)
        XCTAssertTrue(r.out.contains("1 regression(s)") || r.out.contains("2 regression(s)") || r.out.contains("3 regression(s)"), r.out)
    }
}
