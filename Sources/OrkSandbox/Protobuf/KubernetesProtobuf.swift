import OrkValue

/// Kubernetes' protobuf encoding (`application/vnd.kubernetes.protobuf`) of built-in objects, read
/// into the JSON the API server would have been sent: the prefix `k8s\0`, then a `runtime.Unknown`
/// {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType} whose `raw` is the
/// object's message. Current kubectl sends built-in objects this way (`kubectl create configmap`).
///
/// JSON is written as the API server's Go types would write it: zero scalars are omitted unless the
/// field is a pointer or has no omitempty, inlined structs are flattened, the zero time is omitted.
/// A kind or a field the schemas do not hold is refused (415), never dropped.
enum KubernetesProtobuf {
    static let prefix: [UInt8] = [0x6b, 0x38, 0x73, 0x00]
    /// Deeper than any built-in kind nests; a bound against hostile bodies all the same.
    static let maxDepth = 40

    static func decode(_ bytes: [UInt8], schemas: ProtobufSchemas = .shared) throws(ProtobufDecodingError) -> JSONValue {
        guard bytes.starts(with: prefix) else { throw .malformed("the body does not start with the protobuf prefix k8s\\0") }
        var reader = ProtobufWireReader(bytes[prefix.count...])
        var apiVersion = "", kind = ""
        var raw: ArraySlice<UInt8> = []
        while !reader.isAtEnd {
            let (number, wireType) = try reader.fieldKey()
            switch (number, wireType) {
            case (1, .lengthDelimited):
                var typeMeta = ProtobufWireReader(try reader.lengthDelimited())
                while !typeMeta.isAtEnd {
                    let (field, type) = try typeMeta.fieldKey()
                    switch (field, type) {
                    case (1, .lengthDelimited): apiVersion = try ProtobufSpecialTypes.string(typeMeta.lengthDelimited())
                    case (2, .lengthDelimited): kind = try ProtobufSpecialTypes.string(typeMeta.lengthDelimited())
                    default: try typeMeta.skip(type)
                    }
                }
            case (2, .lengthDelimited):
                raw = try reader.lengthDelimited()
            case (3, .lengthDelimited):
                let encoding = try ProtobufSpecialTypes.string(reader.lengthDelimited())
                guard encoding.isEmpty else { throw .unsupported("content encoding \(encoding)") }
            default:
                try reader.skip(wireType)
            }
        }
        guard let message = schemas.kinds[.init(apiVersion: apiVersion, kind: kind)] else {
            throw .unsupported("the sandbox reads protobuf bodies of built-in kinds only, not \(apiVersion) \(kind); send JSON")
        }
        var object = try ProtobufJSONDecoder(schemas: schemas).object(raw, message: message, depth: 0)
        object["apiVersion"] = .string(apiVersion)
        object["kind"] = .string(kind)
        return .object(object)
    }
}
