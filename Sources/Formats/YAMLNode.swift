/// A YAML value with the line and column (1-based) where it starts, so that a reader of a
/// file can point at the word it refuses. `json` drops the positions (mappings keep their order).
public struct YAMLNode: Sendable {
    public indirect enum Kind: Sendable {
        case scalar(JSON)
        case mapping([YAMLEntry])
        case sequence([YAMLNode])
    }
    public let kind: Kind
    public let line: Int
    public let column: Int

    public init(_ kind: Kind, line: Int, column: Int) { self.kind = kind; self.line = line; self.column = column }

    /// The value without positions.
    public var json: JSON {
        switch kind {
        case .scalar(let j): return j
        case .mapping(let m): return .object(m.map { ($0.key, $0.value.json) })
        case .sequence(let s): return .array(s.map { $0.json })
        }
    }

    /// The entries of a mapping (nil for anything else).
    public var entries: [YAMLEntry]? { if case .mapping(let m) = kind { return m }; return nil }
    /// The items of a sequence (nil for anything else).
    public var items: [YAMLNode]? { if case .sequence(let s) = kind { return s }; return nil }
    /// A scalar's value (nil for a collection).
    public var scalar: JSON? { if case .scalar(let j) = kind { return j }; return nil }
    /// A scalar as text: strings as they are, numbers and booleans as written by `JSON.compact`.
    public var text: String? {
        guard case .scalar(let j) = kind else { return nil }
        switch j {
        case .string(let s): return s
        case .null: return nil
        default: return j.compact
        }
    }
    /// The value of `key` in a mapping.
    public subscript(key: String) -> YAMLNode? { entries?.first { $0.key == key }?.value }
    /// The entry of `key` in a mapping (its key's position).
    public func entry(_ key: String) -> YAMLEntry? { entries?.first { $0.key == key } }
    /// What the node is, for messages: "a mapping", "a list", "a value".
    public var shape: String {
        switch kind {
        case .scalar: return "a value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}

/// One `key: value` of a mapping, with the key's position.
public struct YAMLEntry: Sendable {
    public let key: String
    public let line: Int
    public let column: Int
    public let value: YAMLNode
    public init(key: String, line: Int, column: Int, value: YAMLNode) { self.key = key; self.line = line; self.column = column; self.value = value }
}
