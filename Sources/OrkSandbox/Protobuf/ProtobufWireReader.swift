/// Reads protobuf wire format (varints, length-delimited fields, fixed 32/64-bit values) from
/// untrusted bytes: every read is bounds-checked, varints are at most 10 bytes, groups are refused.
struct ProtobufWireReader {
    enum WireType: UInt64 { case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5 }

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    var isAtEnd: Bool { index >= bytes.endIndex }

    /// The next field's number and wire type.
    mutating func fieldKey() throws(ProtobufDecodingError) -> (number: Int, wireType: WireType) {
        let key = try varint()
        guard let wireType = WireType(rawValue: key & 7) else {
            throw .malformed("wire type \(key & 7) (groups or unknown) at byte \(index - bytes.startIndex)")
        }
        let number = key >> 3
        guard number >= 1, number <= 536_870_911 else { throw .malformed("field number \(number)") }
        return (Int(number), wireType)
    }

    mutating func varint() throws(ProtobufDecodingError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while shift < 70 {
            guard index < bytes.endIndex else { throw .malformed("a varint runs past the end") }
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        throw .malformed("a varint is longer than 10 bytes")
    }

    mutating func lengthDelimited() throws(ProtobufDecodingError) -> ArraySlice<UInt8> {
        let length = try varint()
        guard length <= UInt64(bytes.endIndex - index) else { throw .malformed("a field's length \(length) runs past the end") }
        let end = index + Int(length)
        defer { index = end }
        return bytes[index..<end]
    }

    mutating func fixed(byteCount: Int) throws(ProtobufDecodingError) -> UInt64 {
        guard byteCount <= bytes.endIndex - index else { throw .malformed("a fixed-width value runs past the end") }
        var value: UInt64 = 0
        for offset in 0..<byteCount { value |= UInt64(bytes[index + offset]) << UInt64(8 * offset) }
        index += byteCount
        return value
    }

    /// Skips a value of the given wire type.
    mutating func skip(_ wireType: WireType) throws(ProtobufDecodingError) {
        switch wireType {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed(byteCount: 8)
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed32: _ = try fixed(byteCount: 4)
        }
    }
}
