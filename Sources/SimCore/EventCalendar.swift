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
///
/// A class over buffers it allocates itself, not arrays: every mutation of a Swift array
/// first asks whether its storage is shared (copy on write), a runtime call, two or more
/// per event here (callgrind: 38 of M/M/1's instructions an event). Only the simulation
/// holds its calendar, so nothing is ever shared.
final class EventCalendar {
    private var heap: UnsafeMutablePointer<CalendarEntry>
    private var capacity: Int
    private(set) var count = 0
    /// The heap index of each tracked slot's entry (-1: none).
    private var position: UnsafeMutablePointer<Int32>
    private var positionCapacity: Int

    init() {
        capacity = 64
        heap = .allocate(capacity: capacity)
        positionCapacity = 64
        position = .allocate(capacity: positionCapacity)
        position.initialize(repeating: -1, count: positionCapacity)
    }

    deinit {
        heap.deallocate() // entries are plain values: nothing to deinitialise
        position.deallocate()
    }

    func peek() -> CalendarEntry? { count > 0 ? heap[0] : nil }

    @inline(__always)
    private func place(_ e: CalendarEntry, at i: Int) {
        heap[i] = e
        if e.tracked { position[Int(e.slot)] = Int32(i) }
    }

    private func growHeap() {
        let bigger = UnsafeMutablePointer<CalendarEntry>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: heap, count: count)
        heap.deallocate()
        heap = bigger
        capacity *= 2
    }

    private func growPositions(toHold slot: Int) {
        var n = positionCapacity
        while n <= slot { n *= 2 }
        let bigger = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        bigger.moveInitialize(from: position, count: positionCapacity)
        (bigger + positionCapacity).initialize(repeating: -1, count: n - positionCapacity)
        position.deallocate()
        position = bigger
        positionCapacity = n
    }

    /// - Complexity: O(log n).
    func push(_ entry: CalendarEntry) {
        if entry.tracked && Int(entry.slot) >= positionCapacity { growPositions(toHold: Int(entry.slot)) }
        if count == capacity { growHeap() }
        (heap + count).initialize(to: entry)
        count += 1
        siftUp(count - 1)
    }

    /// - Complexity: O(log n).
    func pop() -> CalendarEntry? {
        guard count > 0 else { return nil }
        let first = heap[0]
        if first.tracked { position[Int(first.slot)] = -1 }
        count -= 1
        if count == 0 { return first }
        siftDown(0, moving: heap[count])
        return first
    }

    /// Takes the tracked entry of `slot` out of the heap, wherever it is; false if it holds none.
    /// - Complexity: O(log n).
    @discardableResult
    func remove(slot: Int32) -> Bool {
        guard Int(slot) < positionCapacity else { return false }
        let i = Int(position[Int(slot)])
        guard i >= 0 else { return false }
        position[Int(slot)] = -1
        count -= 1
        let last = heap[count]
        if i == count { return true }
        if i > 0 && CalendarEntry.precedes(last, heap[(i - 1) >> 1]) {
            heap[i] = last
            siftUp(i)
        } else {
            siftDown(i, moving: last)
        }
        return true
    }

    private func siftUp(_ start: Int) {
        var child = start
        let moving = heap[child]
        while child > 0 {
            let parent = (child - 1) >> 1
            if CalendarEntry.precedes(moving, heap[parent]) {
                place(heap[parent], at: child)
                child = parent
            } else { break }
        }
        place(moving, at: child)
    }

    /// Fills the hole at `start` with `moving` or what must rise above it.
    private func siftDown(_ start: Int, moving: CalendarEntry) {
        let n = count
        var parent = start
        while true {
            let left = 2 * parent + 1
            if left >= n { break }
            var best = left
            let right = left + 1
            if right < n && CalendarEntry.precedes(heap[right], heap[left]) { best = right }
            if CalendarEntry.precedes(heap[best], moving) {
                place(heap[best], at: parent)
                parent = best
            } else { break }
        }
        place(moving, at: parent)
    }
}
