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
/// Rows live in slots at `id - 1` when their id is within them or at most `reach` past
/// their end, as the ids `hibernate_sequence` hands out are (an id taken by a transaction
/// that rolled back leaves a gap, an empty slot); any other id (a client's explicit one)
/// in a dictionary, until the slots reach it. The slots cost no hashing.
///
/// A slot's row is kept as the object it was saved as while it is among the last
/// `hotRows` ids saved (a row is read and saved again soon after it is made: a policy
/// finds it, sets a field and saves it). Then it moves to `columns`, a few bytes a row,
/// when it has the table's shape, or aside as an object otherwise. Where a row is stored
/// changes no answer.
public struct EntityTable {
    public let schema: EntitySchema
    /// The last REST representation of a hot row (and the host it was built for): at most
    /// `hotRows`, however many rows a run reads.
    private var representations: [Int64: (host: String, json: JSON)] = [:]
    /// Ids 1...slots.count: what each slot holds (`Slot` flags). No id in that range is in
    /// `sparse`.
    private var slots: [UInt8] = []
    private var columns: EntityColumns
    /// The rows of slots flagged `aside`: rows without the table's shape.
    private var aside: [Int64: JSON] = [:]
    /// The rows of slots flagged `hot`, at `id % hotRows` (empty until a slot's row is saved).
    private var hot: [(id: Int64, row: JSON)] = []
    static let hotRows: Int64 = 1024
    /// Rows whose ids the slots do not reach.
    private var sparse: [Int64: JSON] = [:]
    /// The ids in `sparse`, in order: below 1 or past the slots. (The slots' ids are in
    /// order already, so no list of every id costs 8 bytes a row.)
    private var sparseIds: [Int64] = []
    /// How many slots hold a row.
    private var rowsInSlots = 0
    /// `hibernate_sequence`: the next generated id.
    private var sequence: Int64 = 1

    /// A slot's flags.
    private enum Slot {
        static let inColumns: UInt8 = 1
        static let aside: UInt8 = 2
        static let represented: UInt8 = 4
        static let hot: UInt8 = 8
        static let row: UInt8 = inColumns | aside | hot
    }

    /// How far past the slots' end an id may be and still go into a slot (the gap's slots
    /// stay empty).
    static let reach: Int64 = 64

    public init(schema: EntitySchema) {
        self.schema = schema
        columns = EntityColumns(keys: schema.fields.map(\.0).filter { $0 != "id" })
    }

    @inline(__always)
    private func slot(_ id: Int64) -> Int? {
        id >= 1 && id <= Int64(slots.count) ? Int(id - 1) : nil
    }

    /// Whether a row with this id exists.
    public func contains(_ id: Int64) -> Bool {
        if let s = slot(id) { return slots[s] & Slot.row != 0 }
        return sparse.isEmpty ? false : sparse[id] != nil
    }

    private func represented(_ id: Int64) -> Bool {
        guard let s = slot(id) else { return false }
        return slots[s] & Slot.represented != 0
    }

    /// The representation cached for this row and host: the host's very bytes (a host
    /// canonically equal to another, `==` in Swift, gets links of its own bytes, as a
    /// representation built afresh would have).
    public func cachedRepresentation(_ id: Int64, _ host: String) -> JSON? {
        guard represented(id), let r = representations[id], EntityColumns.same(r.host, host) else { return nil }
        return r.json
    }
    /// Keeps a hot row's representation until the row is saved, removed or cooled; for
    /// any other id, none (its representation is built again when asked for, the same).
    public mutating func cacheRepresentation(_ id: Int64, _ host: String, _ json: JSON) {
        guard let s = slot(id), slots[s] & Slot.hot != 0 else { return }
        slots[s] |= Slot.represented
        representations[id] = (host, json)
    }

    public var count: Int { rowsInSlots + sparseIds.count }

    /// Calls `body` with each id in order until it returns false: the sparse ids below 1,
    /// the slots', then the sparse ids past them.
    private func forEachId(_ body: (Int64) -> Bool) {
        var next = 0
        while next < sparseIds.count && sparseIds[next] < 1 {
            guard body(sparseIds[next]) else { return }
            next += 1
        }
        for s in slots.indices where slots[s] & Slot.row != 0 {
            guard body(Int64(s + 1)) else { return }
        }
        while next < sparseIds.count {
            guard body(sparseIds[next]) else { return }
            next += 1
        }
    }

    public func row(_ id: Int64) -> JSON? {
        guard let s = slot(id) else { return sparse.isEmpty ? nil : sparse[id] }
        let flags = slots[s]
        if flags & Slot.hot != 0 { return hot[Int(id % EntityTable.hotRows)].row }
        if flags & Slot.inColumns != 0 { return columns.row(at: s, id: id) }
        if flags & Slot.aside != 0 { return aside[id] }
        return nil
    }
    /// `row(id)`, mutating only so that a class storing the table reads it in place: a
    /// non-mutating call on a class's stored struct works on a copy of the whole table
    /// (a retain of each of its arrays and dictionaries).
    public mutating func rowInPlace(_ id: Int64) -> JSON? { row(id) }
    /// Rows in id order.
    public var all: [JSON] { rows(0, count) }
    /// Rows `from..<to` in id order (a page: its size in memory; finding its first row
    /// walks the slots' flags, a byte a row).
    public func rows(_ from: Int, _ to: Int) -> [JSON] {
        let lo = max(0, min(from, count)), hi = max(lo, min(to, count))
        var out: [JSON] = []
        guard hi > lo else { return out }
        var position = 0
        forEachId { id in
            if position >= lo, let r = row(id) { out.append(r) }
            position += 1
            return position < hi
        }
        return out
    }
    public func first(where predicate: (JSON) -> Bool) -> JSON? {
        var found: JSON?
        forEachId { id in
            if let r = row(id), predicate(r) { found = r; return false }
            return true
        }
        return found
    }

    /// The first row, in id order, whose `field` is `value` (`row[field]?.int64Value ==
    /// value`), reading the rows in `columns` without building them.
    public func first(where field: String, is value: Int64) -> JSON? {
        // The member `row[field]` finds: `id` first, then the first column of that name.
        let column: Int? = field == "id" ? nil : columns.keys.firstIndex { $0 == field }
        var match: JSON?
        forEachId { id in
            if let s = slot(id), slots[s] & Slot.inColumns != 0 {
                let found: Int64? = field == "id" ? id : column.flatMap { columns.int64Value(at: s, column: $0) }
                if found == value { match = columns.row(at: s, id: id) }
            } else if let r = row(id), r[field]?.int64Value == value {
                match = r
            }
            return match == nil
        }
        return match
    }

    /// The keys of a row `blank` makes, the same strings: `id`, then the columns.
    public var rowKeys: [String] { ["id"] + columns.keys }

    /// A row with every column null except the id.
    public func blank(id: Int64) -> JSON {
        var members: [(String, JSON)] = []
        members.reserveCapacity(columns.keys.count + 1)
        members.append(("id", .int(id)))
        for name in columns.keys { members.append((name, .null)) }
        return .object(members)
    }

    public mutating func nextId() -> Int64 {
        defer { sequence += 1 }
        return sequence
    }

    /// Inserts or replaces the row with the row's own id; whether a row had that id.
    @discardableResult
    public mutating func save(_ row: JSON) -> Bool {
        guard let id = row["id"]?.int64Value else { return false }
        let existed = contains(id)
        if represented(id) { representations[id] = nil }
        if slot(id) == nil, id > Int64(slots.count), id <= Int64(slots.count) + EntityTable.reach { extendSlots(to: id) }
        guard let s = slot(id) else {
            if sparse.updateValue(row, forKey: id) == nil {
                sparseIds.insert(id, at: sparseIds.firstIndex { $0 > id } ?? sparseIds.count)
            }
            return existed
        }
        let flags = slots[s]
        if flags & Slot.row == 0 { rowsInSlots += 1 }
        if flags & Slot.aside != 0 { aside[id] = nil }
        if hot.isEmpty { hot = Array(repeating: (0, .null), count: Int(EntityTable.hotRows)) }
        let h = Int(id % EntityTable.hotRows)
        if flags & Slot.hot == 0 { cool(h) }
        hot[h] = (id, row)
        slots[s] = Slot.hot
        return existed
    }

    /// Moves the hot row at `h` (if any) to the columns, or aside, and forgets its cached
    /// representation.
    private mutating func cool(_ h: Int) {
        let id = hot[h].id
        guard let s = slot(id), slots[s] & Slot.hot != 0 else { return }
        let row = hot[h].row
        hot[h] = (0, .null)
        if slots[s] & Slot.represented != 0 { representations[id] = nil }
        slots[s] = 0
        place(row, id: id, at: s)
    }

    /// Stores a row in the columns, or aside, setting its slot's flag (and keeping the
    /// others).
    private mutating func place(_ row: JSON, id: Int64, at s: Int) {
        if columns.store(row, id: id, at: s) {
            slots[s] |= Slot.inColumns
        } else {
            slots[s] |= Slot.aside
            aside[id] = row
        }
    }

    /// Adds slots up to `id`'s; the rows the dictionary held for their ids move in.
    private mutating func extendSlots(to id: Int64) {
        let first = slots.count
        for _ in first..<Int(id) { slots.append(0) }
        columns.grow(to: slots.count)
        guard !sparse.isEmpty else { return }
        for s in first..<slots.count {
            let moved = Int64(s + 1)
            guard let row = sparse.removeValue(forKey: moved) else { continue }
            sparseIds.removeAll { $0 == moved }
            rowsInSlots += 1
            place(row, id: moved, at: s)
        }
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
        guard contains(id) else { return }
        if represented(id) { representations[id] = nil }
        if let s = slot(id) {
            if slots[s] & Slot.aside != 0 { aside[id] = nil }
            if slots[s] & Slot.hot != 0 { hot[Int(id % EntityTable.hotRows)] = (0, .null) }
            slots[s] = 0
            rowsInSlots -= 1
        } else {
            sparse[id] = nil
            sparseIds.removeAll { $0 == id }
        }
    }

    public mutating func removeAll() {
        slots.removeAll(); columns.removeAll(); aside.removeAll(); hot.removeAll(); sparse.removeAll()
        representations.removeAll(); sparseIds.removeAll(); rowsInSlots = 0; sequence = 1
    }
}

public struct PatchError: Error { public let message: String }
