import XCTest
import SimCore
import Infrastructure
@testable import Systems
import Formats

/// The reservation code as it ran in the documented runs (switches), Spring Boot 2.1's
/// error bodies and Spring Data REST's indented HAL, byte for byte, and the console writes
/// that the seed's logging configuration costs.
final class ReservationVariantsTests: XCTestCase {
    var model: SystemModel!

    override func setUp() { model = SystemModel(system: TestSystems.resort, seed: 3) }

    @discardableResult
    func call(_ method: String, _ host: String, _ path: String, _ body: JSON? = nil) -> HTTPResult {
        model.call(method, host, path, body)
    }

    func registerResort() {
        let body = JSON.object([("resortName", .string("Jeju")), ("resortType", .string("Hotel")), ("resortPrice", .int(100000)),
                                ("resortStatus", .string("Available")), ("resortPeriod", .string("7/23~25"))])
        XCTAssertEqual(call("POST", "localhost:8082", "/resorts", body).status, 201)
    }

    func reserve(_ path: String = "/reservations") -> HTTPResponse? {
        call("POST", "localhost:8081", path, .object([("resortId", .int(1)), ("memberName", .string("MK"))])).response
    }

    func testAFilledReservationIsSpringDataRestsIndentedHAL() {
        registerResort()
        let r = reserve()
        XCTAssertEqual(r?.status, 201)
        XCTAssertEqual(r?.bodyBytes, 362, "F5's first documented 201s: all fields, a one-digit id")
    }

    func testANullResortFromTheFallbackFailsWithHibernatesWrappedMessage() {
        model.configure("reservation", [("reservation.resort-fallback", "true"), ("reservation.null-resort", "fail")])
        model.stop("resort") // the call fails, the fallback returns null
        let r = reserve()
        XCTAssertEqual(r?.status, 500)
        XCTAssertEqual(r?.body?["message"], .string("java.lang.Exception: The resort is not in a usable status."))
        XCTAssertEqual(r?.bodyBytes, 183, "F4's documented 500s")
    }

    func testWithoutTheFallbackTheMessageIsHystrixs() {
        model.stop("resort")
        let r = reserve()
        XCTAssertEqual(r?.body?["message"], .string("ResortService#getResortStatus(Long) failed and no fallback available."))
        XCTAssertNotEqual(r?.bodyBytes, 183)
    }

    func testAnUnavailableResortLeavesTheResortFieldsNullWhenTheCodeGoesOn() {
        model.configure("reservation", [("reservation.unavailable-resort", "continue")])
        let body = JSON.object([("resortName", .string("Jeju")), ("resortStatus", .string("Not Available"))])
        XCTAssertEqual(call("POST", "localhost:8082", "/resorts", body).status, 201)
        let r = reserve()
        XCTAssertEqual(r?.status, 201)
        XCTAssertEqual(r?.body?["resortStatus"], .null)
        XCTAssertEqual(r?.bodyBytes, 341, "343 with a two-digit id, as F4's documented 201s")
        model.configure("reservation", [("reservation.unavailable-resort", "fail")])
        XCTAssertEqual(reserve()?.status, 500)
    }

    func testAPaymentCheckInPostPersistFailsTheCommit() {
        model.configure("reservation", [("reservation.check-payment", "true"), ("reservation.payment-check", "post-persist")])
        registerResort()
        model.stop("payment") // the fallback returns null: the check throws at the flush
        let r = reserve("/reservations/")
        XCTAssertEqual(r?.status, 500)
        XCTAssertEqual(r?.body?["message"], .string("Could not commit JPA transaction; nested exception is javax.persistence.RollbackException: Error while committing the transaction"))
        XCTAssertEqual(r?.bodyBytes, 255, "F5's documented 500s")
        XCTAssertEqual(model.table("reservation")?.count, 0, "rolled back")
        // In @PrePersist the same check fails before the insert, with the entity's message.
        model.configure("reservation", [("reservation.payment-check", "pre-persist")])
        XCTAssertEqual(reserve()?.body?["message"], .string("java.lang.Exception: The payment is not in a usable status."))
    }

    func testTheSwitchesRefuseUnknownValues() {
        var c = TestSystems.resort.blankConfig
        XCTAssertThrowsError(try c.set("reservation.payment-check", "commit")) { e in
            XCTAssertTrue((e as? ValueError)?.message.contains("pre-persist or post-persist") ?? false, "\(e)")
        }
        XCTAssertThrowsError(try c.set("logging.level.org.hibernate.type", "verbose"))
        XCTAssertThrowsError(try c.set("resortsim.cost.persit", "10us"))
        XCTAssertNoThrow(try c.set("resortsim.cost.console-write", "200us"))
    }

    /// The seed's logging (show_sql, org.hibernate.type at TRACE) writes to the console
    /// while the connection is held; turning it down removes those writes.
    func testTurningLoggingDownShortensTheTimeAConnectionIsHeld() {
        func held(_ settings: [(String, String)]) -> Double {
            setUp()
            model.configure("reservation", settings)
            registerResort()
            let app = model.app("reservation")!
            let before = app.hikari.connections.busy.integral(at: model.sim.now)
            XCTAssertEqual(reserve()?.status, 201)
            return (app.hikari.connections.busy.integral(at: model.sim.now) - before) / 1e9
        }
        let seed = held([])
        let quiet = held([("spring.jpa.properties.hibernate.show_sql", "false"), ("logging.level.org.hibernate.type", "info")])
        XCTAssertEqual(SystemModel(system: TestSystems.resort, seed: 1).startingConfig("payment").logging.writes(binds: 8, extracts: 0), 9)
        // Two statements under the connection: the sequence (1 write) and the insert (1 + 8 binds).
        XCTAssertGreaterThan(seed - quiet, 0.004)
        XCTAssertEqual(SpringBootConfig().logging.writes(binds: 8, extracts: 8), 0, "Spring Boot's defaults write nothing")
    }
}
