/// The `dependsOn` graph of a Katalog's CRDs: start-up order and cycles.
public struct DependencyGraph: Sendable {
    /// CRD keys in declaration order.
    public let nodes: [String]
    /// For each CRD, the CRDs it depends on (known ones only), in declaration order.
    public let dependencies: [String: [String]]

    public init(katalog: Katalog) {
        self.init(edges: katalog.crds.map { (key: $0.key, dependsOn: $0.dependsOn.map(\.crd)) })
    }

    /// The graph of `edges`: each CRD key in declaration order with the keys it depends on. Edges to
    /// keys that are not nodes are left out (the loader reports those as unknown CRDs); a key given
    /// twice counts once, with its first edges.
    public init(edges: [(key: String, dependsOn: [String])]) {
        var nodes: [String] = []
        var known = Set<String>()
        for edge in edges where known.insert(edge.key).inserted {
            nodes.append(edge.key)
        }
        var dependencies: [String: [String]] = [:]
        for edge in edges where dependencies[edge.key] == nil {
            dependencies[edge.key] = edge.dependsOn.filter { known.contains($0) }
        }
        self.nodes = nodes
        self.dependencies = dependencies
    }

    /// Every elementary cycle found by a depth-first walk, each as a closed path (`a → b → a`),
    /// starting at its earliest-declared member. Each cycle is reported once.
    public func cycles() -> [[String]] {
        let order = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, $0) })
        var state: [String: Int] = [:]  // 1 = on stack, 2 = done
        var stack: [String] = []
        var found: [[String]] = []
        var seen = Set<[String]>()

        func visit(_ node: String) {
            state[node] = 1
            stack.append(node)
            for next in dependencies[node] ?? [] {
                if state[next] == 1, let start = stack.firstIndex(of: next) {
                    var cycle = Array(stack[start...])
                    // Rotate so the earliest-declared member leads; close the path.
                    if let lead = cycle.indices.min(by: { (order[cycle[$0]] ?? 0) < (order[cycle[$1]] ?? 0) }) {
                        cycle = Array(cycle[lead...] + cycle[..<lead])
                    }
                    if seen.insert(cycle).inserted, let first = cycle.first { found.append(cycle + [first]) }
                } else if state[next] == nil {
                    visit(next)
                }
            }
            stack.removeLast()
            state[node] = 2
        }
        for node in nodes where state[node] == nil { visit(node) }
        return found
    }

    /// The start-up order: every CRD after the CRDs it depends on, ties broken by declaration order.
    /// Nil when there is a cycle.
    public func startOrder() -> [String]? {
        var remaining = Dictionary(uniqueKeysWithValues: nodes.map { ($0, Set(dependencies[$0] ?? [])) })
        var order: [String] = []
        while order.count < nodes.count {
            guard let next = nodes.first(where: { remaining[$0]?.isEmpty ?? false }) else { return nil }
            order.append(next)
            remaining[next] = nil
            for key in remaining.keys { remaining[key]?.remove(next) }
        }
        return order
    }

    /// The CRDs that depend on `key` directly.
    public func dependents(of key: String) -> [String] {
        nodes.filter { dependencies[$0]?.contains(key) ?? false }
    }
}
