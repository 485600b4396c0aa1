/// A reference to a slot of a `SlotArena`: the slot's index and the generation it had when
/// it was taken, packed in 32 bits so that it fits in a calendar entry.
public struct SlotReference: Hashable, Sendable {
    public let raw: UInt32
    /// Index bits: up to 4 194 304 slots in use at once.
    @usableFromInline static let indexBits: UInt32 = 22
    @usableFromInline static let indexMask: UInt32 = (1 << indexBits) - 1
    /// The largest number of slots an arena holds.
    public static let maximumSlots = Int(indexMask) + 1

    @inlinable public init(raw: UInt32) { self.raw = raw }
    @inlinable init(index: Int, generation: UInt32) {
        raw = (generation << SlotReference.indexBits) | UInt32(index)
    }
    @inlinable var index: Int { Int(raw & SlotReference.indexMask) }
    @inlinable var generation: UInt32 { raw >> SlotReference.indexBits }
}

/// Preallocated, reused storage for the state of things in flight (requests,
/// transactions, Hystrix executions): taking a slot allocates nothing once the arena has
/// grown to the largest number in flight, and memory follows what is in flight, not how
/// long the run is. Each slot carries a generation, bumped when it is freed, so a reference
/// kept by a late event (a time-out that lost its race) is recognised as stale here, in one
/// place, instead of by guards spread through the model. Generations have 10 bits: a stale
/// reference is caught unless its slot was reused exactly 1024·k times meanwhile.
public struct SlotArena<Element> {
    // Inlinable, so that a client module specialises it for its element type: unspecialised
    // generic code looks up type metadata on every access (callgrind: a fifth of M/M/1).
    @usableFromInline var values: [Element?] = []
    @usableFromInline var generations: [UInt32] = []
    @usableFromInline var free: [Int32] = []
    @usableFromInline internal(set) var _count = 0
    public var count: Int { _count }

    @inlinable public init() {}

    /// Stores `value` in a free slot and returns its reference; nil when the arena is full
    /// (`SlotReference.maximumSlots` in use).
    @inlinable public mutating func insert(_ value: Element) -> SlotReference? {
        if let i = free.popLast() {
            values[Int(i)] = value
            _count += 1
            return SlotReference(index: Int(i), generation: generations[Int(i)])
        }
        guard values.count < SlotReference.maximumSlots else { return nil }
        values.append(value)
        generations.append(0)
        _count += 1
        return SlotReference(index: values.count - 1, generation: 0)
    }

    /// Whether `reference` names a slot still holding the value it was given for.
    @inlinable
    public func contains(_ reference: SlotReference) -> Bool {
        let i = reference.index
        return i < generations.count && generations[i] == reference.generation && values[i] != nil
    }

    /// The value, or nil for a stale reference.
    @inlinable public subscript(reference: SlotReference) -> Element? {
        get { contains(reference) ? values[reference.index] : nil }
        set {
            guard contains(reference), let v = newValue else { return }
            values[reference.index] = v
        }
    }

    /// Applies `change` to the value in place; false (and nothing done) for a stale reference.
    @inlinable @discardableResult
    public mutating func modify(_ reference: SlotReference, _ change: (inout Element) -> Void) -> Bool {
        // take(): moved out, not copied (a copy retains every reference the value holds).
        guard contains(reference), var v = values[reference.index].take() else { return false }
        change(&v)
        values[reference.index] = v
        return true
    }

    /// Frees the slot and returns what it held; nil (and nothing done) for a stale reference.
    @inlinable @discardableResult
    public mutating func remove(_ reference: SlotReference) -> Element? {
        guard contains(reference) else { return nil }
        let i = reference.index
        let v = values[i].take()
        generations[i] = (generations[i] &+ 1) & 0x3FF
        free.append(Int32(i))
        _count -= 1
        return v
    }

    /// Frees every slot (each generation bumped, so that every reference given out is stale).
    public mutating func removeAll() {
        guard _count > 0 else { return }
        for i in values.indices where values[i] != nil {
            values[i] = nil
            generations[i] = (generations[i] &+ 1) & 0x3FF
            free.append(Int32(i))
        }
        _count = 0
    }
}
