import XCTest
import SimCore
import Infrastructure
@testable import ResortSystem

/// The one service table, and the defects an architecture review found around it.
final class TopologyTests: XCTestCase {
    func testEveryServiceIsReachableOnItsPortAndThroughTheGatewayRoute() {
        let model = ResortSystemModel(seed: 1)
        XCTAssertEqual(Topology.names, ["reservation", "resort", "mypage", "payment", "voucher"])
        for s in Topology.services {
            // An empty collection answers 200 on the service's own port and through its route.
            XCTAssertEqual(model.call("GET", "localhost:\(s.port)", s.route).status, 200, s.name)
            XCTAssertEqual(model.call("GET", "localhost:8080", s.route).status, 200, s.name)
            XCTAssertEqual(model.call("GET", "\(s.name):8080", s.route).status, 200, s.name)
            XCTAssertTrue(model.app(s.name)?.application.map { type(of: $0) == type(of: s.makeApplication()) } ?? false, s.name)
        }
    }

    func testADeploymentTheSystemDoesNotHaveRunsNoApplication() {
        // It used to become a VoucherService silently.
        let model = ResortSystemModel(seed: 1)
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
            XCTAssertEqual(DomainEvent.producer(of: .object([("eventType", .string(type))])), service, type)
        }
    }

    func testRecordsLostByACrashedPodAreCountedAfterThePodIsGone() {
        // ConsistencyChecker used to count only live pods' producers.
        let model = ResortSystemModel(seed: 1)
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
