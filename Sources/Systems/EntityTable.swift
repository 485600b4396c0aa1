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
public struct EntityTable {
    public let schema: EntitySchema
    private var rows: [Int64: JSON] = [:]
    private var ids: [Int64] = []
    /// `hibernate_sequence`: the next generated id.
    private var sequence: Int64 = 1
    /// The last REST representation of each row (and the host it was built for).
    private var representations: [Int64: (String, JSON)] = [:]

    public func cachedRepresentation(_ id: Int64, _ host: String) -> JSON? {
        guard let (h, json) = representations[id], h == host else { return nil }
        return json
    }
    public mutating func cacheRepresentation(_ id: Int64, _ host: String, _ json: JSON) {
        representations[id] = (host, json)
    }

    public init(schema: EntitySchema) { self.schema = schema }

    public var count: Int { ids.count }
    public func row(_ id: Int64) -> JSON? { rows[id] }
    /// Rows in id order.
    public var all: [JSON] { ids.compactMap { rows[$0] } }
    /// Rows `from..<to` in id order (a page: its size, not the table's, in time and memory).
    public func rows(_ from: Int, _ to: Int) -> [JSON] {
        let lo = max(0, min(from, ids.count)), hi = max(lo, min(to, ids.count))
        return ids[lo..<hi].compactMap { rows[$0] }
    }
    public func first(where predicate: (JSON) -> Bool) -> JSON? {
        for id in ids { if let r = rows[id], predicate(r) { return r } }
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
        if rows[id] == nil {
            if let last = ids.last, last > id {
                let at = ids.firstIndex(where: { $0 > id }) ?? ids.count
                ids.insert(id, at: at)
            } else { ids.append(id) }
        }
        rows[id] = row
        representations[id] = nil
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
        guard rows.removeValue(forKey: id) != nil else { return }
        representations[id] = nil
        ids.removeAll { $0 == id }
    }

    public mutating func removeAll() { rows.removeAll(); ids.removeAll(); representations.removeAll(); sequence = 1 }
}

public struct PatchError: Error { public let message: String }
