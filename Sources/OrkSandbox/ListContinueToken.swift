import OrkValue

/// The opaque `continue` token of a paged list, in the real server's format: unpadded base64url of
/// `{"v":"meta.k8s.io/v1","rv":<list resourceVersion>,"start":"<last key>\u0000"}`.
struct ListContinueToken: Equatable {
    var resourceVersion: Int64
    /// The first key of the next page (exclusive lower bound: the last returned key plus NUL).
    var start: String

    func encoded() -> String {
        let json: JSONValue = ["v": "meta.k8s.io/v1", "rv": .int(Int(resourceVersion)), "start": .string(start)]
        return Base64.encode(json.serialized().utf8, alphabet: .url, padded: false)
    }

    static func decode(_ token: String) throws(SandboxError) -> ListContinueToken {
        guard let bytes = Base64.decodeLenient(token) else {
            throw SandboxError.badRequest("invalid continue token: continue key is not valid: illegal base64 data")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes: bytes)
        } catch {
            throw SandboxError.badRequest("invalid continue token: continue key is not valid: \(error.message)")
        }
        guard json["v"]?.stringValue == "meta.k8s.io/v1" else {
            throw SandboxError.badRequest("invalid continue token: continue key is not valid: server does not recognize this encoded key")
        }
        guard let rv = json["rv"]?.intValue, rv > 0, let start = json["start"]?.stringValue, !start.isEmpty else {
            throw SandboxError.badRequest("invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)")
        }
        return ListContinueToken(resourceVersion: Int64(rv), start: start)
    }
}
