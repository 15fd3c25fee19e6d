/// Writes protobuf wire format for tests: the bodies kubectl sends, built field by field.
final class ProtobufEncoder {
    private(set) var bytes: [UInt8] = []

    static func varintBytes(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7f)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            out.append(byte)
        } while value != 0
        return out
    }

    @discardableResult
    func varint(_ number: Int, _ value: Int64) -> ProtobufEncoder {
        bytes += Self.varintBytes(UInt64(number << 3)) + Self.varintBytes(UInt64(bitPattern: value))
        return self
    }

    @discardableResult
    func bytes(_ number: Int, _ value: [UInt8]) -> ProtobufEncoder {
        bytes += Self.varintBytes(UInt64(number << 3 | 2)) + Self.varintBytes(UInt64(value.count)) + value
        return self
    }

    @discardableResult
    func string(_ number: Int, _ value: String) -> ProtobufEncoder { bytes(number, Array(value.utf8)) }

    @discardableResult
    func message(_ number: Int, _ build: (ProtobufEncoder) -> Void) -> ProtobufEncoder {
        let inner = ProtobufEncoder()
        build(inner)
        return bytes(number, inner.bytes)
    }

    /// A map entry: key in field 1, value (a string) in field 2.
    @discardableResult
    func entry(_ number: Int, _ key: String, _ value: String) -> ProtobufEncoder {
        message(number) { $0.string(1, key).string(2, value) }
    }

    /// The `k8s\0` prefix and the `runtime.Unknown` around an object's message.
    static func kubernetes(apiVersion: String, kind: String, _ build: (ProtobufEncoder) -> Void) -> [UInt8] {
        let object = ProtobufEncoder()
        build(object)
        let unknown = ProtobufEncoder()
        unknown.message(1) { $0.string(1, apiVersion).string(2, kind) }
        unknown.bytes(2, object.bytes)
        return [0x6b, 0x38, 0x73, 0x00] + unknown.bytes
    }
}
