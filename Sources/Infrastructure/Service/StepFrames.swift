/// A `StepInterpreter`'s frames, the innermost last. The first four are held inline, deeper
/// ones in an array: a read, a list, an update or a Kafka handler's transaction runs four
/// deep at most and allocates nothing for its stack; a create whose hooks make calls and
/// take branches (reservation's, five or six deep) spills into the array.
struct StepFrames {
    struct Frame {
        let steps: [Step]
        var pc: Int
        let kind: StepInterpreter.FrameKind
    }

    private var f0, f1, f2, f3: Frame?
    private var deeper: [Frame] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func push(_ steps: consuming [Step], _ kind: StepInterpreter.FrameKind) {
        let f = Frame(steps: consume steps, pc: 0, kind: kind)
        switch count {
        case 0: f0 = f
        case 1: f1 = f
        case 2: f2 = f
        case 3: f3 = f
        default: deeper.append(f)
        }
        count += 1
    }

    /// Removes and returns the innermost frame (nil when there is none).
    mutating func pop() -> Frame? {
        guard count > 0 else { return nil }
        count -= 1
        switch count {
        case 0: defer { f0 = nil }; return f0
        case 1: defer { f1 = nil }; return f1
        case 2: defer { f2 = nil }; return f2
        case 3: defer { f3 = nil }; return f3
        default: return deeper.popLast()
        }
    }

    /// The innermost frame's next step, its counter moved past it; nil when its steps have
    /// all run (or there is no frame).
    mutating func next() -> Step? {
        switch count {
        case 0: return nil
        case 1: return Self.next(&f0)
        case 2: return Self.next(&f1)
        case 3: return Self.next(&f2)
        case 4: return Self.next(&f3)
        default:
            let i = count - 5
            let pc = deeper[i].pc
            guard pc < deeper[i].steps.count else { return nil }
            deeper[i].pc = pc + 1
            return deeper[i].steps[pc]
        }
    }

    private static func next(_ frame: inout Frame?) -> Step? {
        guard let pc = frame?.pc, let steps = frame?.steps, pc < steps.count else { return nil }
        frame?.pc = pc + 1
        return steps[pc]
    }

    /// The step the innermost frame ran last (nil before its first).
    var current: Step? {
        let frame: Frame?
        switch count {
        case 0: frame = nil
        case 1: frame = f0
        case 2: frame = f1
        case 3: frame = f2
        case 4: frame = f3
        default: frame = deeper[count - 5]
        }
        guard let f = frame, f.pc > 0 else { return nil }
        return f.steps[f.pc - 1]
    }
}
