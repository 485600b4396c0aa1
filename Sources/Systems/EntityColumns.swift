import Formats

/// The rows of a table that have its schema's shape, column by column, each cell a few
/// bytes: a row costs its cells, not an object of members (about 400 bytes a row before).
///
/// A row has the shape when its members are `id` (its own id, a `long`) and then the
/// schema's other fields, in order, under exactly the keys `EntityTable.blank` gives, and
/// every value is a scalar. Such a row is what `blank`, `set` and `applying` make. A cell
/// holds a null, an integer, or the index of a value in its column's pool, where equal
/// values (exactly equal: the same bytes, the same bits) are stored once. Reading a row
/// back builds the same members with the same keys and values, so no answer can tell how
/// a row was stored. Any other row stays an object (`EntityTable` keeps it aside).
struct EntityColumns {
    /// The keys after `id`, in order.
    let keys: [String]
    private var cells: [PackedCells]
    private var pools: [ValuePool]

    init(keys: [String]) {
        self.keys = keys
        cells = Array(repeating: PackedCells(), count: keys.count)
        pools = Array(repeating: ValuePool(), count: keys.count)
    }

    /// Makes room for slots `0..<count` (new slots hold nulls).
    mutating func grow(to count: Int) {
        for c in cells.indices { cells[c].grow(to: count) }
    }

    /// Stores `row` (whose id is `id`) at `slot`; false, storing nothing, when the row
    /// does not have the shape.
    mutating func store(_ row: JSON, id: Int64, at slot: Int) -> Bool {
        guard case .object(let members) = row, members.count == keys.count + 1,
              EntityColumns.same(members[0].0, "id"), case .int(let rowId) = members[0].1, rowId == id else { return false }
        // Check the whole row before storing any of it: a row that fails half-way must
        // change nothing.
        for c in keys.indices {
            guard EntityColumns.same(members[c + 1].0, keys[c]), ValuePool.isScalar(members[c + 1].1) else { return false }
        }
        for c in keys.indices { cells[c][slot] = pools[c].cell(members[c + 1].1) }
        return true
    }

    /// The row stored at `slot`.
    func row(at slot: Int, id: Int64) -> JSON {
        var members: [(String, JSON)] = []
        members.reserveCapacity(keys.count + 1)
        members.append(("id", .int(id)))
        for c in keys.indices { members.append((keys[c], pools[c].value(cells[c][slot]))) }
        return .object(members)
    }

    /// `row[key]?.int64Value` of the row at `slot`, for the column `column` (an index
    /// into `keys`), without building the row.
    func int64Value(at slot: Int, column: Int) -> Int64? {
        pools[column].int64Value(cells[column][slot])
    }

    mutating func removeAll() {
        cells = Array(repeating: PackedCells(), count: keys.count)
        pools = Array(repeating: ValuePool(), count: keys.count)
    }

    /// Whether two keys have the same bytes (Swift's `==` would also match canonically
    /// equivalent keys, which a client's JSON would print differently). Most keys are the
    /// schema's own strings, whose bits are equal.
    static func same(_ a: String, _ b: String) -> Bool {
        if a.isIdentical(to: b) { return true }
        return a.utf8.elementsEqual(b.utf8)
    }
}

/// One column's cells, each `width` bytes (little-endian), the width growing to the
/// widest value stored.
struct PackedCells {
    private var bytes: [UInt8] = []
    private var width = 1
    private(set) var count = 0

    mutating func grow(to n: Int) {
        guard n > count else { return }
        // One at a time: the table grows by a slot or two a save, and appending a repeated
        // element goes through a generic path that costs more than the bytes.
        for _ in 0..<(n - count) * width { bytes.append(0) }
        count = n
    }

    subscript(slot: Int) -> UInt64 {
        get {
            var v: UInt64 = 0
            let base = slot * width
            for b in 0..<width { v |= UInt64(bytes[base + b]) << (8 * UInt64(b)) }
            return v
        }
        set {
            let needed = PackedCells.width(of: newValue)
            if needed > width { widen(to: needed) }
            let base = slot * width
            for b in 0..<width { bytes[base + b] = UInt8(truncatingIfNeeded: newValue >> (8 * UInt64(b))) }
        }
    }

    static func width(of v: UInt64) -> Int { max(1, (64 - v.leadingZeroBitCount + 7) / 8) }

    private mutating func widen(to w: Int) {
        var wider = [UInt8](repeating: 0, count: count * w)
        for slot in 0..<count {
            for b in 0..<width { wider[slot * w + b] = bytes[slot * width + b] }
        }
        bytes = wider
        width = w
    }
}

/// A column's distinct non-integer values, and the cell encoding: 0 is null, an odd cell
/// is a pooled value's index (`cell >> 1`), an even one an integer (zigzag, plus one).
struct ValuePool {
    static let null: UInt64 = 0
    private(set) var values: [JSON] = []
    private var index: [PooledKey: Int] = [:]

    /// How many values a pool finds again by hashing. A column whose values are mostly
    /// distinct (a code made of an id) stops looking past these and stores each new one.
    static let indexed = 1024

    static func isScalar(_ value: JSON) -> Bool {
        switch value {
        case .array, .object: return false
        default: return true
        }
    }

    /// The cell of `value`, a scalar.
    mutating func cell(_ value: JSON) -> UInt64 {
        switch value {
        case .null: return ValuePool.null
        case .int(let i):
            let zigzag = UInt64(bitPattern: (i << 1) ^ (i >> 63))
            if zigzag < (1 << 62) { return (zigzag + 1) << 1 }
        default: break
        }
        // A column's first values are its common ones: look for the very same bits before
        // hashing.
        for i in values.indices.prefix(8) where ValuePool.identical(values[i], value) { return UInt64(i) << 1 | 1 }
        let key = PooledKey(value: value)
        if let i = index[key] { return UInt64(i) << 1 | 1 }
        if values.count < ValuePool.indexed { index[key] = values.count }
        values.append(value)
        return UInt64(values.count - 1) << 1 | 1
    }

    func value(_ cell: UInt64) -> JSON {
        if cell == ValuePool.null { return .null }
        if cell & 1 == 1 { return values[Int(cell >> 1)] }
        return .int(ValuePool.integer(cell))
    }

    func int64Value(_ cell: UInt64) -> Int64? {
        if cell == ValuePool.null { return nil }
        if cell & 1 == 1 { return values[Int(cell >> 1)].int64Value }
        return ValuePool.integer(cell)
    }

    private static func integer(_ cell: UInt64) -> Int64 {
        let zigzag = (cell >> 1) - 1
        return Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
    }

    /// Whether two scalars are the very same value (same bits); false does not mean
    /// different.
    private static func identical(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): return x.isIdentical(to: y)
        case let (.double(x), .double(y)): return x.bitPattern == y.bitPattern
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        default: return false
        }
    }
}

/// A pooled value's identity: its JSON type and exact bytes or bits (Swift's `==` on
/// strings would match canonically equivalent ones, and on doubles 0.0 and -0.0).
private struct PooledKey: Hashable {
    let value: JSON

    static func == (a: PooledKey, b: PooledKey) -> Bool {
        switch (a.value, b.value) {
        case let (.string(x), .string(y)): return x.utf8.elementsEqual(y.utf8)
        case let (.double(x), .double(y)): return x.bitPattern == y.bitPattern
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    func hash(into hasher: inout Hasher) {
        switch value {
        case .string(var s):
            hasher.combine(0 as UInt8)
            s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        case .double(let d): hasher.combine(1 as UInt8); hasher.combine(d.bitPattern)
        case .bool(let b): hasher.combine(2 as UInt8); hasher.combine(b)
        case .int(let i): hasher.combine(3 as UInt8); hasher.combine(i)
        default: hasher.combine(4 as UInt8)
        }
    }
}
