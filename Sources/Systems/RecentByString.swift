import Formats
/// A few values remembered by a string key that recurs as the very same string (an event
/// type a program publishes, the host a service is addressed by): found by identity first,
/// then by the key's exact bytes (never by `==`, which would also match a canonically
/// equal key with other bytes), else computed and remembered, the oldest forgotten. In
/// this module, so that it is specialised: a generic from another module costs a
/// value-witness call per step (the soak ran 40 % more instructions).
struct RecentByString<Value> {
    private var entries: [(key: String, value: Value)] = []
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    @inline(__always)
    mutating func value(for key: String, _ compute: () -> Value) -> Value {
        for i in entries.indices where entries[i].key.isIdentical(to: key) { return entries[i].value }
        for i in entries.indices where entries[i].key.utf8.elementsEqual(key.utf8) { return entries[i].value }
        let value = compute()
        if entries.count >= capacity { entries.removeFirst() }
        entries.append((key, value))
        return value
    }
}
