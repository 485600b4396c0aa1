/// One entry of the event calendar: when, in what scheduling order, and which action.
struct CalendarEntry {
    var time: Int64
    var sequence: UInt64
    /// The action's slot in the simulation's table.
    var slot: Int32

    @inline(__always)
    static func precedes(_ a: CalendarEntry, _ b: CalendarEntry) -> Bool {
        a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
    }
}

/// A binary min-heap on (time, sequence): the event calendar.
struct EventCalendar {
    private var heap: [CalendarEntry] = []

    var count: Int { heap.count }

    func peek() -> CalendarEntry? { heap.first }

    /// - Complexity: O(log n).
    mutating func push(_ entry: CalendarEntry) {
        heap.append(entry)
        var child = heap.count - 1
        heap.withUnsafeMutableBufferPointer { h in
            let moving = h[child]
            while child > 0 {
                let parent = (child - 1) >> 1
                if CalendarEntry.precedes(moving, h[parent]) {
                    h[child] = h[parent]
                    child = parent
                } else { break }
            }
            h[child] = moving
        }
    }

    /// - Complexity: O(log n).
    mutating func pop() -> CalendarEntry? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if heap.isEmpty { return first }
        heap.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var parent = 0
            while true {
                let left = 2 * parent + 1
                if left >= n { break }
                var best = left
                let right = left + 1
                if right < n && CalendarEntry.precedes(h[right], h[left]) { best = right }
                if CalendarEntry.precedes(h[best], last) {
                    h[parent] = h[best]
                    parent = best
                } else { break }
            }
            h[parent] = last
        }
        return first
    }
}
