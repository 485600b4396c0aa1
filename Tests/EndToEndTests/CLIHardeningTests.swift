import XCTest
import Foundation

/// Inputs a black-box review found taken without a word (or badly): each is now refused
/// with one line and exit status 2 before any run.
extension CLITests {
    func testHelpHelpPrintsTheCommandList() throws {
        let r = try run(["help", "help"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("USAGE: resortsim COMMAND [options]"), r.out)
        XCTAssertEqual(r.err, "")
    }

    func testAnOutputThatIsADeviceIsRefusedNotReplaced() throws {
        // An atomic write renames a new file over the path: a device would become a file.
        try assertUsageError(["run", "scenarios/f1-happy-path.scenario", "--trace", "/dev/full"],
                             "resortsim run: error: --trace /dev/full: is not a regular file (a device, pipe or socket; expected the name of a file to write)")
        var st = stat()
        XCTAssertEqual(stat("/dev/full", &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR, "/dev/full is still a device")
    }

    func testTwoScenariosOfOneNameCannotShareOutputsByName() throws {
        let dir = temp("same-name")
        try FileManager.default.createDirectory(atPath: dir + "/other", withIntermediateDirectories: true)
        for d in [dir, dir + "/other"] {
            try "http :8080/resorts\n".write(toFile: d + "/tiny.scenario", atomically: true, encoding: .utf8)
        }
        let a = dir + "/tiny.scenario", b = dir + "/other/tiny.scenario"
        try assertUsageError(["run", a, b, "--report", dir + "/r"],
                             "resortsim run: error: \(a) and \(b) are both named 'tiny', and --report writes DIR/NAME/ by name: one would overwrite the other (rename one)")
        try assertUsageError(["check", a, b, "--baselines", dir, "--update-baselines"],
                             "resortsim check: error: \(a) and \(b) are both named 'tiny', and check keeps baselines and reports by name: one would overwrite the other (rename one)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/r"), "nothing ran")
        // Without outputs by name, both run.
        XCTAssertEqual(try run(["run", a, b, "--quiet"]).status, 0)
    }

    func testCompareRefusesWhatItCannotCompareBeforeRunning() throws {
        let dir = temp("compare-guards")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "param delay = 1s\nfault resort delay GET /resorts/{id} ${delay}\nhttp :8080/resorts\n"
            .write(toFile: dir + "/noload.scenario", atomically: true, encoding: .utf8)
        try assertUsageError(["compare", dir + "/noload.scenario", "--vary", "delay=1s,2s"],
                             "resortsim compare: error: \(dir)/noload.scenario: the scenario has no siege or load command, so its runs measure nothing to compare")
        try assertUsageError(["compare", "scenarios/f4-breaker-resort.scenario", "--vary", "timeout=610ms,1s", "--set", "timeout=3s"],
                             "resortsim compare: error: --set timeout=... and --vary timeout=...: a parameter is either varied or set, not both")
    }

    func testAChoiceListGivenTwiceIsRefused() throws {
        try assertUsageError(["chaos", "scenarios/f1-happy-path.scenario", "--faults", "kill,kill"],
                             "resortsim chaos: error: --faults: 'kill' is given twice")
    }

    func testARequestCutByTheRunsBoundIsNotCalledATimeOut() throws {
        let r = try run(["run", "scenarios/f1-happy-path.scenario", "--max-events", "1"])
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.out.contains("http: no answer before the run stopped\n"), r.out)
        XCTAssertFalse(r.out.contains("timed out"), r.out)
        XCTAssertTrue(r.out.contains("stopped: the run hit its bound of 1 simulated events"), r.out + r.err)
    }
}
