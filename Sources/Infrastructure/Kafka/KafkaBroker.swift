import SimCore
import Formats

/// A single-topic Kafka cluster: partitions, consumer groups with committed offsets,
/// producers that buffer and retry while the broker is away.
public final class KafkaBroker {
    public let topic: String
    public var config: KafkaConfig
    public private(set) var running = true
    public private(set) var groups: [ConsumerGroup] = []
    public private(set) var producers: [KafkaProducer] = []
    private var logs: [PartitionLog]
    let sim: Simulation
    /// Produce and fetch latencies draw from their own streams.
    var produceRng: Xoshiro256StarStar
    var fetchRng: Xoshiro256StarStar
    /// Every append, in log order across partitions (observers: the events log, timelines).
    public var onAppend: ((KafkaRecord) -> Void)?

    public init(topic: String, sim: Simulation, streams: RandomStreams, config: KafkaConfig = KafkaConfig()) {
        self.topic = topic
        self.config = config
        self.sim = sim
        produceRng = streams.stream("kafka:produce")
        fetchRng = streams.stream("kafka:fetch")
        self.logs = Array(repeating: PartitionLog(), count: max(1, config.partitions))
    }

    public var partitionCount: Int { logs.count }

    private var members = 0
    /// A new consumer-group member id (one per process).
    func nextMemberID() -> Int { members += 1; return members }

    /// Log end offset of a partition.
    public func endOffset(_ partition: Int) -> Int64 { logs[partition].endOffset }
    public var totalRecords: Int64 { logs.reduce(0) { $0 + $1.endOffset } }
    /// Records the log still holds (all of them when it is retained; see `trimIfAllowed`).
    public var retainedCount: Int { logs.reduce(0) { $0 + $1.retained.count } }

    func record(partition: Int, offset: Int64) -> KafkaRecord? { logs[partition].record(at: offset) }

    /// Every retained record in append order (partition by partition for several partitions).
    public var retainedRecords: [KafkaRecord] {
        logs.flatMap { $0.retained }.sorted { ($0.appendedAt, $0.partition, $0.offset) < ($1.appendedAt, $1.partition, $1.offset) }
    }

    /// A consumer group (Spring Cloud Stream's binding `group`); a new group starts from
    /// the earliest offset, as the Kafka binder does for grouped consumers.
    public func group(_ name: String) -> ConsumerGroup {
        if let g = groups.first(where: { $0.name == name }) { return g }
        let g = ConsumerGroup(name: name, broker: self)
        groups.append(g)
        return g
    }

    public func producer(_ name: String) -> KafkaProducer {
        let p = KafkaProducer(name: name, broker: self)
        producers.append(p)
        return p
    }

    func append(value: JSON, producer: String, partition: Int) {
        let p = partition % logs.count
        let r = logs[p].append { KafkaRecord(partition: p, offset: $0, value: value, producer: producer, appendedAt: sim.now) }
        onAppend?(r)
        for g in groups { g.recordAvailable() }
    }

    /// Stops the broker: publishes wait in the producers' buffers, consumers get nothing.
    public func stop() { running = false }

    /// Starts the broker again; its log survives (it is on disk), buffered records flush.
    public func start() {
        guard !running else { return }
        running = true
        for p in producers { p.brokerAvailable() }
        for g in groups { g.recordAvailable() }
    }

    /// Drops records every group has committed, when the log is not retained.
    func trimIfAllowed() {
        guard !config.retainLog else { return }
        for p in logs.indices {
            // The lowest committed offset of every group (no array, no iterator's retain of
            // each group: this runs per record), and the log touched only when it drops some.
            var low = logs[p].endOffset
            for g in groups.indices { low = min(low, groups[g].committedOffset(p)) }
            if low > logs[p].baseOffset { logs[p].trim(below: low) }
        }
    }

    /// Records buffered in producers, not yet in the log.
    public var pendingInProducers: Int { producers.reduce(0) { $0 + $1.pending } }
}
