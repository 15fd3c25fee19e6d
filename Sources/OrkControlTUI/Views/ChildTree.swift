/// Flattens a CR's child tree into rows with kubectl-tree prefixes (`├─ `, `└─ `, `│  `): a pure
/// function of the nodes and the glyph set.
public enum ChildTree {
    /// One node as a row: its prefix and the node.
    public struct Entry: Sendable, Equatable {
        public var prefix: String
        public var node: ChildNode
    }

    public static func flatten(_ nodes: [ChildNode], glyphs: Glyphs) -> [Entry] {
        var entries: [Entry] = []
        func walk(_ nodes: [ChildNode], indent: String) {
            for (index, node) in nodes.enumerated() {
                let last = index == nodes.count - 1
                entries.append(Entry(prefix: indent + (last ? glyphs.treeLast : glyphs.treeBranch), node: node))
                walk(node.children, indent: indent + (last ? glyphs.treeBlank : glyphs.treePipe))
            }
        }
        walk(nodes, indent: "")
        return entries
    }
}
