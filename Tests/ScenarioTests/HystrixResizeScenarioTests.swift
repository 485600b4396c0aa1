import XCTest
import SimCore
import Report
@testable import Scenario

/// `config SERVICE hystrix.threadpool.*.coreSize=N` while running reaches the thread pool:
/// Archaius has the value at once, Hystrix 1.5.18's touchConfig resizes at the next call.
final class HystrixResizeScenarioTests: XCTestCase {
    func testARunningPoolGrowsWhenCoreSizeIsRaised() throws {
        // Reservation's pool of 2 threads for resort, which answers in 300 ms: at 20 calls a
        // second about six are in flight, so most are THREAD_POOL_REJECTED (the fallback's
        // null resort fails the reservation: 500). Then the pool is raised to 20.
        let text = """
        seed 3
        config reservation reservation.resort-fallback=true reservation.null-resort=fail reservation.unavailable-resort=continue
        config reservation hystrix.threadpool.default.coreSize=2 hystrix.command.default.circuitBreaker.enabled=false
        fault resort delay GET /resorts/{id} 300ms
        http POST http://localhost:8082/resorts resortName=J resortStatus=Available resortPrice=1
        settle
        load --rate 20/s --for 5s ':8081/reservations POST {"resortId":1, "memberName":"MK"}'
        config reservation hystrix.threadpool.default.coreSize=20
        load --rate 20/s --for 5s ':8081/reservations POST {"resortId":1, "memberName":"MK"}'
        """
        guard case .success(let s) = Parser.parse(bytes: Array(text.utf8), file: "resize.scenario") else { return XCTFail("parse") }
        let r = Runner(scenario: s, options: RunOptions(), output: { _ in }).run()
        XCTAssertEqual(r.loads.count, 2)
        guard r.loads.count == 2 else { return }
        let before = r.loads[0], after = r.loads[1]
        XCTAssertGreaterThan(before.failed, before.hits, "2 threads: most calls rejected")
        XCTAssertEqual(after.failed, 0, "20 threads after the change: nothing rejected (status \(after.statusCounts.sorted { $0.key < $1.key }))")
        XCTAssertGreaterThan(after.hits, 50)
    }
}
