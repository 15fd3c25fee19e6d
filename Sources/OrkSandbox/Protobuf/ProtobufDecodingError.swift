/// Why a protobuf body cannot be read: malformed bytes (400) or something the sandbox does not
/// decode (415, with what to send instead).
struct ProtobufDecodingError: Error, Sendable, Hashable {
    enum Kind: Sendable, Hashable { case malformed, unsupported }
    var kind: Kind
    var message: String

    static func malformed(_ message: String) -> Self { Self(kind: .malformed, message: message) }
    static func unsupported(_ message: String) -> Self { Self(kind: .unsupported, message: message) }
}
