import Foundation
import OrkKatalog
import OrkValue

/// `ork-bench`: micro-benchmarks printed as absolute numbers and ratios to goals. Never fails on timing.
/// Usage: ork-bench templates [--katalog FILE] [--seconds N]
/// Renders the website example's child templates for many CRs on one core.
struct TemplateBenchmark {
    var katalogFile = "examples/website/katalog.yaml"
    var seconds = 3.0

    func run() -> Int32 {
        let result = KatalogLoader.load(file: katalogFile)
        guard let katalog = result.katalog, !result.hasErrors else {
            print("cannot load \(katalogFile):")
            result.errors.forEach { print("  \($0)") }
            return 1
        }
        var children: [CompiledChild] = []
        for entry in katalog.crds {
            for child in entry.operatorBox.onCreate + entry.operatorBox.onReconcile {
                do {
                    children.append(try CompiledChild(child))
                } catch {
                    print("cannot compile \(entry.key) \(child.kind.rawValue): \(error)")
                    return 1
                }
            }
        }
        let templateCount = katalog.crds.flatMap { $0.operatorBox.onCreate + $0.operatorBox.onReconcile }
            .map(Self.countTemplates).reduce(0, +)
        let objects: [JSONValue] = (0..<1000).map { i in
            [
                "metadata": ["name": .string("site-\(i)"), "namespace": "default", "uid": .string("uid-\(i)")],
                "spec": ["image": "nginx:1.27", "replicas": .int(1 + i % 5), "port": 80, "title": .string("Site \(i)")],
                "status": [:],
            ]
        }
        // Warm up, then measure whole rounds until the time is spent.
        var sink = 0
        for object in objects.prefix(100) {
            for child in children { sink &+= (try? child.render(object))?.name.count ?? 0 }
        }
        let clock = ContinuousClock()
        let start = clock.now
        var renders = 0
        var failures = 0
        var firstFailure: String?
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        while clock.now - start < budget {
            for object in objects {
                for child in children {
                    do {
                        sink &+= try child.render(object).name.count
                    } catch {
                        failures += 1
                        if firstFailure == nil { firstFailure = "\(child.entry.kind.rawValue): \(error)" }
                    }
                    renders += 1
                }
            }
        }
        let elapsed = clock.now - start
        let secondsElapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let perSecond = Double(renders) / secondsElapsed
        let goal = 50_000.0
        print("templates: \(katalogFile)")
        print("  children per CR: \(children.count), templates per CR: \(templateCount)")
        print("  child renders: \(renders) in \(String(format: "%.2f", secondsElapsed)) s, \(failures) failed")
        print("  \(Int(perSecond)) child renders/s on one core (\(Int(perSecond * Double(templateCount) / Double(max(children.count, 1)))) template evaluations/s)")
        print("  \(Int(perSecond / Double(max(children.count, 1)))) CRs fully rendered/s")
        print("  goal ≥ \(Int(goal))/s: \(String(format: "%.1f", perSecond / goal))× the goal (sink \(sink % 10))")
        if let firstFailure { print("  first failure: \(firstFailure)") }
        return failures == 0 ? 0 : 1
    }

    static func countTemplates(_ entry: ChildEntry) -> Int {
        func count(_ value: JSONValue) -> Int {
            switch value {
            case .string(let s): return s.contains("{{") ? 1 : 0
            case .array(let items): return items.map(count).reduce(0, +)
            case .object(let fields): return fields.values.map(count).reduce(0, +)
            default: return 0
            }
        }
        return 1 + (entry.namespace == nil ? 0 : 1) + count(.object(entry.fields))
            + entry.labels.values.filter { $0.contains("{{") }.count + entry.annotations.values.filter { $0.contains("{{") }.count
    }
}
