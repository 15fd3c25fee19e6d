/// Compiles a parsed pattern to a `RegexProgram` without recursion: every node's size is known, so
/// every node's instructions have a known place, and the tree is walked with an explicit stack of
/// "emit this node here" tasks. A repeated node is emitted once; its other copies are duplicates of
/// those instructions (`x{2,4}` is `xx(?:x(?:x)?)?`), made once the first copy is complete. The
/// parser has already bounded the program's size.
struct RegexCompiler {
    private enum Task {
        /// Emit a node's instructions starting at an index.
        case emit(node: Int, at: Int)
        /// Copy `count` instructions from `source` to `destination`, moving their targets along.
        case duplicate(source: Int, count: Int, destination: Int)
    }

    private let tree: RegexSyntaxTree
    private var instructions: [RegexInstruction]
    private var classes: [ScalarClass] = []
    private var tasks: [Task] = []
    /// Tasks run and instructions written so far.
    private var work = 0

    static func compile(_ pattern: ParsedPattern) -> Result<RegexProgram, RegexSyntaxError> {
        compileCountingWork(pattern).result
    }

    /// `compile`, with its work: tasks run plus instructions written. Every task writes at least one
    /// instruction or is one node of the tree (an empty body is never repeated), so the work is at
    /// most the tree's node count plus twice the program size; past that bound compiling stops.
    static func compileCountingWork(_ pattern: ParsedPattern) -> (result: Result<RegexProgram, RegexSyntaxError>, work: Int) {
        var compiler = RegexCompiler(tree: pattern.tree, size: pattern.root.size)
        let workLimit = Saturating.add(pattern.tree.nodes.count, Saturating.multiply(2, Saturating.add(pattern.root.size, 1)))
        guard compiler.run(root: pattern.root.node, workLimit: workLimit) else {
            return (.failure(RegexSyntaxError("pattern too large: compiling it takes more than \(workLimit) steps")),
                    compiler.work)
        }
        let program = RegexProgram(instructions: compiler.instructions, classes: compiler.classes,
                                   anchoredAtStart: isAnchoredAtStart(pattern.root.node, in: pattern.tree))
        guard let program else {
            return (.failure(RegexSyntaxError("internal error: the compiled program is inconsistent")), compiler.work)
        }
        return (.success(program), compiler.work)
    }

    private init(tree: RegexSyntaxTree, size: Int) {
        self.tree = tree
        // The program, then the final `.match`; every other slot is written once.
        instructions = Array(repeating: .match, count: Saturating.add(max(0, size), 1))
    }

    /// False when the work passed `workLimit`.
    private mutating func run(root: Int, workLimit: Int) -> Bool {
        tasks.append(.emit(node: root, at: 0))
        while let task = tasks.popLast() {
            work += 1
            guard work <= workLimit else { return false }
            switch task {
            case .emit(let node, let at):
                emit(node, at: at)
            case .duplicate(let source, let count, let destination):
                let delta = destination - source
                for offset in 0..<max(0, count) {
                    guard instructions.indices.contains(source + offset) else { break }
                    write(instructions[source + offset].relocated(by: delta), at: destination + offset)
                }
            }
        }
        return work <= workLimit
    }

    private mutating func emit(_ node: Int, at start: Int) {
        guard tree.nodes.indices.contains(node) else { return }
        switch tree.nodes[node] {
        case .empty:
            break
        case .scalar(let codePoint):
            write(.scalar(codePoint), at: start)
        case .scalarClass(let scalarClass):
            classes.append(scalarClass)
            write(.scalarClass(classes.count - 1), at: start)
        case .anyScalar:
            write(.anyScalar, at: start)
        case .anyScalarExceptNewline:
            write(.anyScalarExceptNewline, at: start)
        case .assertion(let assertion):
            write(.assertion(assertion), at: start)
        case .concatenation(let children):
            var at = start
            for child in children {
                tasks.append(.emit(node: child, at: at))
                at += size(of: child)
            }
        case .alternation(let children):
            // split(first, next); first; jump(end); split(second, next); second; jump(end); …; last
            let end = start + size(of: node)
            var at = start
            for (position, child) in children.enumerated() {
                let childSize = size(of: child)
                guard position < children.count - 1 else {
                    tasks.append(.emit(node: child, at: at))
                    break
                }
                write(.split(at + 1, at + childSize + 2), at: at)
                tasks.append(.emit(node: child, at: at + 1))
                write(.jump(end), at: at + childSize + 1)
                at += childSize + 2
            }
        case .repetition(let body, let minimum, let maximum):
            emitRepetition(of: body, minimum: minimum, maximum: maximum, at: start, end: start + size(of: node))
        }
    }

    /// The body at each place it occurs: the first emitted normally, the others duplicated after it.
    private mutating func emitRepetition(of body: Int, minimum: Int, maximum: Int?, at start: Int, end: Int) {
        let bodySize = size(of: body)
        // The parser never repeats an empty body (`RegexSyntaxTree.repetition`); nothing to place.
        guard bodySize > 0 else { return }
        var places: [Int] = []
        if minimum == 0, maximum == nil {
            // x*: L: split(body, end); body; jump L
            write(.split(start + 1, end), at: start)
            places.append(start + 1)
            write(.jump(start), at: end - 1)
        } else {
            for copy in 0..<minimum { places.append(start + copy * bodySize) }
            let optionalStart = start + minimum * bodySize
            if let maximum {
                // Optional copies, nested: skipping one skips the rest.
                for copy in 0..<max(0, maximum - minimum) {
                    let split = optionalStart + copy * (bodySize + 1)
                    write(.split(split + 1, end), at: split)
                    places.append(split + 1)
                }
            } else {
                // x{n,}: the last required copy loops back.
                write(.split(optionalStart - bodySize, optionalStart + 1), at: optionalStart)
            }
        }
        guard let first = places.first else { return }
        // Tasks run last-in first-out: the duplicates wait until the first copy is complete.
        for place in places.dropFirst() {
            tasks.append(.duplicate(source: first, count: bodySize, destination: place))
        }
        tasks.append(.emit(node: body, at: first))
    }

    private func size(of node: Int) -> Int {
        tree.sizes.indices.contains(node) ? tree.sizes[node] : 0
    }

    private mutating func write(_ instruction: RegexInstruction, at index: Int) {
        work += 1
        guard instructions.indices.contains(index) else { return }
        instructions[index] = instruction
    }

    /// Whether every match must start at the start of the text (`^…` without `(?m)`, `\A…`, or an
    /// alternation of such): then the matcher starts no thread anywhere else.
    private static func isAnchoredAtStart(_ root: Int, in tree: RegexSyntaxTree) -> Bool {
        var pending = [root]
        while let node = pending.popLast() {
            guard tree.nodes.indices.contains(node) else { return false }
            switch tree.nodes[node] {
            case .assertion(.beginText):
                continue
            case .concatenation(let children):
                guard let first = children.first else { return false }
                pending.append(first)
            case .alternation(let children):
                guard !children.isEmpty else { return false }
                pending.append(contentsOf: children)
            default:
                return false
            }
        }
        return true
    }
}
