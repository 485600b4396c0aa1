import SimCore
import XCTest
import SimCore
import Infrastructure
@testable import Systems
import Formats

/// Drives the model as a client would, without the scenario layer.
final class ResortFlowTests: XCTestCase {
    var model: SystemModel!

    override func setUp() { model = SystemModel(system: TestSystems.resort, seed: 1) }

    @discardableResult
    func call(_ method: String, _ host: String, _ path: String, _ body: JSON? = nil) -> HTTPResult {
        model.call(method, host, path, body)
    }

    func settle() { model.sim.run(until: model.sim.now + .seconds(120)) { !model.isSettled } }

    func resortBody() -> JSON {
        .object([("resortName", .string("Jeju")), ("resortType", .string("Hotel")), ("resortPrice", .string("100000")),
                 ("resortStatus", .string("Available")), ("resortPeriod", .string("7/23~25"))])
    }

    func testHappyPathProducesTheFifteenMessageLog() throws {
        XCTAssertEqual(call("POST", "localhost:8080", "/resorts", resortBody()).status, 201)
        let r = call("POST", "localhost:8080", "/reservations", .object([("resortId", .string("1")), ("memberName", .string("MK"))]))
        XCTAssertEqual(r.status, 201)
        XCTAssertEqual(r.response?.body?["resortStatus"], .string("Confirmed"))
        XCTAssertEqual(r.response?.body?["resortPrice"], .double(100000))
        settle()
        XCTAssertEqual(call("GET", "localhost:8080", "/resorts/1").response?.body?["resortStatus"], .string("Not Available"))
        XCTAssertEqual(call("PATCH", "localhost:8080", "/payments/1", .object([("reservStatus", .string("Paid"))])).status, 200)
        settle()
        XCTAssertEqual(call("PATCH", "localhost:8080", "/vouchers/1", .object([("voucherStatus", .string("Send"))])).status, 200)
        settle()
        XCTAssertEqual(call("PATCH", "localhost:8080", "/reservations/1", .object([("resortStatus", .string("Cancelled"))])).status, 200)
        settle()
        let types = model.broker.retainedRecords.map { DomainEvent.type(of: $0.value) }
        XCTAssertEqual(types.count, 15)
        XCTAssertEqual(Array(types.prefix(2)), ["ResortRegistrated", "ReservationRegistered"])
        XCTAssertEqual(Set(types[2..<4]), ["ResortStatusChanged", "PaymentRequested"])
        XCTAssertEqual(types.filter { $0 == "PaymentApproved" }.count, 2)
        XCTAssertEqual(types.filter { $0 == "VoucherCancelled" }.count, 2)
        let page = call("GET", "localhost:8080", "/myPages/1").response?.body
        XCTAssertEqual(page?["reservStatus"], .string("Canceled"))
        XCTAssertEqual(page?["resortStatus"], .string("Cancelled"))
        XCTAssertEqual(page?["voucherStatus"], .string("Canceled"))
        XCTAssertEqual(ConsistencyChecker.violations(in: model), [])
    }

    func testReservationFailsWith500WhenResortIsDown() {
        XCTAssertEqual(call("POST", "localhost:8082", "/resorts", resortBody()).status, 201)
        model.stop("resort")
        let r = call("POST", "localhost:8081", "/reservations", .object([("resortId", .int(1)), ("memberName", .string("MK"))]))
        XCTAssertEqual(r.status, 500)
        XCTAssertEqual(r.response?.body?["error"], .string("Internal Server Error"))
        XCTAssertEqual(r.response?.body?["path"], .string("/reservations"))
    }

    func testConsistencyCheckerCatchesAPlantedViolation() {
        call("POST", "localhost:8082", "/resorts", resortBody())
        call("POST", "localhost:8081", "/reservations", .object([("resortId", .int(1)), ("memberName", .string("MK"))]))
        settle()
        XCTAssertEqual(ConsistencyChecker.violations(in: model), [])
        // Plant: the resort is made available behind the system's back.
        let resort = model.service("resort")!
        var row = resort.table.row(1)!
        row.set("resortStatus", .string("Available"))
        resort.table.save(row)
        let v = ConsistencyChecker.violations(in: model)
        XCTAssertEqual(v, ["reservation 1 is Confirmed but resort 1 is \"Available\" (expected \"Not Available\")"])
    }

    func testStoppedConsumerCatchesUpFromItsCommittedOffset() {
        model.stop("mypage")
        call("POST", "localhost:8082", "/resorts", resortBody())
        call("POST", "localhost:8081", "/reservations", .object([("resortId", .int(1)), ("memberName", .string("MK"))]))
        settle()
        XCTAssertGreaterThan(model.broker.group("mypage").lag, 0)
        model.start("mypage")
        settle()
        XCTAssertEqual(model.broker.group("mypage").lag, 0)
        XCTAssertEqual(call("GET", "localhost:8083", "/myPages/1").response?.body?["reservStatus"], .string("Waiting for payment"))
    }

    func testHikariPoolCapsConcurrentReservationsAtTen() {
        // A warm reservation service: three waves of the pool, without a cold JVM's first uses.
        model.app("reservation")?.config.warm = true
        call("POST", "localhost:8082", "/resorts", resortBody())
        model.broker.stop() // as in F4: the resort stays Available
        model.addFault("resort", ServiceFault(method: "GET", pathPattern: "/resorts/{id}", kind: .delay(.constant(.milliseconds(500)))))
        var done = 0
        for _ in 0..<30 {
            let req = HTTPRequest(method: "POST", host: "localhost:8081", path: "/reservations", body: .object([("resortId", .int(1)), ("memberName", .string("MK"))]))
            model.network.send(from: "client", to: "localhost:8081", req) { _ in done += 1 }
        }
        model.sim.run(until: model.sim.now + .milliseconds(400))
        XCTAssertEqual(model.app("reservation")!.hikari.connections.inUse, 10)
        XCTAssertEqual(model.app("reservation")!.hikari.connections.queueLength, 20)
        model.sim.run(until: .distantFuture) { done < 30 }
        // Three waves of ten, each about 500 ms, plus what each reservation writes to
        // reservation's one console while it holds its connection (the seed's show_sql and
        // org.hibernate.type trace: a dozen writes of ~0.5 ms, one writer at a time).
        XCTAssertGreaterThan(model.sim.now.seconds, 1.5)
        XCTAssertLessThan(model.sim.now.seconds, 1.85)
    }

    func testTheGatewayWaitsForAnUnreachableServiceAsSpringCloudGateway21Does() {
        // Spring Cloud Gateway 2.1 (Greenwich) has no response timeout unless
        // spring.cloud.gateway.httpclient.response-timeout is set (null in HttpClientProperties),
        // so it never answers 504 on its own: the client's timeout decides. This pins what the
        // old code did too (its 504 branch could not be reached); HTTPAnswer, which has no
        // time-out case, is what makes that a compile-time fact.
        model.network.addFault(NetworkFault(from: "gateway", to: "resort", kind: .partition))
        var answer: HTTPAnswer?
        model.network.send(from: "client", to: "localhost:8080", HTTPRequest(method: "GET", host: "localhost:8080", path: "/resorts")) { answer = $0 }
        model.sim.run(until: model.sim.now + .seconds(600))
        XCTAssertNil(answer)
        XCTAssertEqual(model.gateway.requests, 1)
        model.network.addFault(NetworkFault(from: "gateway", to: "resort", kind: .heal))
        XCTAssertEqual(call("GET", "localhost:8080", "/resorts").status, 200, "healed, the same route answers")
    }
}
