import Foundation
import Logging
import OrkE2E
import OrkKatalog
import OrkValue
import Testing

/// `ork e2e`'s runner on the embedded sandbox: examples/website/e2e.yaml passes, a wrong expectation
/// fails at its step with what it saw, an admitted expectDenied fails, skipped tests are reported as
/// skipped. On the real API server the e2e operator watches every namespace, so it would reconcile
/// the other suites' CRs running beside it: PackClusterTests runs the same files there, alone.
@Suite(.serialized) struct E2ERunnerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static var logger: Logger {
        var logger = Logger(label: "orkestra.e2e-test")
        logger.logLevel = .critical
        return logger
    }

    static func load(_ file: String) throws -> (E2ESuite, Katalog) {
        let loaded = E2ELoader.load(file: file)
        #expect(loaded.diagnostics == [])
        let suite = try #require(loaded.suite)
        let katalog = try #require(KatalogLoader.load(file: suite.katalog).katalog)
        return (suite, katalog)
    }

    static func run(_ suite: E2ESuite, _ katalog: Katalog, target: E2EOperator.Target = .sandbox,
                    skip: @escaping @Sendable (String) -> Bool = { _ in false }) async throws -> [E2ETestResult] {
        try await E2EOperator(katalog: katalog, target: target, logger: logger).run { client in
            var runner = E2ERunner(client: client)
            runner.pollInterval = .milliseconds(50)
            return await runner.run(suite, skip: skip)
        }
    }

    @Test func theWebsiteExamplePassesOnTheSandbox() async throws {
        let (suite, katalog) = try Self.load("\(Self.root)/examples/website/e2e.yaml")
        let results = try await Self.run(suite, katalog)
        #expect(results.map(\.outcome) == [.passed, .passed], "\(results.map { E2EReport.line($0) })")
    }

    @Test func aFailingStepSaysWhatItExpectedAndWhatItSaw() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ork-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = "\(directory)/e2e.yaml"
        try """
            apiVersion: orkestra.orkspace.io/v1
            kind: E2E
            metadata: {name: failing}
            spec:
              katalog: \(Self.root)/examples/website/katalog.yaml
              timeout: 60s
              tests:
                - name: wrong replicas
                  steps:
                    - apply: \(Self.root)/examples/website/cr.yaml
                    - wait: {apiVersion: apps/v1, kind: Deployment, name: hello, fields: {spec.replicas: 2}}
                    - wait:
                        apiVersion: apps/v1
                        kind: Deployment
                        name: hello
                        fields: {spec.replicas: 5}
                        timeout: 1s
                - name: a good image is not refused
                  steps:
                    - expectDenied:
                        apply: {apiVersion: demo.orkestra.io/v1alpha1, kind: Website, metadata: {name: fine}, spec: {image: "nginx:1.27"}}
                - name: skipped one
                  steps:
                    - delete: {apiVersion: v1, kind: ConfigMap, name: none}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let (suite, katalog) = try Self.load(file)
        let results = try await Self.run(suite, katalog, skip: { E2EFiles.matches($0, pattern: "skip*") })
        guard results.count == 3 else {
            Issue.record("expected 3 results, got \(results)")
            return
        }
        guard case .failed(let wrong) = results[0].outcome, case .failed(let admitted) = results[1].outcome else {
            Issue.record("the first two tests must fail: \(results.map { E2EReport.line($0) })")
            return
        }
        #expect(wrong.step == 3)
        #expect(wrong.position?.line == 12)
        #expect(wrong.expected == "Deployment hello with spec.replicas=5 within 1s")
        #expect(wrong.seen == "spec.replicas=2")
        #expect(admitted.expected == "admission to refuse Website fine")
        #expect(admitted.seen == "it was admitted")
        #expect(results[2].outcome == .skipped(reason: "--skip"))
        let junit = E2EReport.junit(results)
        #expect(junit.contains("<testsuite name=\"failing\" tests=\"3\" failures=\"2\" skipped=\"1\""))
        #expect(junit.contains("saw spec.replicas=2</failure>"))
    }

    @Test func reportsEscapeXMLAndPatternsMatchGlobs() {
        let failure = E2EFailure(step: 1, verb: "wait", position: nil, expected: "a <b> & \"c\"", seen: "\u{1B}[31m'x'")
        let xml = E2EReport.junit([E2ETestResult(suite: "s<", test: "t&", file: "f", seconds: 1.25, outcome: .failed(failure))])
        #expect(xml.contains("name=\"s&lt;\""))
        #expect(xml.contains("name=\"t&amp;\""))
        #expect(xml.contains("a &lt;b&gt; &amp; &quot;c&quot;"))
        #expect(xml.contains("\u{FFFD}[31m&apos;x&apos;"))
        #expect(!xml.contains("\u{1B}"))
        #expect(E2EFiles.matches("slow upgrade test", pattern: "slow*"))
        #expect(E2EFiles.matches("website/a b", pattern: "website/?*"))
        #expect(!E2EFiles.matches("fast", pattern: "slow*"))
        #expect(E2EFiles.matches("abc", pattern: "a*c"))
        #expect(!E2EFiles.matches("abcd", pattern: "a*c"))
    }
}
