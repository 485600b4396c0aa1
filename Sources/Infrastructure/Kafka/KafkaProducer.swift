import SimCore
import Formats

/// A service's Kafka producer: sends asynchronously (Spring Cloud Stream's default), keeps
/// records in its buffer while the broker is unreachable, and drops those not delivered
/// within `delivery.timeout.ms`.
public final class KafkaProducer {
    public let name: String
    unowned(unsafe) let broker: KafkaBroker
    private var buffer = RingBuffer<(value: JSON, partition: Int, deadline: SimTime)>()
    private var inFlight = 0
    private var generation = 0
    /// When the last record in flight lands: records of one producer arrive in send order
    /// (one partition, as the real producer's in-order delivery per partition guarantees).
    private var lastLanding = SimTime.zero
    public private(set) var sent: UInt64 = 0
    public private(set) var lost: UInt64 = 0
    /// Records the broker appended. Every record sent is appended, lost or still pending.
    public private(set) var appended: UInt64 = 0

    init(name: String, broker: KafkaBroker) { self.name = name; self.broker = broker }

    public var pending: Int { buffer.count + inFlight }

    /// Sends one record; returns at once (the request that published has already succeeded).
    public func send(_ value: JSON, partition: Int = 0) {
        sent += 1
        buffer.append((value, partition, broker.sim.now + broker.config.deliveryTimeout))
        if buffer.count == 1 { drain() }
    }

    /// The owning process died: what it had not delivered is gone.
    public func reset() {
        generation += 1
        lost += UInt64(buffer.count + inFlight)
        buffer.removeAll()
        inFlight = 0
    }

    func brokerAvailable() {
        broker.sim.schedule(after: broker.config.retryBackoff) { [unowned(unsafe) self] in self.drain() }
    }

    /// Delivers buffered records in order, one append each after the produce latency.
    private func drain() {
        let sim = broker.sim
        while let head = buffer.first {
            if sim.now > head.deadline { buffer.removeFirst(); lost += 1; continue }
            guard broker.running else {
                // Retry after the backoff until the deadline of the oldest record.
                sim.schedule(after: broker.config.retryBackoff) { [unowned(unsafe) self] in
                    guard !self.broker.running else { return }
                    self.expire()
                }
                return
            }
            buffer.removeFirst()
            inFlight += 1
            let gen = generation
            let landing = max(sim.now + broker.config.produceLatency.sample(&broker.produceRng), lastLanding)
            lastLanding = landing
            sim.schedule(at: landing) { [unowned(unsafe) self] in
                guard gen == self.generation else { return }
                self.inFlight -= 1
                if self.broker.running {
                    self.broker.append(value: head.value, producer: self.name, partition: head.partition)
                    self.appended += 1
                } else {
                    // Lost the broker mid-send: back to the front of the buffer to retry.
                    var rest = RingBuffer<(value: JSON, partition: Int, deadline: SimTime)>()
                    rest.append(head)
                    while let r = self.buffer.removeFirst() { rest.append(r) }
                    self.buffer = rest
                }
            }
        }
    }

    /// While the broker is away, drops records whose delivery timeout has passed.
    private func expire() {
        let sim = broker.sim
        while let head = buffer.first, sim.now > head.deadline { buffer.removeFirst(); lost += 1 }
        if let head = buffer.first {
            sim.schedule(at: max(sim.now, head.deadline) + .nanoseconds(1)) { [unowned(unsafe) self] in
                guard !self.broker.running else { return }
                self.expire()
            }
        }
    }
}
