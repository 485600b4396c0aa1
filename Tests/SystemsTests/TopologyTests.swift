import XCTest
import SimCore
import Infrastructure
@testable import Systems

/// The one service table, and the defects an architecture review found around it.
final class TopologyTests: XCTestCase {
    func testEveryServiceIsReachableOnItsPortAndThroughTheGatewayRoute() {
        let model = SystemModel(system: TestSystems.resort, seed: 1)
        XCTAssertEqual(model.system.names, ["reservation", "resort", "mypage", "payment", "voucher"])
        XCTAssertEqual(model.system.services.map { $0.port }, [8081, 8082, 8083, 8084, 8085])
        for s in model.system.services {
            let route = "/" + s.schema.collection
            // An empty collection answers 200 on the service's own port and through its route.
            XCTAssertEqual(model.call("GET", "localhost:\(s.port)", route).status, 200, s.name)
            XCTAssertEqual(model.call("GET", "localhost:8080", route).status, 200, s.name)
            XCTAssertEqual(model.call("GET", "\(s.name):8080", route).status, 200, s.name)
            XCTAssertTrue(model.app(s.name)?.application.map { type(of: $0) == type(of: s.makeApplication()) } ?? false, s.name)
        }
    }

    /// `Path=/orders/**`: the prefix itself or the prefix and a `/`, never a longer name that
    /// merely starts with it.
    func testAGatewayRouteTakesItsPrefixAndWhatIsBelowItOnly() {
        let route = GatewayRoute(prefix: "/orders", service: "order", host: "order:8080")
        for path in ["/orders", "/orders/", "/orders/12", "/orders/12/items"] {
            XCTAssertTrue(route.matches(Substring(path)), path)
        }
        for path in ["/order", "/ordersX", "/orders-archive", "/", "", "/Orders", "/x/orders"] {
            XCTAssertFalse(route.matches(Substring(path)), path)
        }
        // Slices of a longer path (the path without its query), as the gateway passes them.
        XCTAssertTrue(route.matches("/orders/3?size=1".prefix(9)))
        XCTAssertFalse(route.matches("/ordersX/3".prefix(8)))
        XCTAssertTrue(route.matches("x/orders/3".dropFirst()))
        XCTAssertEqual(SystemModel(system: TestSystems.resort, seed: 1).call("GET", "localhost:8080", "/reservationsX").status, 404)
    }

    func testADeploymentTheSystemDoesNotHaveRunsNoApplication() {
        // It used to become a VoucherService silently.
        let model = SystemModel(system: TestSystems.resort, seed: 1)
        _ = model.cluster.createDeployment("inventory", replicas: 1, template: PodTemplate(image: "x/inventory"), running: true)
        let pod = model.cluster.deployment("inventory")?.alivePods.first
        XCTAssertNotNil(pod)
        XCTAssertNil((pod?.process as? SpringBootApp)?.application)
        XCTAssertNotNil(pod?.process as? SpringBootApp)
        XCTAssertEqual(model.call("GET", pod!.host, "/vouchers").status, 404)
    }

    func testEventsAreAttributedToTheirPublishers() {
        for (type, service) in [("ReservationRegistered", "reservation"), ("ResortStatusChanged", "resort"),
                                ("PaymentApproved", "payment"), ("VoucherSend", "voucher"), ("Unknown", "unknown")] {
            XCTAssertEqual(TestSystems.resort.producer(of: .object([("eventType", .string(type))])), service, type)
        }
    }

    func testRecordsLostByACrashedPodAreCountedAfterThePodIsGone() {
        // ConsistencyChecker used to count only live pods' producers.
        let model = SystemModel(system: TestSystems.resort, seed: 1)
        model.broker.stop()
        guard let pod = model.cluster.deployment("reservation")?.alivePods.first else { return XCTFail("no pod") }
        (pod.process as? SpringBootApp)?.producer.send(.object([("eventType", .string("ReservationRegistered")), ("id", .int(1))]))
        XCTAssertTrue(model.cluster.deletePod(pod.name))
        model.sim.run(until: model.sim.now + .seconds(120))
        XCTAssertFalse(model.cluster.deployment("reservation")!.alivePods.contains { $0.name == pod.name })
        let v = ConsistencyChecker.violations(in: model)
        XCTAssertTrue(v.contains("reservation lost 1 event(s) it published (producer delivery timeout or crash)"), "\(v)")
    }
}
