/// A FIFO queue on a growable ring buffer: O(1) push and pop, no shifting.
public struct RingBuffer<Element> {
    @usableFromInline var storage: [Element?]
    @usableFromInline var head = 0
    @usableFromInline var mask: Int
    @usableFromInline var _count = 0
    @inlinable public var count: Int { _count }

    /// Capacity is rounded up to a power of two, so wrapping is a mask, not a division.
    public init(capacity: Int = 16) {
        var c = 1
        while c < max(1, capacity) { c <<= 1 }
        storage = Array(repeating: nil, count: c)
        mask = c - 1
    }

    @inlinable public var isEmpty: Bool { _count == 0 }
    @inlinable public var first: Element? { _count == 0 ? nil : storage[head] }

    @inlinable public mutating func append(_ e: Element) {
        if _count == storage.count { grow() }
        storage[(head + _count) & mask] = e
        _count += 1
    }

    @inlinable @discardableResult
    public mutating func removeFirst() -> Element? {
        guard _count > 0 else { return nil }
        let e = storage[head]
        storage[head] = nil
        head = (head + 1) & mask
        _count -= 1
        return e
    }

    public subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "RingBuffer index out of range")
        return storage[(head + i) & mask]!
    }

    public mutating func removeAll() { storage = Array(repeating: nil, count: 16); mask = 15; head = 0; _count = 0 }

    @usableFromInline mutating func grow() {
        var bigger = [Element?](repeating: nil, count: storage.count * 2)
        for i in 0..<count { bigger[i] = storage[(head + i) & mask] }
        storage = bigger
        mask = bigger.count - 1
        head = 0
    }
}
