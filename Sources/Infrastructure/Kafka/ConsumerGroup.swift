import SimCore

/// A consumer group with one member (one instance of its service): it reads each
/// partition from its committed offset, processes one record at a time and commits
/// after processing (at-least-once). A stopped member resumes from the committed offset.
public final class ConsumerGroup {
    public let name: String
    unowned let broker: KafkaBroker
    private var committed: [Int64]
    private var position: [Int64]
    private var handler: ((KafkaRecord, @escaping () -> Void) -> Void)?
    private var busy = false
    private var generation = 0
    private var nextPartition = 0
    public private(set) var processed: UInt64 = 0
    /// Records handed to the handler more than once (redelivery after a crash).
    public private(set) var redelivered: UInt64 = 0
    private var highestProcessed: [Int64]

    init(name: String, broker: KafkaBroker) {
        self.name = name
        self.broker = broker
        committed = Array(repeating: 0, count: broker.partitionCount)
        position = committed
        highestProcessed = Array(repeating: -1, count: broker.partitionCount)
    }

    public var isActive: Bool { handler != nil }
    public func committedOffset(_ partition: Int) -> Int64 { committed[partition] }

    /// Records not yet committed by this group, over all partitions.
    public var lag: Int64 {
        (0..<broker.partitionCount).reduce(0) { $0 + broker.endOffset($1) - committed[$1] }
    }

    /// The member joins: it processes each record with `handler`, which calls its
    /// completion when the record's work (and its transaction) is done.
    public func start(handler: @escaping (KafkaRecord, @escaping () -> Void) -> Void) {
        generation += 1
        self.handler = handler
        position = committed
        busy = false
        recordAvailable()
    }

    /// The member leaves (its process stopped); uncommitted work will be redelivered.
    public func stop() {
        generation += 1
        handler = nil
        busy = false
        position = committed
    }

    func recordAvailable() {
        guard !busy, handler != nil, broker.running else { return }
        guard let p = nextReadyPartition() else { return }
        busy = true
        let gen = generation
        let wake = broker.config.fetchLatency.sample(&broker.rng)
        broker.sim.schedule(after: wake) { [unowned self] in
            guard gen == self.generation else { return }
            self.process(partition: p)
        }
    }

    private func nextReadyPartition() -> Int? {
        let n = broker.partitionCount
        for k in 0..<n {
            let p = (nextPartition + k) % n
            if position[p] < broker.endOffset(p) { nextPartition = (p + 1) % n; return p }
        }
        return nil
    }

    private func process(partition p: Int) {
        guard broker.running, let handler = handler, let record = broker.record(partition: p, offset: position[p]) else {
            busy = false
            return
        }
        let gen = generation
        position[p] += 1
        if record.offset <= highestProcessed[p] { redelivered += 1 }
        highestProcessed[p] = max(highestProcessed[p], record.offset)
        handler(record) { [unowned self] in
            guard gen == self.generation else { return }
            self.processed += 1
            if self.broker.running { self.committed[p] = max(self.committed[p], record.offset + 1) }
            else { self.position[p] = self.committed[p] }
            self.broker.trimIfAllowed()
            // The rest of the fetched batch is processed without another poll wait.
            if let next = self.nextReadyPartition() {
                self.process(partition: next)
            } else {
                self.busy = false
            }
        }
    }

    /// Whether a record was processed twice by this group (at-least-once redelivery).
    public func wasRedelivered() -> Bool { redelivered > 0 }
}
