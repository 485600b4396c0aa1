/// A model component that receives events as values (OMNeT++'s `cSimpleModule` with its
/// `handleMessage`): each event names the component, one of the component's kinds, and a
/// 32-bit reference (usually a `SlotReference` to the request, transaction or execution it
/// concerns, in the component's `SlotArena`). Posting one allocates nothing.
///
/// A class, not a protocol: the kernel calls `handle` through an unretained reference
/// (`Unmanaged`), which Swift allows for a class and not for a protocol's existential; a
/// call through the existential retained and released the component on every event
/// (callgrind: 40 of M/M/1's 692 instructions an event).
open class SimComponent {
    public init() {}

    /// Runs one event of kind `kind` for `reference`. The component owns the meaning of both.
    /// Every component overrides it (the base class ignores the event).
    open func handle(_ kind: UInt8, _ reference: UInt32) {}
}

/// A registered component's address in its simulation.
public struct ComponentID: Hashable, Sendable {
    /// 1-based; 0 is never given out.
    let number: UInt32
    /// No component: a placeholder until `register` gives one its number.
    public static let none = ComponentID(number: 0)
}
