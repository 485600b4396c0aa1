import SimCore

/// Broker, producer and consumer defaults, each named after the real property.
public struct KafkaConfig: Sendable {
    /// Broker `num.partitions`: an auto-created topic gets 1 partition (Kafka broker default).
    public var partitions: Int = 1
    /// Time from `send` to the record being appended on the leader with `acks=1`
    /// (the producer default before Kafka 3.0) and `linger.ms=0`: one network round trip
    /// plus the append. lognormal(median 1 ms, p99 5 ms): a choice for a same-zone broker.
    public var produceLatency: Distribution = .lognormal(median: .milliseconds(1), p99: .milliseconds(5))
    /// Time for an idle consumer's long poll (`fetch.min.bytes=1`) to return a newly
    /// appended record: one hop back from the broker.
    public var fetchLatency: Distribution = .lognormal(median: .microseconds(500), p99: .milliseconds(3))
    /// Producer `delivery.timeout.ms` (120000 since Kafka 2.1, KIP-91): a record not
    /// acknowledged within it is dropped and the send fails.
    public var deliveryTimeout: SimDuration = .milliseconds(120_000)
    /// Producer `retry.backoff.ms` (100): wait between retries while the broker is away.
    public var retryBackoff: SimDuration = .milliseconds(100)
    /// Keep every record in memory (for `expect events` and `events.jsonl`). When false, records
    /// that every group has committed are dropped, so memory follows what is in flight.
    public var retainLog: Bool = true
    public init() {}
}
