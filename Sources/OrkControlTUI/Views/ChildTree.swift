import OrkAPI
/// Flattens a CR's child tree into rows with kubectl-tree prefixes (`├─ `, `└─ `, `│  `): a pure
/// function of the nodes and the glyph set.
package enum ChildTree {
    /// One node as a row: its prefix and the node.
    package struct Entry: Sendable, Equatable {
        package var prefix: String
        package var node: ChildNode
    }

    /// Rows shown at most: a runtime that reports a huge tree costs a bounded frame.
    package static let maximumEntries = 2000

    /// The first `limit` rows in depth-first order.
    package static func flatten(_ nodes: [ChildNode], glyphs: Glyphs, limit: Int = maximumEntries) -> [Entry] {
        var entries: [Entry] = []
        func walk(_ nodes: [ChildNode], indent: String) {
            for (index, node) in nodes.enumerated() {
                guard entries.count < limit else { return }
                let last = index == nodes.count - 1
                entries.append(Entry(prefix: indent + (last ? glyphs.treeLast : glyphs.treeBranch), node: node))
                walk(node.children, indent: indent + (last ? glyphs.treeBlank : glyphs.treePipe))
            }
        }
        walk(nodes, indent: "")
        return entries
    }

    /// Every node of the tree, counted without building rows.
    package static func count(_ nodes: [ChildNode]) -> Int {
        nodes.reduce(0) { $0.saturatingAdd(1).saturatingAdd(count($1.children)) }
    }
}
