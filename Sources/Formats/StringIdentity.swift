extension String {
    /// Whether `other` is this very string: the same 16 bytes, i.e. a small string's own
    /// bytes or the same storage. True means equal bytes; false means nothing (an equal
    /// string may live elsewhere), so it only lets a cache find what it stored. A cache
    /// that keeps the string it compares against keeps its storage alive, so the address
    /// cannot come back as another string's.
    @inline(__always)
    public func isIdentical(to other: String) -> Bool {
        let a = unsafeBitCast(self, to: (UInt64, UInt64).self), b = unsafeBitCast(other, to: (UInt64, UInt64).self)
        return a.0 == b.0 && a.1 == b.1
    }
}
