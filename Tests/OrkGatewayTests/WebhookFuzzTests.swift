import Foundation
import OrkValue
import OrkTestSupport
import Testing
@testable import OrkGateway

/// Random and mutated reviews into every webhook: each answer is 200 (a review), 400 (a clear
/// error) or, for nesting deeper than ``GatewayLimits/reviewBudget`` allows, 413; the process survives. `ORK_FUZZ_ITERATIONS` sets the count (default 4,000).
struct WebhookFuzzTests {
    static var iterations: Int {
        Int(ProcessInfo.processInfo.environment["ORK_FUZZ_ITERATIONS"] ?? "") ?? 4_000
    }

    /// Valid reviews to start mutating from.
    static let seeds: [String] = [
        String(decoding: WebhookTests.admission("CREATE", group: "demo.orkestra.io", version: "v1", resource: "websites",
                                                kind: "Website", name: "blog",
                                                object: WebhookTests.website(image: "nginx:latest", replicas: 3)), as: UTF8.self),
        String(decoding: WebhookTests.conversionReview("demo.orkestra.io/v1", [[
            "apiVersion": "demo.orkestra.io/v1alpha1", "kind": "Website", "metadata": ["name": "b"], "spec": ["title": "t"],
        ]]), as: UTF8.self),
    ]

    /// Values that break assumptions when put in place of any field.
    static let odd: [JSONValue] = [.null, true, 0, -1, 1e308, "", "x", [], [:], [[:]], ["a": ["b": ["c": []]]]]

    static func mutate(_ value: JSONValue, _ rng: inout SplitMix64, depth: Int = 0) -> JSONValue {
        switch value {
        case .object(var fields) where !fields.isEmpty && depth < 6:
            let keys = fields.keys.sorted()
            let key = keys[Int(rng.next() % UInt64(keys.count))]
            switch rng.next() % 4 {
            case 0: fields.removeValue(forKey: key)
            case 1: fields[key] = odd[Int(rng.next() % UInt64(odd.count))]
            default: fields[key] = mutate(fields[key] ?? .null, &rng, depth: depth + 1)
            }
            return .object(fields)
        case .array(var items) where !items.isEmpty && depth < 6:
            let index = Int(rng.next() % UInt64(items.count))
            items[index] = mutate(items[index], &rng, depth: depth + 1)
            return .array(items)
        default:
            return odd[Int(rng.next() % UInt64(odd.count))]
        }
    }

    @Test func everyWebhookAnswersEveryInput() async throws {
        let api = try WebhookTests.api("website")
        var rng = SplitMix64(state: 0x5eed)
        let paths = ["/validate", "/mutate", "/convert", "/deletion-protection"]
        var answered = 0
        for iteration in 0..<Self.iterations {
            if iteration % 256 == 0 { await Task.yield() }  // share the test pool's threads with the other suites
            let seed = Self.seeds[iteration % Self.seeds.count]
            var bytes: [UInt8]
            var overBudget = false
            switch rng.next() % 3 {
            case 0:
                // Structural mutation of a valid review.
                let parsed = try JSONValue.parse(seed)
                bytes = Array(Self.mutate(parsed, &rng).serialized().utf8)
            case 1:
                // Byte-level damage: flips, truncation, junk.
                bytes = Array(seed.utf8)
                for _ in 0..<(1 + rng.next() % 8) where !bytes.isEmpty {
                    let index = Int(rng.next() % UInt64(bytes.count))
                    bytes[index] = UInt8(truncatingIfNeeded: rng.next())
                }
                if rng.next() % 2 == 0 { bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count + 1)))) }
            default:
                // Deep nesting and random bytes.
                let depth = Int(rng.next() % 2_000)
                overBudget = depth > GatewayLimits.reviewBudget.maxDepth
                bytes = Array(String(repeating: "[", count: depth).utf8) + (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            let answer = api.webhook(method: "POST", path: paths[iteration % paths.count], body: bytes)
            // Deeper than the budget: 413, or 400 where the bytes after the brackets end the
            // document before the parser reaches the limit; never a review.
            let allowed = overBudget ? [400, 413] : [200, 400]
            #expect(allowed.contains(answer.status), "\(answer.status): \(answer.body)")
            if answer.status == 400 || answer.status == 413 {
                let body = try JSONValue.parse(answer.body)
                let message = body["error"]?.stringValue ?? ""
                #expect(message.isEmpty == false, "a \(answer.status) says why")
            }
            answered += 1
        }
        #expect(answered == Self.iterations)
    }
}
