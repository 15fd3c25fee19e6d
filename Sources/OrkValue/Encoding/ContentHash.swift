import Crypto

/// SHA-256 digests as lowercase hex, computed by swift-crypto: the `sha256sum` template function,
/// child-hash annotations, hashed name suffixes, Katalog revisions and token cache keys.
public enum ContentHash {
    /// The hex SHA-256 of `string`'s UTF-8 bytes.
    public static func sha256(_ string: String) -> String {
        // Child manifests are hashed on every reconcile: hash the string's own UTF-8 storage.
        var string = string
        return string.withUTF8 { hex(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
    }

    /// The hex SHA-256 of `bytes`.
    public static func sha256(bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// Lowercase hex, two digits per byte.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = hexDigits
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
