import OrkKatalog
import OrkKube
import OrkValue

/// Runs the tests of an e2e file against an API server where the Katalog's operator is running:
/// each test in a namespace of its own (created first, deleted after), its steps in order, stopping
/// at the first that fails with what it expected and what it saw last.
public struct E2ERunner: Sendable {
    public static let fieldManager = "ork-e2e"

    public let client: KubeClient
    /// How often a `wait` step looks again.
    public var pollInterval: Duration = .milliseconds(200)
    /// How long the end of a test waits for its namespace to be gone.
    public var cleanupTimeout: Duration = .seconds(60)

    public init(client: KubeClient) {
        self.client = client
    }

    /// Every test of `suite`, except those `skip` names (by test name), in order.
    public func run(_ suite: E2ESuite, skip: @Sendable (String) -> Bool = { _ in false },
                    report: @Sendable (E2ETestResult) -> Void = { _ in }) async -> [E2ETestResult] {
        var results: [E2ETestResult] = []
        for test in suite.tests {
            let result: E2ETestResult
            if skip(test.name) {
                result = E2ETestResult(suite: suite.name, test: test.name, file: suite.file, seconds: 0,
                                       outcome: .skipped(reason: "--skip"))
            } else {
                result = await run(test, of: suite)
            }
            report(result)
            results.append(result)
            if Task.isCancelled { break }
        }
        return results
    }

    func run(_ test: E2ETest, of suite: E2ESuite) async -> E2ETestResult {
        let clock = ContinuousClock()
        let start = clock.now
        let namespace = Self.namespaceName(test.name)
        var outcome = E2ETestResult.Outcome.passed
        do throws(KubeError) {
            _ = try await client.create(Self.namespaces, namespace: nil,
                                        ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]])
            let steps = E2EStepRunner(client: client, namespace: namespace, defaultTimeout: suite.timeout, pollInterval: pollInterval)
            for (index, step) in test.steps.enumerated() {
                if let failure = await steps.run(step, number: index + 1) {
                    outcome = .failed(failure)
                    break
                }
            }
        } catch {
            outcome = .failed(E2EFailure(step: 0, verb: "setup", position: test.position,
                                         expected: "namespace \(namespace) to be created", seen: error.message))
        }
        await removeNamespace(namespace)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return E2ETestResult(suite: suite.name, test: test.name, file: suite.file, seconds: seconds, outcome: outcome)
    }

    /// Deletes the test's namespace and waits (at most `cleanupTimeout`) until it is gone, while the
    /// operator still runs: its CRs' finalizers need it, and a namespace left terminating after the
    /// operator stopped would stay so for good.
    func removeNamespace(_ namespace: String) async {
        _ = try? await client.delete(Self.namespaces, namespace: nil, name: namespace, options: DeleteOptions(propagationPolicy: .background))
        let clock = ContinuousClock()
        let deadline = clock.now + cleanupTimeout
        while clock.now < deadline, !Task.isCancelled {
            do throws(KubeError) {
                _ = try await client.get(Self.namespaces, namespace: nil, name: namespace)
            } catch {
                if error.kind == .notFound { return }
            }
            try? await Task.sleep(for: pollInterval)
        }
    }

    static let namespaces = APIResource(group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false)

    /// `e2e-<test name as a DNS label, at most 40>-<5 random>`.
    static func namespaceName(_ test: String) -> String {
        var slug = ""
        for character in test.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
            if slug.count >= 40 { break }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let suffix = String((0..<5).map { _ in alphabet.randomElement() ?? "x" })
        return slug.isEmpty ? "e2e-\(suffix)" : "e2e-\(slug)-\(suffix)"
    }
}
