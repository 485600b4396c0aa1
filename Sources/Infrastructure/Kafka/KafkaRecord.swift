import SimCore
import Formats

/// One record of the topic. `value` is the event as JSON (the real system sends JSON text).
public struct KafkaRecord: Sendable {
    public let partition: Int
    public let offset: Int64
    public let value: JSON
    public let producer: String
    public let appendedAt: SimTime
}

/// One partition's log: an append-only sequence with a moving start (records every
/// group has committed may be dropped when the log is not retained).
struct PartitionLog {
    private(set) var records: [KafkaRecord] = []
    private var start = 0
    private(set) var baseOffset: Int64 = 0

    var endOffset: Int64 { baseOffset + Int64(records.count - start) }

    mutating func append(_ make: (Int64) -> KafkaRecord) -> KafkaRecord {
        let r = make(endOffset)
        records.append(r)
        return r
    }

    func record(at offset: Int64) -> KafkaRecord? {
        let i = Int(offset - baseOffset) + start
        guard offset >= baseOffset, i < records.count else { return nil }
        return records[i]
    }

    /// Drops records below `offset`.
    mutating func trim(below offset: Int64) {
        let drop = Int(min(offset, endOffset) - baseOffset)
        guard drop > 0 else { return }
        start += drop
        baseOffset += Int64(drop)
        if start > 4096 && start * 2 > records.count {
            records.removeFirst(start)
            start = 0
        }
    }

    var retained: ArraySlice<KafkaRecord> { records[start...] }
}
