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
    /// One slot: its value, its generation, and (while free) the next free slot. One array,
    /// not three: each mutation of a Swift array asks the runtime whether its storage is
    /// shared, and a slot taken or freed touched all three.
    @usableFromInline struct Slot {
        @usableFromInline var value: Element?
        @usableFromInline var generation: UInt32
        @usableFromInline var nextFree: Int32
        @inlinable init(value: Element?, generation: UInt32, nextFree: Int32) {
            self.value = value; self.generation = generation; self.nextFree = nextFree
        }
    }
    // Inlinable, so that a client module specialises it for its element type: unspecialised
    // generic code looks up type metadata on every access (callgrind: a fifth of M/M/1).
    @usableFromInline var slots: [Slot] = []
    /// The free slots, last freed first (-1: none), linked through `nextFree`.
    @usableFromInline var freeHead: Int32 = -1
    @usableFromInline var _count = 0
    public var count: Int { _count }

    @inlinable public init() {}

    /// Stores `value` in a free slot and returns its reference; nil when the arena is full
    /// (`SlotReference.maximumSlots` in use).
    /// `consuming`: the caller's value moves into the slot; a borrowed one would be copied
    /// (a retain of each reference it holds) and the caller's released.
    @inlinable public mutating func insert(_ value: consuming Element) -> SlotReference? {
        if freeHead >= 0 {
            let i = Int(freeHead)
            // Two reads and one write: only a write asks whether the storage is shared.
            freeHead = slots[i].nextFree
            let generation = slots[i].generation
            slots[i].value = consume value
            _count += 1
            return SlotReference(index: i, generation: generation)
        }
        guard slots.count < SlotReference.maximumSlots else { return nil }
        slots.append(Slot(value: consume value, generation: 0, nextFree: -1))
        _count += 1
        return SlotReference(index: slots.count - 1, generation: 0)
    }

    /// Whether `reference` names a slot still holding the value it was given for.
    @inlinable
    public func contains(_ reference: SlotReference) -> Bool {
        let i = reference.index
        return i < slots.count && slots[i].generation == reference.generation && slots[i].value != nil
    }

    /// The value, or nil for a stale reference.
    @inlinable public subscript(reference: SlotReference) -> Element? {
        get { contains(reference) ? slots[reference.index].value : nil }
        set {
            guard contains(reference), let v = newValue else { return }
            slots[reference.index].value = v
        }
    }

    /// Applies `change` to the value in place; false (and nothing done) for a stale reference.
    @inlinable @discardableResult
    public mutating func modify(_ reference: SlotReference, _ change: (inout Element) -> Void) -> Bool {
        // take(): moved out, not copied (a copy retains every reference the value holds).
        guard contains(reference), var v = slots[reference.index].value.take() else { return false }
        change(&v)
        slots[reference.index].value = v
        return true
    }

    /// Frees the slot and returns what it held; nil (and nothing done) for a stale reference.
    @inlinable @discardableResult
    public mutating func remove(_ reference: SlotReference) -> Element? {
        guard contains(reference) else { return nil }
        let i = reference.index
        let head = freeHead
        let v: Element? = slots.withUnsafeMutableBufferPointer { b in
            b[i].generation = (b[i].generation &+ 1) & 0x3FF
            b[i].nextFree = head
            return b[i].value.take()
        }
        freeHead = Int32(i)
        _count -= 1
        return v
    }

    /// Frees every slot (each generation bumped, so that every reference given out is stale).
    public mutating func removeAll() {
        guard _count > 0 else { return }
        for i in slots.indices where slots[i].value != nil {
            slots[i].value = nil
            slots[i].generation = (slots[i].generation &+ 1) & 0x3FF
            slots[i].nextFree = freeHead
            freeHead = Int32(i)
        }
        _count = 0
    }
}
