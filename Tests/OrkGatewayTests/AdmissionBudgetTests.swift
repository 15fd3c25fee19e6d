import Foundation
import OrkKatalog
import OrkTemplate
import OrkValue
import Synchronization
import Testing
@testable import OrkGateway

/// One evaluation budget per admission review: a Katalog with many regex rules and a review with
/// many items runs out of it, and the review answers per the failurePolicy (Fail denies, Ignore
/// allows with a warning), counted as overBudget.
struct AdmissionBudgetTests {
    /// A clock that moves on by `step` every time it is read (evaluation that takes time).
    final class TickingClock: MonotonicClock {
        let step: Duration
        private let current = Mutex(Duration.zero)
        init(step: Duration) { self.step = step }
        func now() -> Duration { current.withLock { $0 += step; return $0 } }
    }

    static func katalog(policy: FailurePolicy, rules: Int = 300) throws -> Katalog {
        var katalog = try #require(KatalogLoader.load(file: "\(WebhookTests.root)/Tests/OrkGatewayTests/Katalogs/katalog.yaml").katalog)
        katalog.security.admissionFailurePolicy = policy
        // Each rule passes (no item contains "zz<i>q"), so only the budget can stop them.
        katalog.crds[0].validation = (0..<rules).map { index in
            ValidationRule(check: Condition(field: "spec.items", op: .notRegex, operand: .string("zz\(index)q")),
                           message: "item \(index) is forbidden")
        }
        katalog.crds[0].mutation.mutateFirst = false
        return katalog
    }

    static func review(items: Int) throws -> AdmissionRequest {
        let object: JSONValue = ["apiVersion": "gateway.orkestra.io/v1alpha1", "kind": "Gadget",
                                 "metadata": ["name": "big", "namespace": "team-a"],
                                 "spec": ["image": "registry.internal/x", "items": .array((0..<items).map { .string("i\($0)") })]]
        let body = WebhookTests.admission("CREATE", group: "gateway.orkestra.io", version: "v1alpha1", resource: "gadgets", kind: "Gadget",
                                          name: "big", object: object)
        return try AdmissionRequest(review: try JSONValue.parse(bytes: body))
    }

    /// 300 rules over ~7 KB of items need ~2 M steps: the budget runs out near rule 140. Each
    /// single search stays tiny, far from the per-search wall-clock limit even on a loaded machine.
    static let stepBudget = EvaluationBudget(maximumSteps: 1_000_000, maximumDuration: .seconds(3_600))

    @Test func failPolicyDeniesWhenTheBudgetRunsOut() throws {
        let katalog = try Self.katalog(policy: .fail)
        let webhooks = AdmissionWebhooks(index: KatalogIndex(katalog: katalog), stats: GatewayStatsRecorder(), budget: Self.stepBudget,
                                         clock: ManualMonotonicClock())
        let response = webhooks.validate(try Self.review(items: 1_000))
        #expect(response.allowed == false)
        #expect(response.code == 500)
        let message = try #require(response.message)
        #expect(message.contains("[team-a/big]") && message.contains("did not finish within the evaluation budget")
                && message.contains("more than 1000000 evaluation steps") && message.contains("failurePolicy Fail denies"), "\(message)")
        let counters = try #require(webhooks.stats.snapshot().0[katalog.crds[0].key])
        #expect(counters.validation.overBudget == 1 && counters.validation.denied == 1)
        // The same rules over a small object fit: evaluated in full, allowed, not counted.
        #expect(webhooks.validate(try Self.review(items: 3)).allowed)
        #expect(webhooks.stats.snapshot().0[katalog.crds[0].key]?.validation.overBudget == 1)
    }

    @Test func ignorePolicyAllowsWithAWarning() throws {
        let katalog = try Self.katalog(policy: .ignore)
        let webhooks = AdmissionWebhooks(index: KatalogIndex(katalog: katalog), stats: GatewayStatsRecorder(), budget: Self.stepBudget,
                                         clock: ManualMonotonicClock())
        let response = webhooks.validate(try Self.review(items: 1_000))
        #expect(response.allowed)
        #expect(response.warnings.contains { $0.contains("evaluation budget") && $0.contains("failurePolicy Ignore lets it through") },
                "\(response.warnings)")
        let counters = try #require(webhooks.stats.snapshot().0[katalog.crds[0].key])
        #expect(counters.validation.overBudget == 1 && counters.validation.allowed == 1)
        let document = StatsDocument.sections(counters, features: GatewayFeatures(security: katalog.security))
        #expect(document.validation?.overBudget == 1)
    }

    @Test func timeCountsAsWellAsSteps() throws {
        // Every clock read costs 50 ms: a 1 s budget stops long before 300 rules.
        let katalog = try Self.katalog(policy: .fail)
        let webhooks = AdmissionWebhooks(index: KatalogIndex(katalog: katalog), stats: GatewayStatsRecorder(),
                                         budget: EvaluationBudget(maximumSteps: .max, maximumDuration: .seconds(1)),
                                         clock: TickingClock(step: .milliseconds(50)))
        let response = webhooks.validate(try Self.review(items: 10))
        #expect(response.allowed == false && (response.message ?? "").contains("more than 1.0 seconds of evaluation"), "\(response.message ?? "")")
    }

    @Test func violationsFoundBeforeTheBudgetRanOutStillDeny() throws {
        var katalog = try Self.katalog(policy: .ignore)
        katalog.crds[0].validation.insert(ValidationRule(check: Condition(field: "spec.image", op: .prefix, operand: "docker.io/"),
                                                         message: "images come from docker.io"), at: 0)
        let webhooks = AdmissionWebhooks(index: KatalogIndex(katalog: katalog), stats: GatewayStatsRecorder(), budget: Self.stepBudget,
                                         clock: ManualMonotonicClock())
        let response = webhooks.validate(try Self.review(items: 1_000))
        #expect(response.allowed == false && (response.message ?? "").contains("images come from docker.io"))
        #expect(response.warnings.contains { $0.contains("later rules were not evaluated") })
    }

    @Test func mutationOverBudgetFollowsThePolicy() throws {
        for policy in FailurePolicy.allCases {
            var katalog = try Self.katalog(policy: policy, rules: 0)
            katalog.crds[0].mutation.rules = (0..<300).map { index in
                MutationRule(field: "metadata.labels.m\(index)", value: "x", mode: .override,
                             gate: ConditionSet(all: [Condition(field: "spec.items", op: .notRegex, operand: .string("zz\(index)q"))]))
            }
            let webhooks = AdmissionWebhooks(index: KatalogIndex(katalog: katalog), stats: GatewayStatsRecorder(), budget: Self.stepBudget,
                                             clock: ManualMonotonicClock())
            let response = webhooks.mutate(try Self.review(items: 1_000))
            #expect(response.patch.isEmpty, "no partial patch")
            #expect(response.allowed == (policy == .ignore), "\(policy)")
            #expect(webhooks.stats.snapshot().0[katalog.crds[0].key]?.mutation.overBudget == 1)
        }
    }
}
