/// Answers whether a program matches anywhere in a text, by Thompson's simulation of its automaton:
/// all the threads alive at one position of the text are kept as a set of instructions, each added at
/// most once per position, and the text is read once, scalar by scalar. A search therefore costs at
/// most (scalars + 1) × 2 × (program size) steps (each instruction is added and read at most once per
/// position), whatever the pattern: there is no backtracking, and no pattern is catastrophic. Steps
/// are counted; past `stepLimit`, or when `stop` says so (asked every `RegexLimits.stopCheckInterval`
/// steps), the search ends with a failure, never with "no match".
struct RegexMatcher {
    enum Failure: Error, Equatable {
        /// `stop` returned true.
        case stopped
        /// The search took more than its step limit.
        case tooManySteps(limit: Int)
    }

    static func search(_ program: RegexProgram, in text: String, stepLimit: Int = RegexLimits.maximumSearchSteps,
                       stop: (() -> Bool)? = nil) -> Result<Bool, Failure> {
        searchCountingSteps(program, in: text, stepLimit: stepLimit, stop: stop).result
    }

    /// `search`, with the steps it took (what the step limit bounds: instructions visited, and each
    /// test of a non-ASCII scalar against a class weighed by the class's `cost`).
    static func searchCountingSteps(_ program: RegexProgram, in text: String, stepLimit: Int = RegexLimits.maximumSearchSteps,
                                    stop: (() -> Bool)? = nil) -> (result: Result<Bool, Failure>, steps: Int) {
        var matcher = RegexMatcher(program: program, stepLimit: stepLimit, stop: stop)
        do {
            let found = try matcher.run(over: text)
            return (.success(found), matcher.steps)
        } catch {
            return (.failure(error), matcher.steps)
        }
    }

    private let instructions: [RegexInstruction]
    private let classes: [ScalarClass]
    private let anchoredAtStart: Bool
    private let stepLimit: Int
    private let stop: (() -> Bool)?
    private var steps = 0
    private var nextCheck: Int
    /// The instructions still to follow while adding one thread (an explicit stack: no recursion).
    private var pending: [Int] = []

    private init(program: RegexProgram, stepLimit: Int, stop: (() -> Bool)?) {
        instructions = program.instructions
        classes = program.classes
        anchoredAtStart = program.anchoredAtStart
        self.stepLimit = min(max(0, stepLimit), Int.max / 2)
        self.stop = stop
        nextCheck = min(self.stepLimit, RegexLimits.stopCheckInterval)
    }

    private mutating func run(over text: String) throws(Failure) -> Bool {
        var current = ThreadList(size: instructions.count)
        var next = ThreadList(size: instructions.count)
        var scalars = text.unicodeScalars.makeIterator()
        var previous: UInt32?
        var upcoming = scalars.next()?.value
        var atStart = true
        while true {
            // A match may start here (unless the pattern is anchored at the start of the text).
            if atStart || !anchoredAtStart {
                if try addThread(0, to: &current, after: previous, before: upcoming) { return true }
            } else if current.isEmpty {
                return false
            }
            guard let scalar = upcoming else { return false }
            let following = scalars.next()?.value
            next.clear()
            for index in current.consuming {
                try countStep()
                guard try consumes(index, scalar) else { continue }
                if try addThread(index + 1, to: &next, after: scalar, before: following) { return true }
            }
            swap(&current, &next)
            previous = scalar
            upcoming = following
            atStart = false
        }
    }

    /// Whether the instruction at `index` reads `scalar`. A class charges the member tests a non-ASCII
    /// scalar costs it beyond the step already counted (ASCII is one bitmap lookup).
    private mutating func consumes(_ index: Int, _ scalar: UInt32) throws(Failure) -> Bool {
        guard instructions.indices.contains(index) else { return false }
        switch instructions[index] {
        case .scalar(let codePoint): return codePoint == scalar
        case .scalarClass(let classIndex):
            guard classes.indices.contains(classIndex) else { return false }
            let scalarClass = classes[classIndex]
            if scalar >= 0x80, scalarClass.cost > 1 { try countSteps(scalarClass.cost - 1) }
            return scalarClass.contains(scalar)
        case .anyScalar: return true
        case .anyScalarExceptNewline: return scalar != 0x0A
        case .assertion, .split, .jump, .match: return false
        }
    }

    /// Adds the thread at `start` and everything reachable from it without reading a scalar, between
    /// `previous` and `next`; true when that reaches `.match`. A straight path is followed in place;
    /// only the second branch of a split waits on the stack.
    private mutating func addThread(_ start: Int, to list: inout ThreadList, after previous: UInt32?, before next: UInt32?) throws(Failure) -> Bool {
        if !pending.isEmpty { pending.removeAll(keepingCapacity: true) }
        var index = start
        while true {
            if list.insert(index), instructions.indices.contains(index) {
                try countStep()
                switch instructions[index] {
                case .match:
                    return true
                case .jump(let target):
                    index = target
                    continue
                case .split(let first, let second):
                    pending.append(second)
                    index = first
                    continue
                case .assertion(let assertion):
                    if assertion.holds(after: previous, before: next) {
                        index += 1
                        continue
                    }
                case .scalar, .scalarClass, .anyScalar, .anyScalarExceptNewline:
                    list.consuming.append(index)
                }
            }
            guard let waiting = pending.popLast() else { return false }
            index = waiting
        }
    }

    private mutating func countStep() throws(Failure) {
        steps += 1
        if steps >= nextCheck { try checkpoint() }
    }

    private mutating func countSteps(_ count: Int) throws(Failure) {
        steps = Saturating.add(steps, count)
        if steps >= nextCheck { try checkpoint() }
    }

    /// Every `RegexLimits.stopCheckInterval` steps: the step limit and `stop`.
    private mutating func checkpoint() throws(Failure) {
        if steps > stepLimit { throw .tooManySteps(limit: stepLimit) }
        if let stop, stop() { throw .stopped }
        nextCheck = min(stepLimit + 1, steps + RegexLimits.stopCheckInterval)
    }
}

/// The instructions reached at one position: a mark per instruction (the generation it was last added
/// in, so clearing is O(1)) and the reading ones in the order they were added.
private struct ThreadList {
    private var marks: [Int]
    private var generation = 1
    var consuming: [Int] = []

    init(size: Int) {
        marks = Array(repeating: 0, count: size)
    }

    var isEmpty: Bool { consuming.isEmpty }

    mutating func clear() {
        generation += 1
        consuming.removeAll(keepingCapacity: true)
    }

    /// Marks `index`; false when it was already marked (or does not exist).
    mutating func insert(_ index: Int) -> Bool {
        guard marks.indices.contains(index), marks[index] != generation else { return false }
        marks[index] = generation
        return true
    }
}
