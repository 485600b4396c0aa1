import XCTest
import Report
@testable import Scenario

/// report.html's picture as a run fills it: the loaded system's services and events, and
/// each call labelled with the settings the run gave the caller.
final class SystemPictureScenarioTests: XCTestCase {
    /// F4's configuration with one reservation: `param timeout` as F4 names it, so that an
    /// override (`--set timeout=...`) reaches the label.
    let scenario = """
    seed 7
    param timeout = 610ms
    param coreSize = 10
    config reservation reservation.resort-fallback=true reservation.null-resort=fail reservation.unavailable-resort=continue
    config reservation hystrix.command.default.execution.isolation.thread.timeoutInMilliseconds=${timeout}
    config reservation hystrix.threadpool.default.coreSize=${coreSize}
    http POST http://localhost:8082/resorts resortName="Jeju" resortStatus="Available" resortPrice=1
    http POST http://localhost:8081/reservations resortId:=1 memberName=MK
    """

    func run(_ text: String, overrides: [String: String] = [:]) throws -> RunResult { try runner(text, overrides: overrides).1 }

    func runner(_ text: String, overrides: [String: String] = [:]) throws -> (Runner, RunResult) {
        guard case .success(let s) = Parser.parse(bytes: Array(text.utf8), file: "pic.scenario", overrides: overrides) else {
            XCTFail("parse"); throw CancellationError()
        }
        var o = RunOptions(); o.quiet = true
        let runner = Runner(scenario: s, options: o, output: { _ in })
        return (runner, runner.run())
    }

    func testThePictureIsTheLoadedSystem() throws {
        let r = try run(scenario)
        let p = try XCTUnwrap(r.picture)
        let system = TestSystems.resort
        XCTAssertEqual(p.name, system.name)
        XCTAssertEqual(p.services, system.names)
        XCTAssertEqual(p.events.map { $0.name }, system.events.map { $0.name })
        XCTAssertEqual(p.calls.map { "\($0.from)->\($0.to)" }, system.services.flatMap { s in s.feignCalls.map { "\(s.name)->\($0.target)" } })
        let consumers = p.events.reduce(0) { $0 + $1.consumers.count }
        XCTAssertEqual(consumers, system.services.reduce(0) { $0 + $1.program.handlers.count })
        // Every service and event is named in the page's drawing.
        let html = HTMLReport.render(r)
        for name in p.services { XCTAssertTrue(html.contains(">\(name)</text></g>"), name) }
        for e in p.events { XCTAssertTrue(html.contains(">\(e.name)</text>"), e.name) }
    }

    func testTheArrowsCarryTheConfiguredSettings() throws {
        let f4 = try XCTUnwrap(try run(scenario).picture)
        XCTAssertEqual(f4.calls.map { $0.label }, ["getResortStatus · Hystrix timeout 610 ms, pool 10", "getPaymentStatus · Hystrix timeout 610 ms, pool 10"])
        let changed = try run(scenario, overrides: ["timeout": "700ms", "coreSize": "20"])
        XCTAssertEqual(changed.picture?.calls.first?.label, "getResortStatus · Hystrix timeout 700 ms, pool 20")
        XCTAssertTrue(HTMLReport.render(changed).contains("Hystrix timeout 700 ms, pool 20"))
        // A command's own key beats the default; a service without calls changes nothing.
        let own = try run(scenario + "\nconfig reservation hystrix.command.ResortService#getResortStatus(Long).execution.isolation.thread.timeoutInMilliseconds=450")
        XCTAssertEqual(own.picture?.calls.map { $0.settings }, ["Hystrix timeout 450 ms, pool 10", "Hystrix timeout 610 ms, pool 10"])
        // Under Spring Cloud CircuitBreaker the label is Resilience4j's.
        let r4j = try run("""
        config reservation feign.hystrix.enabled=false feign.circuitbreaker.enabled=true
        config reservation resilience4j.timelimiter.configs.default.timeout-duration=610ms
        config reservation resilience4j.circuitbreaker.configs.default.sliding-window-size=20
        """)
        XCTAssertEqual(r4j.picture?.calls.first?.settings, "Resilience4j timeout 610 ms, breaker 50 % of 20 calls")
        // A stopped caller keeps its configuration in the picture.
        let (runner, stopped) = try self.runner(scenario + "\nstop reservation\nwait 30s", overrides: ["timeout": "650ms"])
        XCTAssertNil(runner.model.app("reservation"), "no reservation pod is alive at the end")
        XCTAssertEqual(stopped.picture?.calls.first?.settings, "Hystrix timeout 650 ms, pool 10")
    }

    func testTheSameRunGivesTheSameBytes() throws {
        XCTAssertEqual(HTMLReport.render(try run(scenario)), HTMLReport.render(try run(scenario)))
    }
}
