import XCTest
import SimCore
@testable import Infrastructure
import Formats

final class KafkaTests: XCTestCase {
    var sim: Simulation!
    var broker: KafkaBroker!

    override func setUp() {
        sim = Simulation()
        broker = KafkaBroker(topic: "t", sim: sim, streams: RandomStreams(seed: 1))
    }

    func event(_ n: Int) -> JSON { .object([("n", .int(Int64(n)))]) }

    /// A consumer that takes `work` per record and logs what it saw.
    func consume(_ g: ConsumerGroup, member: Int = 1, work: SimDuration = .milliseconds(1), into log: @escaping (Int64) -> Void) {
        g.join(member: member) { record, done in
            log(record.value["n"]!.int64Value!)
            self.sim.schedule(after: work) { done() }
        }
    }

    func testEveryGroupGetsEveryRecordInOrder() {
        let p = broker.producer("a")
        var seenA: [Int64] = [], seenB: [Int64] = []
        consume(broker.group("ga")) { seenA.append($0) }
        consume(broker.group("gb")) { seenB.append($0) }
        for i in 0..<50 { p.send(event(i)) }
        sim.run(until: SimTime(nanoseconds: 10_000_000_000))
        XCTAssertEqual(seenA, (0..<50).map(Int64.init))
        XCTAssertEqual(seenB, seenA)
        XCTAssertEqual(broker.group("ga").lag, 0)
    }

    func testStoppedConsumerResumesFromItsCommittedOffset() {
        let p = broker.producer("a")
        let g = broker.group("g")
        var seen: [Int64] = []
        consume(g, work: .milliseconds(100)) { seen.append($0) }
        for i in 0..<10 { p.send(event(i)) }
        sim.run(until: SimTime(nanoseconds: 350_000_000)) // three processed, the fourth in progress
        g.leave(member: 1)
        XCTAssertEqual(g.lag, 7)
        consume(g, work: .milliseconds(1)) { seen.append($0) }
        sim.run(until: SimTime(nanoseconds: 5_000_000_000))
        // At-least-once: the record in progress when it stopped is seen again.
        XCTAssertEqual(seen, [0, 1, 2, 3] + (3..<10).map(Int64.init))
        XCTAssertEqual(g.redelivered, 1)
        XCTAssertEqual(g.lag, 0)
    }

    func testTwoMembersShareTwoPartitionsAndALeavingMemberHandsItsPartitionOver() {
        broker = KafkaBroker(topic: "t", sim: sim, streams: RandomStreams(seed: 1), config: { var c = KafkaConfig(); c.partitions = 2; return c }())
        let p = broker.producer("a")
        let g = broker.group("g")
        var byMember: [Int: [Int64]] = [1: [], 2: []]
        consume(g, member: 1) { byMember[1]!.append($0) }
        consume(g, member: 2) { byMember[2]!.append($0) }
        for i in 0..<10 { p.send(event(i), partition: i % 2) }
        sim.run(until: SimTime(nanoseconds: 1_000_000_000))
        XCTAssertEqual(byMember[1], [0, 2, 4, 6, 8])
        XCTAssertEqual(byMember[2], [1, 3, 5, 7, 9])
        g.leave(member: 2)
        for i in 10..<14 { p.send(event(i), partition: i % 2) }
        sim.run(until: SimTime(nanoseconds: 2_000_000_000))
        XCTAssertEqual(byMember[1]?.suffix(4).sorted(), [10, 11, 12, 13])
        XCTAssertEqual(g.lag, 0)
    }

    func testProducerBuffersWhileTheBrokerIsDownAndDeliversWhenItReturns() {
        let p = broker.producer("a")
        var seen: [Int64] = []
        consume(broker.group("g")) { seen.append($0) }
        broker.stop()
        for i in 0..<3 { p.send(event(i)) }
        sim.run(until: SimTime(nanoseconds: 60_000_000_000))
        XCTAssertEqual(seen, [])
        XCTAssertEqual(p.pending, 3)
        broker.start()
        sim.run(until: SimTime(nanoseconds: 61_000_000_000))
        XCTAssertEqual(seen, [0, 1, 2])
        XCTAssertEqual(p.lost, 0)
    }

    func testRecordsNotDeliveredWithinDeliveryTimeoutAreLost() {
        let p = broker.producer("a")
        broker.stop()
        p.send(event(1))
        sim.run(until: SimTime(nanoseconds: 121_000_000_000)) // delivery.timeout.ms = 120 s
        broker.start()
        sim.run(until: SimTime(nanoseconds: 125_000_000_000))
        XCTAssertEqual(p.lost, 1)
        XCTAssertEqual(broker.totalRecords, 0)
    }

    func testUnretainedLogDropsWhatEveryGroupCommitted() {
        broker.config.retainLog = false
        let p = broker.producer("a")
        consume(broker.group("g")) { _ in }
        for i in 0..<10_000 { p.send(event(i)) }
        sim.run(until: SimTime(nanoseconds: 100_000_000_000))
        XCTAssertEqual(broker.totalRecords, 10_000)
        XCTAssertLessThan(broker.retainedRecords.count, 100)
        XCTAssertEqual(broker.retainedCount, broker.retainedRecords.count)
    }
}

/// Records in flight when the broker stops: retried in send order, and expired at
/// `delivery.timeout.ms` while the broker stays away.
final class KafkaProducerRetryTests: XCTestCase {
    func event(_ n: Int) -> JSON { .object([("n", .int(Int64(n)))]) }

    func testRecordsInFlightWhenTheBrokerStopsAreRetriedInSendOrder() {
        let sim = Simulation()
        let broker = KafkaBroker(topic: "t", sim: sim, streams: RandomStreams(seed: 1))
        let p = broker.producer("a")
        var seen: [Int64] = []
        broker.group("g").join(member: 1) { record, done in seen.append(record.value["n"]?.int64Value ?? -1); done() }
        for i in 0..<5 { p.send(event(i)) }   // all five in flight
        broker.stop()
        sim.run(until: SimTime.zero + .seconds(1))
        XCTAssertEqual(p.pending, 5)
        for i in 5..<8 { p.send(event(i)) }    // buffered behind them
        broker.start()
        sim.run(until: SimTime.zero + .seconds(5))
        XCTAssertEqual(seen, (0..<8).map(Int64.init), "retried records keep their send order, ahead of later ones")
        XCTAssertEqual(p.appended, 8)
    }

    func testRecordsInFlightExpireWhileTheBrokerIsAway() {
        let sim = Simulation()
        let broker = KafkaBroker(topic: "t", sim: sim, streams: RandomStreams(seed: 1))
        let p = broker.producer("a")
        for i in 0..<3 { p.send(event(i)) }
        broker.stop()
        let timeout = broker.config.deliveryTimeout
        sim.run(until: SimTime.zero + timeout - .seconds(1))
        XCTAssertEqual(p.lost, 0)
        XCTAssertEqual(p.pending, 3)
        sim.run(until: SimTime.zero + timeout + .seconds(80))
        XCTAssertEqual(p.lost, 3, "past delivery.timeout.ms the records are dropped although the broker never came back")
        XCTAssertEqual(p.pending, 0)
        XCTAssertEqual(p.sent, p.appended + p.lost + UInt64(p.pending))
    }
}
