import FoundationEssentials
import OrkValue

/// The opaque `continue` token of `/katalog/{crd}/cr`: base64url (no padding) of the JSON array
/// `[namespace, name]` of the last item returned. The next page starts strictly after that key,
/// so CRs added or removed between pages never repeat or shift items.
struct ResourcePageToken: Sendable, Hashable {
    /// `""` for cluster-scoped CRs.
    var namespace: String
    var name: String

    var encoded: String {
        let json = JSONValue.array([.string(namespace), .string(name)]).serialized()
        return Base64.encode(json.utf8, alphabet: .url, padded: false)
    }

    /// Nil when `text` is not a token this API issued.
    init?(decoding text: String) {
        guard !text.isEmpty, text.count <= 2_048,
              text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        guard let bytes = Base64.decodeLenient(text), let json = String(validating: bytes, as: UTF8.self),
              let value = try? JSONValue.parse(json), let parts = value.arrayValue, parts.count == 2,
              let namespace = parts.first?.stringValue, let name = parts.last?.stringValue, !name.isEmpty
        else { return nil }
        self.namespace = namespace
        self.name = name
    }

    init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }
}
