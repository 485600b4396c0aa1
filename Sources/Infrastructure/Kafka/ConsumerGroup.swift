import SimCore

/// A consumer group: its members (one per running instance of the service) share the
/// topic's partitions, each partition owned by one member (round robin in join order,
/// re-assigned whenever a member joins or leaves). A member processes one record at a
/// time and commits after processing (at-least-once): work in flight when its partition
/// is taken away is redelivered from the committed offset.
public final class ConsumerGroup {
    /// A member's handling of one record; it calls the `RecordAck` once the record is
    /// processed (its transaction committed, or its handling failed).
    /// The record is the member's own copy (`consuming`): it moves on into the member's state.
    public typealias Handler = (consuming KafkaRecord, RecordAck) -> Void

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

    // The methods below read `broker` into a local once: each use of an unowned(unsafe)
    // property retains and releases it (a local is one retain for the whole method).

    func recordAvailable() {
        let broker = self.broker
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
        let broker = self.broker
        guard broker.running, let handler = owner(p), let record = broker.record(partition: p, offset: position[p]) else {
            busy[p] = false
            return
        }
        let gen = generation
        position[p] += 1
        if record.offset <= highestProcessed[p] { redelivered += 1 }
        highestProcessed[p] = max(highestProcessed[p], record.offset)
        let ack = RecordAck(group: self, partition: p, offset: record.offset, generation: gen)
        handler(consume record, ack)
    }

    /// A record's handling ended (`RecordAck`): its offset is committed, and the partition's
    /// next fetched record goes to the member. Nothing, if the partitions were assigned again
    /// meanwhile (the record will be redelivered from the committed offset).
    fileprivate func processed(partition p: Int, offset: Int64, generation gen: Int) {
        guard gen == generation else { return }
        let broker = self.broker
        processed += 1
        if broker.running { committed[p] = max(committed[p], offset + 1) } else { position[p] = committed[p] }
        broker.trimIfAllowed()
        // The rest of the fetched batch is processed without another poll wait.
        if position[p] < broker.endOffset(p) && broker.running {
            process(partition: p)
        } else {
            busy[p] = false
        }
    }
}

/// What a member calls once it has processed a record: the group commits the record's
/// offset (at-least-once) and goes on. A value, not a closure: handing a record to a member
/// allocates nothing. `instead` replaces the commit: a consumer armed to crash processes
/// the record and dies before committing; a caller outside a group gets its own completion.
public struct RecordAck {
    unowned(unsafe) let group: ConsumerGroup?
    let partition: Int
    let offset: Int64
    let generation: Int
    /// Runs instead of the group's commit.
    public var instead: (() -> Void)?

    init(group: ConsumerGroup, partition: Int, offset: Int64, generation: Int) {
        self.group = group; self.partition = partition; self.offset = offset; self.generation = generation
    }

    /// An acknowledgement that runs `action` (a record handled outside a consumer group).
    public init(_ action: @escaping () -> Void) {
        group = nil; partition = 0; offset = 0; generation = 0; instead = action
    }

    /// The record is processed.
    public func callAsFunction() {
        if let instead = instead { instead(); return }
        group?.processed(partition: partition, offset: offset, generation: generation)
    }
}
