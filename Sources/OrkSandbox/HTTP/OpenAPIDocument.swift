import OrkValue

/// The `/openapi/v2` document: a minimal, valid Swagger 2.0 document with no definitions. kubectl
/// fetches it (as protobuf) before `apply` for client-side validation and skips types it does not
/// describe, so an empty document keeps kubectl working without pretending to know schemas.
enum OpenAPIDocument {
    static let title = "Orkestra sandbox"
    static let version = "v1.21.0"

    static var json: JSONValue {
        ["swagger": "2.0", "info": ["title": .string(title), "version": .string(version)], "paths": [:], "definitions": [:]]
    }

    /// The gnostic `openapi_v2.Document` protobuf: field 1 `swagger`, field 2 `info` {1 title, 2 version}.
    static var protobuf: [UInt8] {
        let info = field(1, Array(title.utf8)) + field(2, Array(version.utf8))
        return field(1, Array("2.0".utf8)) + field(2, info)
    }

    /// A length-delimited protobuf field.
    static func field(_ number: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [number << 3 | 2] + varint(payload.count) + payload
    }

    static func varint(_ value: Int) -> [UInt8] {
        var value = UInt64(max(value, 0))
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }
}
