/// A FIFO queue on a growable ring buffer: O(1) push and pop, no shifting.
public struct RingBuffer<Element> {
    private var storage: [Element?]
    private var head = 0
    public private(set) var count = 0

    public init(capacity: Int = 16) { storage = Array(repeating: nil, count: max(1, capacity)) }

    public var isEmpty: Bool { count == 0 }
    public var first: Element? { count == 0 ? nil : storage[head] }

    public mutating func append(_ e: Element) {
        if count == storage.count { grow() }
        storage[(head + count) % storage.count] = e
        count += 1
    }

    @discardableResult
    public mutating func removeFirst() -> Element? {
        guard count > 0 else { return nil }
        let e = storage[head]
        storage[head] = nil
        head = (head + 1) % storage.count
        count -= 1
        return e
    }

    public subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "RingBuffer index out of range")
        return storage[(head + i) % storage.count]!
    }

    public mutating func removeAll() { storage = Array(repeating: nil, count: 16); head = 0; count = 0 }

    private mutating func grow() {
        var bigger = [Element?](repeating: nil, count: storage.count * 2)
        for i in 0..<count { bigger[i] = storage[(head + i) % storage.count] }
        storage = bigger
        head = 0
    }
}
