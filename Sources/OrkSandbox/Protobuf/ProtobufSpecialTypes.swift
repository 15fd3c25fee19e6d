import OrkValue

/// The Kubernetes messages with a JSON form of their own (Time, MicroTime, RawExtension/FieldsV1,
/// IntOrString, Quantity), strings, and Go's zero values.
enum ProtobufSpecialTypes {
    static func string(_ bytes: ArraySlice<UInt8>) throws(ProtobufDecodingError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .malformed("a string is not valid UTF-8") }
        return text
    }

    /// A map value that was not sent: the Go zero value of its type.
    static func zero(of type: ProtobufSchemas.FieldType) -> JSONValue {
        switch type {
        case .int32, .int64, .uint32, .uint64: .int(0)
        case .bool: .bool(false)
        case .string, .bytes: .string("")
        case .quantity: .string("0")
        case .time, .microTime, .rawJSON: .null
        case .intOrString: .int(0)
        case .message: .object([:])
        }
    }

    static func isZeroScalar(_ value: JSONValue, _ type: ProtobufSchemas.FieldType) -> Bool {
        switch (type, value) {
        case (.int32, .int(0)), (.int64, .int(0)), (.uint32, .int(0)), (.uint64, .int(0)), (.bool, .bool(false)): true
        case (.string, .string(let text)), (.bytes, .string(let text)): text.isEmpty
        default: false
        }
    }

    /// `meta/v1` Time/MicroTime {1 seconds, 2 nanos}: empty bytes are the zero time (omitted);
    /// seconds within the years 0001–9999 as Go allows. Time is written in whole seconds (its nanos
    /// are not shown, as Go's JSON does not); MicroTime with microseconds.
    static func time(_ bytes: ArraySlice<UInt8>, microseconds: Bool) throws(ProtobufDecodingError) -> JSONValue? {
        if bytes.isEmpty { return nil }
        var reader = ProtobufWireReader(bytes)
        var seconds: Int64 = 0, nanos: Int64 = 0
        while !reader.isAtEnd {
            let (number, wireType) = try reader.fieldKey()
            switch (number, wireType) {
            case (1, .varint): seconds = Int64(bitPattern: try reader.varint())
            case (2, .varint): nanos = Int64(Int32(truncatingIfNeeded: try reader.varint()))
            default: try reader.skip(wireType)
            }
        }
        guard seconds >= -62_135_596_800, seconds <= 253_402_300_799 else { throw .malformed("a time outside the years 0001-9999") }
        let text = SandboxClock.format(epochSeconds: Int(seconds))
        guard microseconds else { return .string(text) }
        guard nanos >= 0, nanos < 1_000_000_000 else { throw .malformed("a time's nanoseconds \(nanos) are out of range") }
        let micros = String(nanos / 1000)
        return .string(text.dropLast() + "." + String(repeating: "0", count: 6 - micros.count) + micros + "Z")
    }

    /// `runtime.RawExtension` / `meta/v1` FieldsV1 {1 raw}: JSON bytes.
    static func rawJSON(_ bytes: ArraySlice<UInt8>) throws(ProtobufDecodingError) -> JSONValue? {
        var reader = ProtobufWireReader(bytes)
        var raw: ArraySlice<UInt8> = []
        while !reader.isAtEnd {
            let (number, wireType) = try reader.fieldKey()
            if number == 1, wireType == .lengthDelimited { raw = try reader.lengthDelimited() } else { try reader.skip(wireType) }
        }
        if raw.isEmpty { return nil }
        do {
            return try JSONValue.parse(bytes: raw, maxDepth: RequestBodyReader.maxNesting)
        } catch {
            throw .malformed("an embedded object is not JSON: \(error)")
        }
    }

    /// `intstr.IntOrString` {1 type (0 int, 1 string), 2 intVal, 3 strVal}; another type is refused.
    static func intOrString(_ bytes: ArraySlice<UInt8>) throws(ProtobufDecodingError) -> JSONValue {
        var reader = ProtobufWireReader(bytes)
        var kind: UInt64 = 0, number = 0, text = ""
        while !reader.isAtEnd {
            let (field, wireType) = try reader.fieldKey()
            switch (field, wireType) {
            case (1, .varint): kind = try reader.varint()
            case (2, .varint): number = Int(Int32(truncatingIfNeeded: try reader.varint()))
            case (3, .lengthDelimited): text = try string(reader.lengthDelimited())
            default: try reader.skip(wireType)
            }
        }
        switch kind {
        case 0: return .int(number)
        case 1: return .string(text)
        default: throw .malformed("an int-or-string of type \(kind) (0 is int, 1 is string)")
        }
    }

    /// `resource.Quantity` {1 string}; an empty one is "0", as Go reads it.
    static func quantity(_ bytes: ArraySlice<UInt8>) throws(ProtobufDecodingError) -> JSONValue {
        var reader = ProtobufWireReader(bytes)
        var text = ""
        while !reader.isAtEnd {
            let (field, wireType) = try reader.fieldKey()
            if field == 1, wireType == .lengthDelimited { text = try string(reader.lengthDelimited()) } else { try reader.skip(wireType) }
        }
        return .string(text.isEmpty ? "0" : text)
    }
}
