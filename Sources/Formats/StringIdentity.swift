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

extension String {
    /// The text's lines, empty ones kept, split at LF or CR LF: `"\r\n"` is one Character
    /// in Swift, so splitting at `"\n"` leaves a file saved on Windows one long line.
    public var textLines: [Substring] {
        split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }
}
