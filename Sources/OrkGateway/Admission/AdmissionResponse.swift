import FoundationEssentials
import OrkValue

/// Builds AdmissionReview v1 responses: allowed (with warnings or a JSONPatch) or denied with a
/// status code, message and structured causes.
public struct AdmissionResponse: Sendable, Hashable {
    public struct Cause: Sendable, Hashable {
        public var field: String
        public var message: String
    }

    public var allowed: Bool
    public var code: Int?
    public var message: String?
    public var reason: String?
    public var causes: [Cause] = []
    public var warnings: [String] = []
    /// RFC 6902 operations; sent base64-encoded with `patchType: JSONPatch`.
    public var patch: [JSONValue] = []

    public static func allow(warnings: [String] = []) -> AdmissionResponse {
        AdmissionResponse(allowed: true, code: nil, message: nil, reason: nil, warnings: warnings)
    }

    public static func deny(code: Int, reason: String?, message: String, causes: [Cause] = []) -> AdmissionResponse {
        AdmissionResponse(allowed: false, code: code, message: message, reason: reason, causes: causes)
    }

    /// The whole AdmissionReview body answering `request`.
    public func review(for request: AdmissionRequest) -> JSONValue {
        var response: [String: JSONValue] = ["uid": .string(request.uid), "allowed": .bool(allowed)]
        if !allowed || code != nil {
            var status: [String: JSONValue] = ["code": .int(code ?? 403)]
            if let message { status["message"] = .string(message) }
            if let reason { status["reason"] = .string(reason) }
            if !causes.isEmpty {
                status["details"] = ["causes": .array(causes.map {
                    ["type": "FieldValueInvalid", "field": .string($0.field), "message": .string($0.message)]
                })]
            }
            response["status"] = .object(status)
        }
        if !warnings.isEmpty { response["warnings"] = .array(warnings.map(JSONValue.string)) }
        if !patch.isEmpty {
            response["patchType"] = "JSONPatch"
            response["patch"] = .string(Base64.encode(JSONValue.array(patch).serialized().utf8))
        }
        return ["apiVersion": .string(request.reviewAPIVersion), "kind": "AdmissionReview", "response": .object(response)]
    }
}
