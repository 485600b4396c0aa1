import XCTest
import SimCore
@testable import Infrastructure

/// A process that answers 200, but 404 on /nope.
final class BusyApp: SpringApplication {
    func handle(_ context: RequestContext) { context.respond(HTTPResponse(status: context.request.path == "/nope" ? 404 : 200)) }
    func consume(_ record: KafkaRecord, on app: SpringBootApp, done: RecordAck) { done() }
    func processDied() {}
}

final class KubernetesTests: XCTestCase {
    var sim: Simulation!
    var net: Network!
    var cluster: KubeCluster!
    var broker: KafkaBroker!

    override func setUp() {
        sim = Simulation()
        let streams = RandomStreams(seed: 4)
        net = Network(sim: sim, streams: streams)
        broker = KafkaBroker(topic: "t", sim: sim, streams: streams)
        cluster = KubeCluster(sim: sim, network: net, streams: streams)
        cluster.makeProcess = { [unowned self] d, pod in
            var cfg = SpringBootConfig()
            cfg.startupTime = .constant(.seconds(15))
            let app = SpringBootApp(name: d, sim: self.sim, network: self.net, broker: self.broker, streams: RandomStreams(seed: fnv1a64(pod)), config: cfg)
            app.application = BusyApp()
            return app
        }
    }

    func at(_ s: Int64, _ body: @escaping () -> Void) { sim.schedule(at: SimTime(nanoseconds: s * 1_000_000_000), body) }
    func run(until s: Double) { sim.run(until: SimTime(nanoseconds: Int64(s * 1e9))) }

    func testMaxSurgeRoundsUpAndMaxUnavailableRoundsDown() {
        XCTAssertEqual(IntOrPercent.percent(25).resolve(1, roundUp: true), 1)
        XCTAssertEqual(IntOrPercent.percent(25).resolve(1, roundUp: false), 0)
        XCTAssertEqual(IntOrPercent.percent(25).resolve(10, roundUp: true), 3)
        XCTAssertEqual(IntOrPercent.percent(25).resolve(10, roundUp: false), 2)
    }

    func testRollingUpdateKeepsWithinSurgeAndAvailability() {
        var probe = Probe(); probe.path = "/actuator/health"; probe.period = .seconds(1); probe.initialDelay = .seconds(1)
        var t = PodTemplate(image: "svc:v1"); t.readiness = probe
        let d = cluster.createDeployment("svc", replicas: 4, template: t, running: true)
        var t2 = t; t2.image = "svc:v2"
        var maxPods = 0, minAvailable = 4
        cluster.onChange = { [unowned self] in
            maxPods = max(maxPods, d.alivePods.count)
            minAvailable = min(minAvailable, d.availableCount(at: self.sim.now))
        }
        sim.schedule(after: .zero) { self.cluster.setTemplate(d, t2) }
        run(until: 120)
        XCTAssertTrue(d.rolledOut(at: sim.now))
        XCTAssertEqual(d.alivePods.map { $0.template.image }, Array(repeating: "svc:v2", count: 4))
        XCTAssertLessThanOrEqual(maxPods, 5, "4 replicas + maxSurge 25 % (1)")
        XCTAssertGreaterThanOrEqual(minAvailable, 3, "4 replicas - maxUnavailable 25 % (1)")
    }

    func testAPodWithoutReadinessProbeIsReadyBeforeItsApplicationAnswers() {
        let d = cluster.createDeployment("svc", replicas: 0, template: PodTemplate(image: "svc:v1"), running: true)
        cluster.scale(d, to: 1)
        run(until: 8)
        XCTAssertEqual(d.readyCount, 1)
        XCTAssertTrue(d.alivePods[0].process.isStarting, "Ready at container start, Spring Boot still booting")
    }

    func testLivenessFailuresRestartWithDoublingBackOff() {
        var live = Probe(); live.path = "/nope"; live.period = .seconds(5); live.failureThreshold = 2; live.initialDelay = .seconds(20)
        var t = PodTemplate(image: "svc:v1"); t.liveness = live
        let d = cluster.createDeployment("svc", replicas: 1, template: t, running: true)
        var restartsAt: [Int] = []
        var last = 0
        for s in 1...300 { at(Int64(s)) { if d.restarts != last { last = d.restarts; restartsAt.append(s) } } }
        run(until: 300)
        // Fails at 20 and 25 s: killed at 25; back-off 10 s; boots; fails again 20+5 s after
        // the restart; then back-off 20 s, 40 s...
        // (sampled each second: the kill at 25 s plus the probe's network time shows at 26 s)
        XCTAssertEqual(restartsAt.first, 26)
        XCTAssertEqual(restartsAt.count, 5, "\(restartsAt)")
        XCTAssertEqual(zip(restartsAt.dropFirst(), restartsAt).map { $0 - $1 }, [10 + 25, 20 + 25, 40 + 25, 80 + 25])
    }

    func testServiceRefusesWithoutReadyEndpoints() {
        let d = cluster.createDeployment("svc", replicas: 1, template: PodTemplate(image: "svc:v1"), running: true)
        let svc = cluster.service("svc")!
        var results: [String] = []
        svc.accept(HTTPRequest(method: "GET", host: "svc:8080", path: "/")) { results.append("\($0.status ?? 0)") }
        cluster.stopService("svc")
        svc.accept(HTTPRequest(method: "GET", host: "svc:8080", path: "/")) { results.append("\($0)") }
        run(until: 1)
        XCTAssertEqual(results.last, "connectionRefused")
        XCTAssertEqual(d.alivePods.count, 0)
    }

    func ms(_ n: Int64) -> SimTime { SimTime(nanoseconds: n * 1_000_000) }

    /// kube-proxy syncs at once and instantly: what lands when is the watch's delivery alone.
    func instantSyncs() {
        cluster.config.kubeProxyMinSyncPeriod = .zero
        cluster.config.kubeProxySyncDuration = .constant(.zero)
    }

    /// The BoundedFrequencyRunner (minSyncPeriod 1 s, burst 2, a sync taking 100 ms): on a
    /// quiet node two changes sync at once; a third within the second waits for a token,
    /// until a period after the last sync ended; changes arriving while it waits are one sync.
    func testKubeProxySyncsAtOnceOnAQuietNodeAndAtMostBurstTimesPerPeriod() {
        cluster.config.kubeProxyMinSyncPeriod = .seconds(1)
        cluster.config.kubeProxySyncDuration = .constant(.milliseconds(100))
        cluster.config.endpointsDelivery = .constant(.milliseconds(10))
        let d = cluster.createDeployment("svc", replicas: 4, template: PodTemplate(image: "svc:v1"), running: true)
        let svc = cluster.service("svc")!
        let pods = d.alivePods
        var seen: [(Int64, Int)] = []
        for t: Int64 in stride(from: 0, through: 2000, by: 10) { sim.schedule(at: ms(t)) {
            if seen.last?.1 != svc.endpoints.count { seen.append((t, svc.endpoints.count)) }
        } }
        cluster.kubelet.setReady(pods[0], false)                                   // sync 1: 10-110 ms
        sim.schedule(at: ms(200)) { self.cluster.kubelet.setReady(pods[1], false) } // sync 2: 210-310 ms
        sim.schedule(at: ms(400)) { self.cluster.kubelet.setReady(pods[2], false) } // no token until 1310 ms
        sim.schedule(at: ms(500)) { self.cluster.kubelet.setReady(pods[3], false) } // joins that sync
        run(until: 3)
        XCTAssertEqual(seen.map { $0.1 }, [4, 3, 2, 0], "\(seen)")
        XCTAssertEqual(seen.map { $0.0 }, [0, 120, 320, 1420], "sampled every 10 ms, after the events of the same instant: \(seen)")
        XCTAssertEqual(cluster.kubeProxySync.runs, 3)
    }

    /// Two endpoint changes whose delays are drawn out of order: a leaves (800 ms on its
    /// way), then b (100 ms). kube-proxy's watch delivers them in order, so b's change waits
    /// for a's; reading the pods when b's short delay ran out dropped both at 110 ms.
    func testALaterEndpointChangeNeverOvertakesAnEarlierOne() {
        instantSyncs()
        let d = cluster.createDeployment("svc", replicas: 3, template: PodTemplate(image: "svc:v1"), running: true)
        let svc = cluster.service("svc")!
        let (a, b, c) = (d.alivePods[0], d.alivePods[1], d.alivePods[2])
        var seen: [(Int64, [String])] = []
        for t: Int64 in [300, 799, 801] { sim.schedule(at: ms(t)) { seen.append((t, svc.endpoints.map { $0.name })) } }
        cluster.config.endpointsDelivery = .constant(.milliseconds(800))
        cluster.kubelet.setReady(a, false)
        sim.schedule(at: ms(10)) {
            self.cluster.config.endpointsDelivery = .constant(.milliseconds(100))
            self.cluster.kubelet.setReady(b, false)
        }
        run(until: 2)
        XCTAssertEqual(seen.map { $0.1 }, [[a.name, b.name, c.name], [a.name, b.name, c.name], [c.name]], "\(seen)")
    }

    /// Each change lands with the set as the controller wrote it then: a pod that turns
    /// unready and ready again is out of the endpoints between the two changes' arrivals
    /// (reading the pods when the first landed found it ready again and never dropped it).
    /// `stop` applies at once, and changes still on their way do not bring the pods back.
    func testEachEndpointChangeLandsWithTheSetAsItWasThen() {
        instantSyncs()
        let d = cluster.createDeployment("svc", replicas: 2, template: PodTemplate(image: "svc:v1"), running: true)
        let svc = cluster.service("svc")!
        let (a, b) = (d.alivePods[0], d.alivePods[1])
        var seen: [[String]] = []
        for t: Int64 in [300, 600] { sim.schedule(at: ms(t)) { seen.append(svc.endpoints.map { $0.name }) } }
        cluster.config.endpointsDelivery = .constant(.milliseconds(100))
        cluster.kubelet.setReady(a, false)
        sim.schedule(at: ms(50)) {
            self.cluster.config.endpointsDelivery = .constant(.milliseconds(500))
            self.cluster.kubelet.setReady(a, true)
        }
        run(until: 1)
        XCTAssertEqual(seen, [[b.name], [a.name, b.name]])
        cluster.kubelet.setReady(b, false)
        cluster.stopService("svc")
        run(until: 3)
        XCTAssertTrue(svc.endpoints.isEmpty, "an older change landed after stop")
    }

    /// Changes at one instant are one Endpoints write with one delay (the controller's work
    /// queue holds the Service once): a and b leave at 0 and land together at 100 ms, not
    /// behind b's 800 ms; a's return at 50 ms lands at 150 ms, behind them.
    func testChangesAtOneInstantAreOneEndpointsWrite() {
        instantSyncs()
        let d = cluster.createDeployment("svc", replicas: 3, template: PodTemplate(image: "svc:v1"), running: true)
        let svc = cluster.service("svc")!
        let (a, b, c) = (d.alivePods[0], d.alivePods[1], d.alivePods[2])
        var seen: [[String]] = []
        for t: Int64 in [90, 120, 200] { sim.schedule(at: ms(t)) { seen.append(svc.endpoints.map { $0.name }) } }
        cluster.config.endpointsDelivery = .constant(.milliseconds(100))
        cluster.kubelet.setReady(a, false)
        cluster.config.endpointsDelivery = .constant(.milliseconds(800))
        cluster.kubelet.setReady(b, false)
        sim.schedule(at: ms(50)) {
            self.cluster.config.endpointsDelivery = .constant(.milliseconds(100))
            self.cluster.kubelet.setReady(a, true)
        }
        run(until: 1)
        XCTAssertEqual(seen, [[a.name, b.name, c.name], [c.name], [a.name, c.name]])
    }
}

/// The ReplicaSet's `pod-template-hash`: pod names are in every kubectl output, so the
/// hash must be the same on every machine and Swift version.
final class PodTemplateHashTests: XCTestCase {
    func template() -> PodTemplate {
        var t = PodTemplate(image: "username/payment:v2")
        t.env = [("SPRING_PROFILES_ACTIVE", .value("docker")), ("GREETING", .configMapKey(name: "cm", key: "g"))]
        t.cpuRequest = 200
        var p = Probe(); p.path = "/actuator/health"; p.initialDelay = .seconds(10); p.period = .seconds(5)
        t.readiness = p
        return t
    }

    func testTheHashIsPinned() {
        // The spelled-out text is the one reflection used to give (the committed scenarios'
        // pod names did not change when it replaced reflection); a change here renames
        // every pod in every output.
        XCTAssertEqual(template().hash, "x7q4wlxmfv")
    }

    func testEveryPartOfTheTemplateChangesTheHash() {
        let base = template()
        var variants: [PodTemplate] = []
        var a = base; a.image = "username/payment:v3"; variants.append(a)
        var b = base; b.env[0].1 = .value("local"); variants.append(b)
        var c = base; c.readiness?.period = .seconds(6); variants.append(c)
        var d = base; d.liveness = Probe(); variants.append(d)
        var e = base; e.restartedAt = "2021-07-26T00:00:00Z"; variants.append(e)
        var f = base; f.readiness?.path = "/health\"x"; variants.append(f)
        for v in variants { XCTAssertNotEqual(v.hash, base.hash) }
        XCTAssertEqual(Set(variants.map { $0.hash }).count, variants.count)
    }
}
