import OrkTestSupport
import OrkValue
import Testing
@testable import OrkSandbox

/// The protobuf bodies current kubectl sends for built-in kinds, read into the JSON the API server
/// would store: Go's zero-value rules, inlined structs, special types, and hostile bytes refused.
struct KubernetesProtobufTests {
    /// `kubectl create configmap probe --from-literal=a=b`, as kubectl 1.32.4 sent it (its -v=9 dump).
    static let kubectlConfigMap: [UInt8] = [
        0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0f, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x09, 0x43, 0x6f, 0x6e, 0x66,
        0x69, 0x67, 0x4d, 0x61, 0x70, 0x12, 0x1f, 0x0a, 0x15, 0x0a, 0x05, 0x70, 0x72, 0x6f, 0x62, 0x65,
        0x12, 0x00, 0x1a, 0x00, 0x22, 0x00, 0x2a, 0x00, 0x32, 0x00, 0x38, 0x00, 0x42, 0x00, 0x12, 0x06,
        0x0a, 0x01, 0x61, 0x12, 0x01, 0x62, 0x1a, 0x00, 0x22, 0x00,
    ]

    @Test func kubectlsConfigMapIsTheObjectItMeant() throws {
        let object = try KubernetesProtobuf.decode(Self.kubectlConfigMap)
        #expect(object == ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "probe"], "data": ["a": "b"]])
    }

    @Test func deploymentKeepsPointerZerosDropsValueZerosAndReadsSpecialTypes() throws {
        let body = ProtobufEncoder.kubernetes(apiVersion: "apps/v1", kind: "Deployment") { deployment in
            deployment.message(1) { $0.string(1, "web").entry(11, "app", "web").varint(7, 0).message(8) { _ in } }
            deployment.message(2) { spec in
                spec.varint(1, 0)  // replicas: *int32, so 0 is kept
                spec.varint(5, 0)  // minReadySeconds: int32 omitempty, so 0 is dropped
                spec.message(2) { $0.entry(1, "app", "web") }
                spec.message(4) { strategy in  // rollingUpdate.maxSurge: IntOrString
                    strategy.string(1, "RollingUpdate")
                    strategy.message(2) { $0.message(2) { $0.varint(1, 1).string(3, "25%") }.message(1) { $0.varint(2, 2) } }
                }
                spec.message(3) { template in
                    template.message(2) { pod in
                        pod.message(2) { container in  // containers[0]
                            container.string(1, "web").string(2, "nginx")
                            container.message(8) { $0.message(1) { $0.string(1, "cpu").message(2) { $0.string(1, "500m") } } }
                        }
                        pod.message(1) { volume in  // volumes[0], its VolumeSource inlined
                            volume.string(1, "scratch").message(2) { $0.message(2) { _ in } }
                        }
                    }
                }
            }
        }
        let object = try KubernetesProtobuf.decode(body)
        #expect(object["metadata"] == ["name": "web", "labels": ["app": "web"]])
        #expect(object["spec"]?["replicas"] == .int(0))
        #expect(object["spec"]?["minReadySeconds"] == nil)
        #expect(object["spec"]?["strategy"] == ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": 2]])
        let pod = object.value(atDotted: "spec.template.spec")
        #expect(pod?["containers"] == [["name": "web", "image": "nginx", "resources": ["limits": ["cpu": "500m"]]]])
        #expect(pod?["volumes"] == [["name": "scratch", "emptyDir": [:]]])
    }

    @Test func timesAreRFC3339AndTheZeroTimeIsOmitted() throws {
        let body = ProtobufEncoder.kubernetes(apiVersion: "coordination.k8s.io/v1", kind: "Lease") { lease in
            lease.message(1) { $0.string(1, "leader").message(8) { _ in } }
            lease.message(2) { $0.string(1, "me").message(4) { $0.varint(1, 1_767_225_600).varint(2, 123_456_789) } }
        }
        let object = try KubernetesProtobuf.decode(body)
        #expect(object["metadata"] == ["name": "leader"])
        #expect(object["spec"] == ["holderIdentity": "me", "renewTime": "2026-01-01T00:00:00.123456Z"])
    }

    @Test func secretBytesAreBase64() throws {
        let body = ProtobufEncoder.kubernetes(apiVersion: "v1", kind: "Secret") { secret in
            secret.message(1) { $0.string(1, "s") }
            secret.message(2) { $0.string(1, "key").bytes(2, [0, 255, 1]) }
            secret.string(3, "Opaque")
        }
        #expect(try KubernetesProtobuf.decode(body) ==
            ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"], "data": ["key": "AP8B"], "type": "Opaque"])
    }

    @Test func aNewerFieldIsSkippedUnderStatusAndRefusedElsewhere() throws {
        // kubectl 1.32 sends JobStatus.completedIndexes (field 7, newer than 1.20) as "": status is reset anyway.
        let job = ProtobufEncoder.kubernetes(apiVersion: "batch/v1", kind: "Job") {
            $0.message(1) { $0.string(1, "j") }.message(3) { $0.string(7, "").varint(99, 5) }
        }
        #expect(try KubernetesProtobuf.decode(job)["metadata"] == ["name": "j"])
        // Elsewhere even a zero value may mean something (a Go pointer set to false): refused, named.
        for value: Int64 in [0, 7] {
            let set = ProtobufEncoder.kubernetes(apiVersion: "v1", kind: "ConfigMap") { $0.message(1) { $0.string(1, "a") }.varint(99, value) }
            do {
                _ = try KubernetesProtobuf.decode(set)
                Issue.record("an unknown field \(value) was dropped")
            } catch {
                #expect(error.kind == .unsupported && error.message.contains("field 99 of core.v1.ConfigMap"))
            }
        }
    }

    /// Hundreds of thousands of list and map items decode in linear time (a copy per item would
    /// take hours here, so the test would not finish).
    @Test func longListsAndMapsAreLinear() throws {
        let count = 200_000
        let body = ProtobufEncoder.kubernetes(apiVersion: "v1", kind: "ConfigMap") { map in
            map.message(1) { meta in
                meta.string(1, "big")
                for index in 0..<count { meta.string(14, "f\(index)") }
            }
            for index in 0..<count { map.entry(2, "k\(index)", "v") }
        }
        let object = try KubernetesProtobuf.decode(body)
        #expect(object.value(atDotted: "metadata.finalizers")?.arrayValue?.count == count)
        #expect(object["data"]?.objectValue?.count == count)
    }

    @Test func aKindWithoutSchemaIsUnsupported() {
        let body = ProtobufEncoder.kubernetes(apiVersion: "demo.example/v1", kind: "Website") { $0.message(1) { $0.string(1, "a") } }
        do {
            _ = try KubernetesProtobuf.decode(body)
            Issue.record("a custom kind was decoded")
        } catch {
            #expect(error.kind == .unsupported && error.message.contains("demo.example/v1 Website"))
        }
    }

    @Test func malformedBodiesAreRefusedNotTrapped() {
        let valid = Self.kubectlConfigMap
        let bodies: [[UInt8]] = [
            [], Array("{\"kind\":\"ConfigMap\"}".utf8), Array(valid.prefix(20)),
            valid.prefix(4) + [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f],  // a length far past the end
            valid.prefix(4) + [UInt8](repeating: 0xff, count: 11),  // a varint longer than 10 bytes
            valid.prefix(4) + [0x0b],  // a group
            ProtobufEncoder.kubernetes(apiVersion: "v1", kind: "ConfigMap") { $0.message(1) { $0.bytes(1, [0xff, 0xfe]) } },
            ProtobufEncoder.kubernetes(apiVersion: "v1", kind: "ConfigMap") { $0.message(1) { $0.varint(1, 5) } },
            ProtobufEncoder.kubernetes(apiVersion: "v1", kind: "Event") { $0.message(6) { $0.varint(1, Int64.max) } },
            ProtobufEncoder.kubernetes(apiVersion: "apps/v1", kind: "Deployment") {
                $0.message(2) { $0.message(4) { $0.message(2) { $0.message(1) { $0.varint(1, 2) } } } }  // IntOrString of type 2
            },
        ]
        for body in bodies {
            do {
                let object = try KubernetesProtobuf.decode(body)
                Issue.record("decoded \(body) as \(object)")
            } catch {
                #expect(error.kind == .malformed, "\(body): \(error)")
            }
        }
    }

    /// Every truncation and every single-byte change of real bodies is decoded or refused, never a trap.
    @Test func mutatedBodiesNeverTrap() {
        var generator = SplitMix64(seed: 0x5eed)
        let deployment = ProtobufEncoder.kubernetes(apiVersion: "apps/v1", kind: "Deployment") { deployment in
            deployment.message(1) { $0.string(1, "web").entry(11, "app", "web") }
            deployment.message(2) { $0.varint(1, 3).message(3) { $0.message(2) { $0.message(2) { $0.string(1, "c").string(2, "i") } } } }
        }
        for body in [Self.kubectlConfigMap, deployment] {
            for length in 0...body.count { _ = try? KubernetesProtobuf.decode(Array(body.prefix(length))) }
            for _ in 0..<5_000 {
                var mutated = body
                let index = Int(generator.next() % UInt64(mutated.count))
                mutated[index] = UInt8(truncatingIfNeeded: generator.next())
                _ = try? KubernetesProtobuf.decode(mutated)
            }
        }
    }

    @Test func theServerStoresAProtobufCreateAndRefusesWhatItCannotRead() async throws {
        let protobuf = [("Content-Type", "application/vnd.kubernetes.protobuf")]
        try await RequestLimitTests.withServer { _, port in
            let created = try await RawHTTPClient.exchange(port: port, method: "POST", path: RequestLimitTests.configMapsPath,
                                                           headers: protobuf, body: Self.kubectlConfigMap)
            #expect(created.status == 201, "\(created.text)")
            let stored = try JSONValue.parse(bytes: try await RawHTTPClient.exchange(
                port: port, method: "GET", path: RequestLimitTests.configMapsPath + "/probe").body)
            #expect(stored["data"] == ["a": "b"])

            let truncated = try await RawHTTPClient.exchange(port: port, method: "POST", path: RequestLimitTests.configMapsPath,
                                                             headers: protobuf, body: Array(Self.kubectlConfigMap.prefix(30)))
            try RequestLimitTests.expectStatus(truncated, 400, reason: "BadRequest")
            let custom = ProtobufEncoder.kubernetes(apiVersion: "demo.example/v1", kind: "Website") { $0.message(1) { $0.string(1, "a") } }
            let refused = try await RawHTTPClient.exchange(port: port, method: "POST", path: RequestLimitTests.configMapsPath,
                                                           headers: protobuf, body: custom)
            try RequestLimitTests.expectStatus(refused, 415, reason: "UnsupportedMediaType")
            try await RequestLimitTests.expectServing(port)
        }
    }

    @Test func everyKindsMessageAndEveryReferencedMessageIsInTheTable() {
        let schemas = ProtobufSchemas.shared
        #expect(schemas.kinds.count >= 30)
        for message in schemas.kinds.values { #expect(schemas.messages[message] != nil, "\(message)") }
        for message in schemas.messages.values {
            for field in message.fields.values {
                if case .message(let name) = field.type { #expect(schemas.messages[name] != nil, "\(message.name) -> \(name)") }
            }
        }
    }
}
