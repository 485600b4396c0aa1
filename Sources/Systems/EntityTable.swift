import SimCore
import Infrastructure
import Formats

/// A JPA entity's columns, in declaration order (the order Jackson writes them).
public struct EntitySchema: Sendable {
    public enum FieldType: Sendable { case string, long, double }
    /// Entity name (`order`) and Spring Data REST collection (`orders`).
    public let name: String
    public let collection: String
    public let fields: [(String, FieldType)]

    public init(name: String, collection: String, fields: [(String, FieldType)]) {
        self.name = name; self.collection = collection; self.fields = fields
    }

    /// Converts a client's JSON value to the column's Java type as Jackson does
    /// (scalars coerced from strings); nil when it cannot.
    func coerce(_ value: JSON, to type: FieldType) -> JSON? {
        if value.isNull { return .null }
        switch type {
        case .string:
            switch value {
            case .string: return value
            case .int(let i): return .string(String(i))
            case .double(let d): return .string(JSON.javaDouble(d))
            case .bool(let b): return .string(b ? "true" : "false")
            default: return nil
            }
        case .long:
            if let i = value.int64Value { return .int(i) }
            return nil
        case .double:
            if let d = value.doubleValue { return .double(d) }
            return nil
        }
    }
}

/// An in-memory table (H2 or HSQLDB): rows by id, in id order. Lost when the process dies.
///
/// Rows live in an array at `id - 1` when their id is within it or at most `reach` past
/// its end, as the ids `hibernate_sequence` hands out are (an id taken by a transaction
/// that rolled back leaves a gap, an empty slot); any other id (a client's explicit one)
/// in a dictionary, until the array reaches it. The array costs no hashing. Where a row is
/// stored changes no answer.
public struct EntityTable {
    public let schema: EntitySchema
    /// A row, and whether `representations` holds one for it (the flag fits in the
    /// optional row's padding: a slot is 24 bytes either way, and the few rows a run reads
    /// often keep their representations aside instead of in every slot).
    private struct Entry {
        var row: JSON?
        var represented = false
    }
    /// The last REST representation of a row (and the host it was built for).
    private var representations: [Int64: (host: String, json: JSON)] = [:]
    /// Ids 1...dense.count. No id in that range is in `sparse`.
    private var dense: [Entry] = []
    private var sparse: [Int64: Entry] = [:]
    private var ids: [Int64] = []
    /// `hibernate_sequence`: the next generated id.
    private var sequence: Int64 = 1

    @inline(__always)
    private func entry(_ id: Int64) -> Entry? {
        if id >= 1 && id <= Int64(dense.count) { return dense[Int(id - 1)] }
        return sparse.isEmpty ? nil : sparse[id]
    }

    /// How far past the array's end an id may be and still go into the array (the gap's
    /// slots stay empty).
    static let reach: Int64 = 64

    /// Changes the entry of `id` in place (an empty one if it has none).
    @inline(__always)
    private mutating func update(_ id: Int64, _ change: (inout Entry) -> Void) {
        if id >= 1 && id <= Int64(dense.count) { change(&dense[Int(id - 1)]); return }
        if id > Int64(dense.count) && id <= Int64(dense.count) + EntityTable.reach {
            // The array reaches this id: the entries up to it move in from the dictionary,
            // those that were there.
            while Int64(dense.count) < id {
                let next = Int64(dense.count) + 1
                dense.append(sparse.isEmpty ? Entry() : (sparse.removeValue(forKey: next) ?? Entry()))
            }
            change(&dense[Int(id - 1)])
            return
        }
        change(&sparse[id, default: Entry()])
    }

    public func cachedRepresentation(_ id: Int64, _ host: String) -> JSON? {
        guard entry(id)?.represented == true, let r = representations[id], r.host == host else { return nil }
        return r.json
    }
    public mutating func cacheRepresentation(_ id: Int64, _ host: String, _ json: JSON) {
        representations[id] = (host, json)
        update(id) { $0.represented = true }
    }

    public init(schema: EntitySchema) { self.schema = schema }

    public var count: Int { ids.count }
    public func row(_ id: Int64) -> JSON? { entry(id)?.row }
    /// Rows in id order.
    public var all: [JSON] { ids.compactMap { row($0) } }
    /// Rows `from..<to` in id order (a page: its size, not the table's, in time and memory).
    public func rows(_ from: Int, _ to: Int) -> [JSON] {
        let lo = max(0, min(from, ids.count)), hi = max(lo, min(to, ids.count))
        return ids[lo..<hi].compactMap { row($0) }
    }
    public func first(where predicate: (JSON) -> Bool) -> JSON? {
        for id in ids { if let r = row(id), predicate(r) { return r } }
        return nil
    }

    /// A row with every column null except the id.
    public func blank(id: Int64) -> JSON {
        var members: [(String, JSON)] = []
        members.reserveCapacity(schema.fields.count + 1)
        members.append(("id", .int(id)))
        for (name, _) in schema.fields where name != "id" { members.append((name, .null)) }
        return .object(members)
    }

    public mutating func nextId() -> Int64 {
        defer { sequence += 1 }
        return sequence
    }

    /// Inserts or replaces the row with the row's own id.
    public mutating func save(_ row: JSON) {
        guard let id = row["id"]?.int64Value else { return }
        let old = entry(id)
        if old?.row == nil {
            if let last = ids.last, last > id {
                let at = ids.firstIndex(where: { $0 > id }) ?? ids.count
                ids.insert(id, at: at)
            } else { ids.append(id) }
        }
        if old?.represented == true { representations[id] = nil }
        update(id) { $0 = Entry(row: row) }
    }

    /// Applies the fields of `patch` known to the schema; returns the updated row, or an
    /// error message naming the field that could not be converted.
    public func applying(_ patch: JSON, to row: JSON) -> Result<JSON, PatchError> {
        guard case .object(let members) = patch else { return .failure(PatchError(message: "JSON parse error: expected an object")) }
        var r = row
        for (key, value) in members where key != "id" {
            guard let type = schema.fields.first(where: { $0.0 == key })?.1 else { continue } // unknown: ignored
            guard let v = schema.coerce(value, to: type) else {
                return .failure(PatchError(message: "JSON parse error: Cannot deserialize value of type `\(type)` for field `\(key)`"))
            }
            r.set(key, v)
        }
        return .success(r)
    }

    public mutating func remove(_ id: Int64) {
        guard let e = entry(id), e.row != nil else { return }
        if e.represented { representations[id] = nil }
        if id >= 1 && id <= Int64(dense.count) { dense[Int(id - 1)] = Entry() } else { sparse[id] = nil }
        ids.removeAll { $0 == id }
    }

    public mutating func removeAll() {
        dense.removeAll(); sparse.removeAll(); representations.removeAll(); ids.removeAll(); sequence = 1
    }
}

public struct PatchError: Error { public let message: String }
