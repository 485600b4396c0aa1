/// A model component that receives events as values (OMNeT++'s `cSimpleModule` with its
/// `handleMessage`): each event names the component, one of the component's kinds, and a
/// 32-bit reference (usually a `SlotReference` to the request, transaction or execution it
/// concerns, in the component's `SlotArena`). Posting one allocates nothing.
public protocol SimComponent: AnyObject {
    /// Runs one event of kind `kind` for `reference`. The component owns the meaning of both.
    func handle(_ kind: UInt8, _ reference: UInt32)
}

/// A registered component's address in its simulation.
public struct ComponentID: Hashable, Sendable {
    /// 1-based; 0 is never given out.
    let number: UInt32
    /// No component: a placeholder until `register` gives one its number.
    public static let none = ComponentID(number: 0)
}

/// The simulation's reference to a component: it does not keep it alive (the component
/// usually holds the simulation, and a strong reference back would leak every run).
struct ComponentBox {
    unowned(unsafe) let component: SimComponent
}
