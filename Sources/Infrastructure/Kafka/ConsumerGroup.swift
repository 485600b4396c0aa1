import SimCore

/// A consumer group: its members (one per running instance of the service) share the
/// topic's partitions, each partition owned by one member (round robin in join order,
/// re-assigned whenever a member joins or leaves). A member processes one record at a
/// time and commits after processing (at-least-once): work in flight when its partition
/// is taken away is redelivered from the committed offset.
public final class ConsumerGroup {
    public typealias Handler = (KafkaRecord, @escaping () -> Void) -> Void

    public let name: String
    unowned(unsafe) let broker: KafkaBroker
    private var committed: [Int64]
    private var position: [Int64]
    private var busy: [Bool]
    /// A struct, not a tuple: a tuple array stores the handler at the generic abstraction,
    /// and every read of it allocates a reabstraction thunk.
    private struct Member {
        let id: Int
        let handler: Handler
    }
    private var members: [Member] = []
    private var generation = 0
    public private(set) var processed: UInt64 = 0
    /// Records handed to a member more than once (redelivery after a crash or rebalance).
    public private(set) var redelivered: UInt64 = 0
    private var highestProcessed: [Int64]

    init(name: String, broker: KafkaBroker) {
        self.name = name
        self.broker = broker
        committed = Array(repeating: 0, count: broker.partitionCount)
        position = committed
        busy = Array(repeating: false, count: broker.partitionCount)
        highestProcessed = Array(repeating: -1, count: broker.partitionCount)
    }

    public func committedOffset(_ partition: Int) -> Int64 { committed[partition] }

    /// Records not yet committed by this group, over all partitions.
    public var lag: Int64 {
        (0..<broker.partitionCount).reduce(0) { $0 + broker.endOffset($1) - committed[$1] }
    }

    /// A member joins (its process is up); the partitions are assigned again.
    public func join(member id: Int, handler: @escaping Handler) {
        members.removeAll { $0.id == id }
        members.append(Member(id: id, handler: handler))
        rebalance()
    }

    /// A member leaves (its process stopped); the partitions are assigned again.
    public func leave(member id: Int) {
        guard members.contains(where: { $0.id == id }) else { return }
        members.removeAll { $0.id == id }
        rebalance()
    }

    private func rebalance() {
        generation += 1
        position = committed
        busy = Array(repeating: false, count: broker.partitionCount)
        recordAvailable()
    }

    private func owner(_ p: Int) -> Handler? { members.isEmpty ? nil : members[p % members.count].handler }

    func recordAvailable() {
        guard broker.running, !members.isEmpty else { return }
        for p in 0..<broker.partitionCount where !busy[p] && position[p] < broker.endOffset(p) {
            busy[p] = true
            let gen = generation
            let wake = broker.config.fetchLatency.sample(&broker.fetchRng)
            broker.sim.schedule(after: wake) { [unowned(unsafe) self] in
                guard gen == self.generation else { return }
                self.process(partition: p)
            }
        }
    }

    private func process(partition p: Int) {
        guard broker.running, let handler = owner(p), let record = broker.record(partition: p, offset: position[p]) else {
            busy[p] = false
            return
        }
        let gen = generation
        position[p] += 1
        if record.offset <= highestProcessed[p] { redelivered += 1 }
        highestProcessed[p] = max(highestProcessed[p], record.offset)
        // The completion captures the offset alone: a whole record (its JSON and producer
        // name) costs retains at every copy of the closure's context.
        let offset = record.offset
        handler(record) { [unowned(unsafe) self] in
            guard gen == self.generation else { return }
            self.processed += 1
            if self.broker.running { self.committed[p] = max(self.committed[p], offset + 1) }
            else { self.position[p] = self.committed[p] }
            self.broker.trimIfAllowed()
            // The rest of the fetched batch is processed without another poll wait.
            if self.position[p] < self.broker.endOffset(p) && self.broker.running {
                self.process(partition: p)
            } else {
                self.busy[p] = false
            }
        }
    }
}
