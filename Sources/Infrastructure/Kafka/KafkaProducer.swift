import SimCore
import Formats

/// A service's Kafka producer: sends asynchronously (Spring Cloud Stream's default), keeps
/// records in its buffer while the broker is unreachable, and drops those not delivered
/// within `delivery.timeout.ms`.
public final class KafkaProducer {
    public let name: String
    unowned(unsafe) let broker: KafkaBroker
    typealias Record = (value: JSON, partition: Int, deadline: SimTime)
    private var buffer = RingBuffer<Record>()
    /// Records that were in flight when the broker went away, in send order: they go again
    /// before the buffer's (the real producer retries a batch in place, keeping per-partition order).
    private var retry = RingBuffer<Record>()
    private var inFlight = 0
    /// An expiry check is scheduled (at most one at a time).
    private var expiryScheduled = false
    private var generation = 0
    /// When the last record in flight lands: records of one producer arrive in send order
    /// (one partition, as the real producer's in-order delivery per partition guarantees).
    private var lastLanding = SimTime.zero
    public private(set) var sent: UInt64 = 0
    public private(set) var lost: UInt64 = 0
    /// Records the broker appended. Every record sent is appended, lost or still pending.
    public private(set) var appended: UInt64 = 0

    init(name: String, broker: KafkaBroker) { self.name = name; self.broker = broker }

    public var pending: Int { buffer.count + retry.count + inFlight }

    /// Sends one record; returns at once (the request that published has already succeeded).
    public func send(_ value: consuming JSON, partition: Int = 0) {
        sent += 1
        buffer.append((consume value, partition, broker.sim.now + broker.config.deliveryTimeout))
        if buffer.count == 1 && retry.count == 0 { drain() }
    }

    /// The owning process died: what it had not delivered is gone.
    public func reset() {
        generation += 1
        lost += UInt64(buffer.count + retry.count + inFlight)
        buffer.removeAll()
        retry.removeAll()
        inFlight = 0
    }

    func brokerAvailable() {
        broker.sim.schedule(after: broker.config.retryBackoff) { [unowned(unsafe) self] in self.drain() }
    }

    /// The oldest record not yet in flight: retried ones first, then the buffer.
    private var head: Record? { retry.first ?? buffer.first }
    private func removeHead() { if retry.count > 0 { _ = retry.removeFirst() } else { _ = buffer.removeFirst() } }

    /// Delivers buffered records in order, one append each after the produce latency.
    private func drain() {
        let sim = broker.sim
        while let head = self.head {
            if sim.now > head.deadline { removeHead(); lost += 1; continue }
            guard broker.running else {
                scheduleExpiry(after: broker.config.retryBackoff)
                return
            }
            removeHead()
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
                    // Lost the broker mid-send: retried before the buffer, in send order (records
                    // land in send order, so each one returning goes after those before it), and
                    // expired at its delivery timeout while the broker stays away.
                    self.retry.append(head)
                    self.scheduleExpiry(after: .zero)
                }
            }
        }
    }

    /// Checks for expired records after `delay`, unless a check is already due.
    private func scheduleExpiry(after delay: SimDuration) {
        guard !expiryScheduled else { return }
        expiryScheduled = true
        broker.sim.schedule(after: delay) { [unowned(unsafe) self] in
            self.expiryScheduled = false
            guard !self.broker.running else { return }
            self.expire()
        }
    }

    /// While the broker is away, drops records whose delivery timeout has passed
    /// (`delivery.timeout.ms`: the accumulator expires batches whether or not the broker is
    /// reachable), then waits for the next one's.
    private func expire() {
        let sim = broker.sim
        while let head = self.head, sim.now > head.deadline { removeHead(); lost += 1 }
        if let head = self.head {
            scheduleExpiry(after: max(sim.now, head.deadline) + .nanoseconds(1) - sim.now)
        }
    }
}
