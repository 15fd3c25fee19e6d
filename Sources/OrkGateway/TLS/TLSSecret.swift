import FoundationEssentials
import OrkKube
import OrkValue

/// The shared Secret's layout: type `kubernetes.io/tls` with `tls.crt`, `tls.key` and `ca.crt`,
/// plus, while a rotation is staged, `staged.crt`/`staged.key` and the annotation
/// `orkestra.io/tls-staged-at` (the staged certificate's CA is already in `ca.crt`).
struct TLSSecret: Sendable {
    static let resource = APIResource(group: "", version: "v1", resource: "secrets", kind: "Secret", namespaced: true)
    static let labels: [String: JSONValue] = ["app.kubernetes.io/name": "orkestra",
                                               "orkestra.io/deletion-protection": "true"]
    static let stagedAtAnnotation = "orkestra.io/tls-staged-at"

    /// What the replicas serve now.
    var current: TLSMaterial
    /// The next serving certificate, waiting until every client trusts its CA.
    var staged: ServingCertificate?
    var stagedAt: Date?

    /// Decodes a Secret object; any missing key, bad base64, bad PEM or mismatched key is an error.
    static func decode(_ object: JSONValue) throws(TLSError) -> TLSSecret {
        let data = object["data"]?.objectValue ?? [:]
        let certificate = try text(data, "tls.crt"), key = try text(data, "tls.key"), ca = try text(data, "ca.crt")
        let current = try TLSMaterial(validatingChain: certificate, privateKeyPEM: key, caBundlePEM: ca, source: .secret,
                                      requireIssuerInBundle: true)
        var secret = TLSSecret(current: current)
        if data["staged.crt"] != nil || data["staged.key"] != nil {
            let stagedCertificate = try text(data, "staged.crt"), stagedKey = try text(data, "staged.key")
            let staged = try TLSMaterial(validatingChain: stagedCertificate, privateKeyPEM: stagedKey, caBundlePEM: ca,
                                         source: .secret, requireIssuerInBundle: true)
            secret.staged = ServingCertificate(certificatePEM: stagedCertificate, privateKeyPEM: stagedKey,
                                               notAfter: staged.notAfter)
            let stamp = object.value(atDotted: "metadata.annotations")?[stagedAtAnnotation]?.stringValue
            secret.stagedAt = stamp.flatMap { try? Date($0, strategy: .iso8601) }
        }
        return secret
    }

    /// The Secret's `data`.
    var data: JSONValue {
        var data: [String: JSONValue] = ["tls.crt": .string(Self.base64(current.certificateChainPEM)),
                                         "tls.key": .string(Self.base64(current.privateKeyPEM)),
                                         "ca.crt": .string(Self.base64(current.caBundlePEM))]
        if let staged {
            data["staged.crt"] = .string(Self.base64(staged.certificatePEM))
            data["staged.key"] = .string(Self.base64(staged.privateKeyPEM))
        }
        return .object(data)
    }

    /// A new Secret object for CREATE.
    func object(name: String, namespace: String) -> JSONValue {
        var metadata: [String: JSONValue] = ["name": .string(name), "namespace": .string(namespace),
                                             "labels": .object(Self.labels)]
        if let stagedAt { metadata["annotations"] = [Self.stagedAtAnnotation: .string(stagedAt.formatted(.iso8601))] }
        return ["apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls", "metadata": .object(metadata), "data": data]
    }

    /// `existing` (keeping its resourceVersion for optimistic concurrency) with this data, our
    /// labels and the staged-at annotation set or removed.
    func replacing(_ existing: JSONValue) -> JSONValue {
        var object = existing.objectValue ?? [:]
        var metadata = existing["metadata"]?.objectValue ?? [:]
        var labels = metadata["labels"]?.objectValue ?? [:]
        labels.merge(Self.labels) { _, ours in ours }
        metadata["labels"] = .object(labels)
        var annotations = metadata["annotations"]?.objectValue ?? [:]
        annotations[Self.stagedAtAnnotation] = stagedAt.map { .string($0.formatted(.iso8601)) }
        metadata["annotations"] = annotations.isEmpty ? nil : .object(annotations)
        metadata["managedFields"] = nil
        object["metadata"] = .object(metadata)
        object["data"] = data
        object["stringData"] = nil
        return .object(object)
    }

    private static func text(_ data: [String: JSONValue], _ key: String) throws(TLSError) -> String {
        guard let value = data[key] else { throw TLSError(.invalidSecret, "the Secret has no \(key)") }
        guard let encoded = value.stringValue, let bytes = Base64.decode(encoded) else {
            throw TLSError(.invalidSecret, "\(key) is not base64")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw TLSError(.invalidSecret, "\(key) is not UTF-8 text") }
        return text
    }

    private static func base64(_ text: String) -> String { Base64.encode(text.utf8) }
}
