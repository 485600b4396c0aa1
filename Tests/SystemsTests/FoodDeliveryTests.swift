import XCTest
import SimCore
import Infrastructure
@testable import Systems
import Formats

/// The food-delivery system (systems/food-delivery/, the course template's own example):
/// its happy path, and the byte counts of the template README's breaker run.
final class FoodDeliveryTests: XCTestCase {
    static let food: SystemDefinition = TestSystems.load("food-delivery")
    var model: SystemModel!

    override func setUp() { model = SystemModel(system: FoodDeliveryTests.food, seed: 1) }

    func order() -> HTTPResult {
        model.call("POST", "localhost:8081", "/orders", .object([("item", .string("chicken"))]))
    }

    func testAnOrderIsPaidAndItsDeliveryStarts() throws {
        XCTAssertEqual(order().status, 201)
        model.sim.run(until: model.sim.now + .seconds(120)) { !model.isSettled }
        let types = model.broker.retainedRecords.map { DomainEvent.type(of: $0.value) }
        XCTAssertEqual(types, ["결제승인됨", "쿠폰발행됨", "배달시작됨"])
        // The Feign call's body carried the order's id to pay, as the template's DTO does.
        XCTAssertEqual(model.broker.retainedRecords.first?.value["orderId"], .string("1"))
        XCTAssertEqual(model.call("GET", "localhost:8081", "/orders/1").response?.body?["상태"], .string("배달시작됨"))
    }

    /// The README's 201s are 207 bytes: the first commit's Order {item, 수량} with a 3-digit
    /// id. The system's Order is the final code's {item, 수량, 상태, 가게, 가격}: three more
    /// null fields, 57 bytes more (`,\n    "상태": null` is 19 bytes, each Korean key 6):
    /// 264 at ids 100-999, two bytes less per digit fewer (the href appears twice).
    func testTheCreatedOrdersSizesByTheDigitsOfTheirId() throws {
        var sizes: [Int64: Int] = [:]
        for id in Int64(1)...100 { // ids from the sequence, 1 to 100
            let r = order()
            XCTAssertEqual(r.status, 201)
            sizes[id] = r.response?.bodyBytes
        }
        XCTAssertEqual(sizes[1], 260)
        XCTAssertEqual(sizes[10], 262)
        XCTAssertEqual(sizes[100], 264)
        XCTAssertEqual(sizes[100].map { $0 - 57 }, 207)
    }

    /// The README's 500s are 248 bytes: Spring Boot 2.1's error JSON for the commit that
    /// the failed call in @PostPersist fails, on /orders.
    func testAFailedPaymentFailsTheOrdersCommitWithTheDocumented248Bytes() throws {
        model.stop("pay")
        let r = order()
        XCTAssertEqual(r.status, 500)
        XCTAssertEqual(r.response?.bodyBytes, 248)
        XCTAssertEqual(r.response?.body?["message"]?.stringValue,
                       "Could not commit JPA transaction; nested exception is javax.persistence.RollbackException: Error while committing the transaction")
    }

    /// The corrected variant: with the fallback class registered, a failed payment no longer
    /// fails the order.
    func testWithTheFallbackAFailedPaymentStillCommitsTheOrder() throws {
        model.configure("app", [("app.pay-fallback", "true")])
        model.stop("pay")
        XCTAssertEqual(order().status, 201)
    }
}
