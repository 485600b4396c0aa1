/// One entry of the event calendar: when, in what scheduling order, and what to run.
/// 24 bytes: the heap moves entries, so they stay small.
struct CalendarEntry {
    var time: Int64
    var sequence: UInt64
    /// A closure's or a cancellable event's slot in the simulation's table; for a component
    /// event that cannot be cancelled, the event's reference itself.
    var slot: Int32
    /// Bit 31: tracked (the calendar keeps this entry's heap index, so that cancelling
    /// removes it at once). Bits 8–30: the target component's number plus one (0: a closure).
    /// Bits 0–7: the event's kind.
    var tag: UInt32

    static let trackedBit: UInt32 = 1 << 31

    init(time: Int64, sequence: UInt64, slot: Int32, tracked: Bool) {
        self.init(time: time, sequence: sequence, slot: slot, tag: tracked ? CalendarEntry.trackedBit : 0)
    }

    init(time: Int64, sequence: UInt64, slot: Int32, tag: UInt32) {
        self.time = time
        self.sequence = sequence
        self.slot = slot
        self.tag = tag
    }

    @inline(__always) var tracked: Bool { tag & CalendarEntry.trackedBit != 0 }
    /// The target component's number plus one; 0 for a closure.
    @inline(__always) var target: UInt32 { (tag >> 8) & 0x7F_FFFF }
    @inline(__always) var kind: UInt8 { UInt8(truncatingIfNeeded: tag) }

    @inline(__always)
    static func precedes(_ a: CalendarEntry, _ b: CalendarEntry) -> Bool {
        a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
    }
}

/// A binary min-heap on (time, sequence): the event calendar. A tracked entry (a time-out,
/// scheduled to be cancelled) knows its place in the heap, so that a cancelled one leaves at
/// once (OMNeT++'s cMessageHeap removes by heap index) instead of waiting, with its memory,
/// until its time comes: a 30 s client time-out cancelled by the answer no longer sits in
/// the heap for 30 s. Other entries are not tracked (an index costs a write per heap move;
/// with the branch that skips it, M/M/1, which cancels nothing, runs about 5 % more
/// instructions than a heap without indexes); cancelling one leaves it in the heap, dead,
/// until it is popped.
struct EventCalendar {
    private var heap: [CalendarEntry] = []
    /// The heap index of each tracked slot's entry (-1: none). Never empty: an empty array
    /// shares Swift's empty singleton, and every mutable access would copy it (measured: a
    /// tenth of M/M/1's instructions).
    private var position = [Int32](repeating: -1, count: 64)

    var count: Int { heap.count }

    func peek() -> CalendarEntry? { heap.first }

    @inline(__always)
    private static func place(_ e: CalendarEntry, at i: Int, _ h: UnsafeMutableBufferPointer<CalendarEntry>,
                                _ pos: UnsafeMutableBufferPointer<Int32>) {
        h[i] = e
        if e.tracked { pos[Int(e.slot)] = Int32(i) }
    }

    /// - Complexity: O(log n).
    mutating func push(_ entry: CalendarEntry) {
        let slot = Int(entry.slot)
        if entry.tracked && slot >= position.count { position.append(contentsOf: repeatElement(-1, count: slot - position.count + 1)) }
        heap.append(entry)
        siftUp(heap.count - 1)
    }

    /// - Complexity: O(log n).
    mutating func pop() -> CalendarEntry? {
        guard let first = heap.first else { return nil }
        if first.tracked { position[Int(first.slot)] = -1 }
        let last = heap.removeLast()
        if heap.isEmpty { return first }
        siftDown(0, moving: last)
        return first
    }

    /// Takes the tracked entry of `slot` out of the heap, wherever it is; false if it holds none.
    /// - Complexity: O(log n).
    @discardableResult
    mutating func remove(slot: Int32) -> Bool {
        guard Int(slot) < position.count else { return false }
        let i = Int(position[Int(slot)])
        guard i >= 0 else { return false }
        position[Int(slot)] = -1
        let last = heap.removeLast()
        if i == heap.count { return true }
        if i > 0 && CalendarEntry.precedes(last, heap[(i - 1) >> 1]) {
            heap[i] = last
            siftUp(i)
        } else {
            siftDown(i, moving: last)
        }
        return true
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        heap.withUnsafeMutableBufferPointer { h in
            position.withUnsafeMutableBufferPointer { pos in
                let moving = h[child]
                while child > 0 {
                    let parent = (child - 1) >> 1
                    if CalendarEntry.precedes(moving, h[parent]) {
                        EventCalendar.place(h[parent], at: child, h, pos)
                        child = parent
                    } else { break }
                }
                EventCalendar.place(moving, at: child, h, pos)
            }
        }
    }

    /// Fills the hole at `start` with `moving` or what must rise above it.
    private mutating func siftDown(_ start: Int, moving: CalendarEntry) {
        heap.withUnsafeMutableBufferPointer { h in
            position.withUnsafeMutableBufferPointer { pos in
                let n = h.count
                var parent = start
                while true {
                    let left = 2 * parent + 1
                    if left >= n { break }
                    var best = left
                    let right = left + 1
                    if right < n && CalendarEntry.precedes(h[right], h[left]) { best = right }
                    if CalendarEntry.precedes(h[best], moving) {
                        EventCalendar.place(h[best], at: parent, h, pos)
                        parent = best
                    } else { break }
                }
                EventCalendar.place(moving, at: parent, h, pos)
            }
        }
    }
}
