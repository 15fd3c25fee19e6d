import Testing
import OrkKatalog

@Suite struct DependencyGraphTests {
    func katalog(_ edges: [String: [String]], order: [String]) -> Katalog {
        let crds = order.map { key in
            CRDEntry(key: key, api: CRDInfo(group: "g.io", kind: key.uppercased(), plural: key + "s",
                                            versions: [CRDVersion(name: "v1", storage: true)]),
                     dependsOn: (edges[key] ?? []).map { Dependency(crd: $0) })
        }
        return Katalog(file: "k", sourceText: "", metadata: .init(name: "k"), security: .init(), notification: .init(),
                       crds: crds)
    }

    @Test func startOrderPutsDependenciesFirstAndKeepsDeclarationOrder() {
        let graph = DependencyGraph(katalog: katalog(["app": ["db", "cache"], "cache": ["ns"], "db": ["ns"]],
                                                     order: ["app", "db", "cache", "ns", "extra"]))
        #expect(graph.startOrder() == ["ns", "db", "cache", "app", "extra"])
        #expect(graph.dependents(of: "ns") == ["db", "cache"])
        #expect(graph.cycles().isEmpty)
    }

    @Test func twoAndThreeNodeCycles() {
        let two = DependencyGraph(katalog: katalog(["a": ["b"], "b": ["a"]], order: ["a", "b"]))
        #expect(two.cycles() == [["a", "b", "a"]])
        #expect(two.startOrder() == nil)
        let three = DependencyGraph(katalog: katalog(["b": ["c"], "c": ["a"], "a": ["b"]], order: ["c", "a", "b"]))
        #expect(three.cycles() == [["c", "a", "b", "c"]])
    }

    @Test func unknownDependenciesAreIgnoredByTheGraph() {
        let graph = DependencyGraph(katalog: katalog(["a": ["missing"]], order: ["a"]))
        #expect(graph.startOrder() == ["a"])
    }
}
