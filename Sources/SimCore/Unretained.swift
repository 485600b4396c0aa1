/// A reference to an object that outlives its holder (the run's simulation, for a
/// component), retained neither by holding it nor by using it. An `unowned(unsafe)`
/// reference is retained and released around each use (the generated code shows it);
/// this one hands the object to `body` as a guaranteed reference instead.
@frozen public struct Unretained<Object: AnyObject> {
    @usableFromInline let reference: Unmanaged<Object>
    @inlinable public init(_ object: Object) { reference = .passUnretained(object) }
    /// Runs `body` on the object, which must still be alive (the holder's contract).
    @inlinable @inline(__always) @discardableResult
    public func callAsFunction<R>(_ body: (Object) throws -> R) rethrows -> R { try reference._withUnsafeGuaranteedRef(body) }
}
