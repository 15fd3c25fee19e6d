import Foundation
import OrkControlTUI
import OrkValue
import Testing

/// `--once`: the JSON document's documented keys (docs/control.md; the schema itself is checked by
/// scripts/control-pty-check against live runtimes) and the text rendering.
@Suite struct OnceOutputTests {
    @Test func jsonDocumentHasTheDocumentedKeys() async throws {
        let (state, now) = try await Scenario.state()
        let document = OnceJSON.document(state, now: now)
        guard case .object(let top) = document else {
            Issue.record("not an object")
            return
        }
        #expect(Set(top.keys) == ["schema", "generatedAt", "clusters", "runtimes", "gateways", "errors"])
        #expect(top["clusters"] == .array([]))
        #expect(top["schema"] == .string("orkestra.control/v1"))
        guard case .array(let runtimes)? = top["runtimes"], case .object(let first)? = runtimes.first else {
            Issue.record("no runtimes")
            return
        }
        #expect(Set(first.keys) == ["url", "state", "reason", "detail", "latencyMs", "lastAttempt", "lastSuccess", "failures",
                                    "role", "gateway", "katalog", "context", "namespace", "service", "pod"])
        #expect(first["context"] == .null)
        #expect(first["state"] == .string("degraded"))
        #expect(first["katalog"] == (try JSONValue.parse(bytes: TestFiles.runtime("katalog"))))
        let down = runtimes.last
        #expect(down?["state"] == .string("down"))
        #expect(down?["reason"] == .string("refused"))
        #expect(down?["katalog"] == .null)
        let parsed = try JSONValue.parse(OnceJSON.render(state, now: now))
        #expect(parsed["schema"] == .string("orkestra.control/v1"))
        #expect(parsed["runtimes"]?[0]?["url"] == .string(Scenario.runtimeA))
    }

    @Test func textShowsTheControlCenterAndEachRuntimesCRDs() async throws {
        let (state, now) = try await Scenario.state()
        let text = OnceText.render(state, now: now, glyphs: .ascii, columns: 120, refreshSeconds: 5)
        #expect(text.contains("X DOWN"))
        #expect(text.contains("refused: connection refused"))
        #expect(text.contains("Control Center > shop-operators"))
        #expect(text.contains("not started"))
        #expect(!text.contains("\u{1B}"))
    }
}
