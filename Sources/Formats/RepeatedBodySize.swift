/// The byte count of a body met again. A client that counts every body it reads (siege)
/// often reads the very same stored object again: a row's representation, kept while the
/// row is hot. The same storage has the same bytes: the memo holds the body it counted, so
/// that storage cannot be freed and reused for another, and storage held twice is never
/// written in place (a write copies it first). Anything else is counted afresh.
public struct RepeatedBodySize {
    private var body: JSON = .null
    private var storage: UnsafeRawPointer?
    private var indented = false
    private var bytes = 0

    public init() {}

    /// The count of `body` in its indented (Jackson's `INDENT_OUTPUT`) or compact form.
    public mutating func bytes(of body: JSON, indented: Bool) -> Int {
        let identity = RepeatedBodySize.storage(of: body)
        if let id = identity, id == storage, indented == self.indented { return bytes }
        let n = indented ? body.jacksonIndentedByteCount() : body.byteCount
        if identity != nil {
            self.body = body; storage = identity; self.indented = indented; bytes = n
        }
        return n
    }

    /// Where an object's members or an array's items live; nil for a scalar, a string or
    /// an empty container (counted afresh: nothing to gain).
    @inline(__always)
    static func storage(of body: JSON) -> UnsafeRawPointer? {
        switch body {
        case .object(let members) where !members.isEmpty: return members.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        case .array(let items) where !items.isEmpty: return items.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        default: return nil
        }
    }
}
