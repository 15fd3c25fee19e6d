import OrkKatalog
import OrkKube
import OrkValue

/// Runs the steps of one test in its namespace; each returns nil when it passed, else what failed.
struct E2EStepRunner: Sendable {
    let client: KubeClient
    let namespace: String
    let defaultTimeout: KatalogDuration
    let pollInterval: Duration

    func run(_ step: E2EStep, number: Int) async -> E2EFailure? {
        func failure(_ expected: String, _ seen: String) -> E2EFailure {
            E2EFailure(step: number, verb: step.verb, position: step.position, expected: expected, seen: seen)
        }
        switch step.action {
        case .apply(let objects):
            for object in objects {
                let label = Self.label(object)
                do throws(KubeError) {
                    _ = try await apply(object)
                } catch {
                    return failure("\(label) to be applied", error.message)
                }
            }
            return nil
        case .patch(let ref, let merge):
            do throws(KubeError) {
                let resource = try await client.resource(apiVersion: ref.apiVersion, kind: ref.kind)
                _ = try await client.patch(resource, namespace: namespace(of: ref, resource), name: ref.name, .merge(merge))
                return nil
            } catch {
                return failure("\(ref) to be patched", error.message)
            }
        case .delete(let ref):
            do throws(KubeError) {
                let resource = try await client.resource(apiVersion: ref.apiVersion, kind: ref.kind)
                try await client.delete(resource, namespace: namespace(of: ref, resource), name: ref.name)
                return nil
            } catch {
                return failure("\(ref) to be deleted", error.message)
            }
        case .expectDenied(let attempt, let message):
            return await expectDenied(attempt, message: message, failure: failure)
        case .wait(let expectation):
            return await wait(expectation, failure: failure)
        }
    }

    func expectDenied(_ attempt: E2EStep.Attempt, message: String?, failure: (String, String) -> E2EFailure) async -> E2EFailure? {
        func refused(_ what: String, _ error: KubeError) -> E2EFailure? {
            let wanted = "admission to refuse \(what)" + (message.map { " with a message containing \"\($0)\"" } ?? "")
            guard Self.isRefusal(error) else { return failure(wanted, "\(error.kind.rawValue): \(error.message)") }
            if let message, !error.message.contains(message) { return failure(wanted, error.message) }
            return nil
        }
        let suffix = message.map { " with a message containing \"\($0)\"" } ?? ""
        switch attempt {
        case .apply(let objects):
            for object in objects {
                let label = Self.label(object)
                do throws(KubeError) {
                    let created = try await apply(object)
                    // Admitted: take it away again so the next steps start from what they expect.
                    if let resource = try? await client.resource(apiVersion: label.apiVersion, kind: label.kind) {
                        _ = try? await client.delete(resource, namespace: created.value(atDotted: "metadata.namespace")?.stringValue,
                                                     name: label.name)
                    }
                    return failure("admission to refuse \(label)" + suffix, "it was admitted")
                } catch {
                    if let failed = refused("\(label)", error) { return failed }
                }
            }
            return nil
        case .patch(let ref, let merge):
            do throws(KubeError) {
                let resource = try await client.resource(apiVersion: ref.apiVersion, kind: ref.kind)
                _ = try await client.patch(resource, namespace: namespace(of: ref, resource), name: ref.name, .merge(merge))
                return failure("admission to refuse patching \(ref)" + suffix, "it was patched")
            } catch {
                return refused("patching \(ref)", error)
            }
        case .delete(let ref):
            do throws(KubeError) {
                let resource = try await client.resource(apiVersion: ref.apiVersion, kind: ref.kind)
                try await client.delete(resource, namespace: namespace(of: ref, resource), name: ref.name)
                return failure("admission to refuse deleting \(ref)" + suffix, "it was deleted")
            } catch {
                return refused("deleting \(ref)", error)
            }
        }
    }

    /// Server-side apply, in the test's namespace (a manifest's own namespace is replaced: tests are
    /// isolated from each other and from what the cluster holds).
    func apply(_ object: JSONValue) async throws(KubeError) -> JSONValue {
        let label = Self.label(object)
        let resource = try await client.resource(apiVersion: label.apiVersion, kind: label.kind)
        var object = object
        if resource.namespaced, let placed = object.setting(.string(namespace), at: ["metadata", "namespace"]) {
            object = placed
        }
        return try await client.apply(resource, object, fieldManager: E2ERunner.fieldManager, force: true)
    }

    func namespace(of ref: E2EObjectRef, _ resource: APIResource) -> String? {
        resource.namespaced ? namespace : nil
    }

    /// A refusal by admission or validation, as opposed to a missing resource or a broken connection.
    static func isRefusal(_ error: KubeError) -> Bool {
        switch error.kind {
        case .badRequest, .forbidden, .invalid, .serverError: return true
        default: return false
        }
    }

    static func label(_ object: JSONValue) -> E2EObjectRef {
        E2EObjectRef(apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? "",
                     name: object.value(atDotted: "metadata.name")?.stringValue ?? "",
                     namespace: object.value(atDotted: "metadata.namespace")?.stringValue)
    }

    func wait(_ expectation: E2EExpectation, failure: (String, String) -> E2EFailure) async -> E2EFailure? {
        let clock = ContinuousClock()
        let timeout = expectation.timeout ?? defaultTimeout
        let deadline = clock.now + .milliseconds(timeout.milliseconds)
        let expected = E2EExpectationCheck.describe(expectation) + " within \(timeout)"
        var seen = "nothing yet"
        while true {
            do throws(KubeError) {
                let resource = try await client.resource(apiVersion: expectation.object.apiVersion, kind: expectation.object.kind)
                let check = E2EExpectationCheck(client: client, namespace: namespace(of: expectation.object, resource))
                guard let mismatch = try await check.mismatch(expectation, resource: resource) else { return nil }
                seen = mismatch
            } catch {
                seen = "\(error.kind.rawValue): \(error.message)"
            }
            if clock.now >= deadline || Task.isCancelled { return failure(expected, seen) }
            try? await Task.sleep(for: pollInterval)
        }
    }
}
