import OrkValue

/// Reads one protobuf message into a JSON object, field by field, as `ProtobufSchemas` describes it.
///
/// A field the schemas do not know (newer than Kubernetes 1.20) is refused, never dropped — except
/// under the object's top-level `status`, which the API server resets on create and ignores on
/// update of the main resource anyway (kubectl 1.32 sends `JobStatus.completedIndexes` that way).
struct ProtobufJSONDecoder {
    let schemas: ProtobufSchemas

    /// `inStatus`: the message is (inside) the object's `status`.
    func object(_ bytes: ArraySlice<UInt8>, message name: String, depth: Int, inStatus: Bool = false)
        throws(ProtobufDecodingError) -> [String: JSONValue]
    {
        guard depth <= KubernetesProtobuf.maxDepth else { throw .malformed("messages nest deeper than \(KubernetesProtobuf.maxDepth)") }
        guard let message = schemas.messages[name] else { throw .unsupported("message \(name) is not known to the sandbox; send JSON") }
        var object: [String: JSONValue] = [:]
        // Repeated and map fields collect here and are stored once: appending to a collection held
        // in `object` would copy it on every item (quadratic in a hostile body).
        var lists: [String: [JSONValue]] = [:]
        var maps: [String: [String: JSONValue]] = [:]
        var reader = ProtobufWireReader(bytes)
        while !reader.isAtEnd {
            let (number, wireType) = try reader.fieldKey()
            guard let field = message.fields[number] else {
                guard inStatus else {
                    throw .unsupported("field \(number) of \(name) is newer than the sandbox's Kubernetes 1.20 schemas; send JSON")
                }
                try reader.skip(wireType)
                continue
            }
            let childInStatus = inStatus || (depth == 0 && field.jsonName == "status")
            if field.map {
                guard wireType == .lengthDelimited else { throw .malformed("\(name).\(field.jsonName): a map entry with wire type \(wireType)") }
                let (key, value) = try mapEntry(reader.lengthDelimited(), field: field, in: name, depth: depth, inStatus: childInStatus)
                maps[field.jsonName, default: [:]][key] = value
            } else if field.repeated {
                if wireType == .lengthDelimited, field.type.isPackable {
                    var packed = ProtobufWireReader(try reader.lengthDelimited())
                    while !packed.isAtEnd {
                        if let item = try value(&packed, wireType: .varint, type: field.type, in: name, depth: depth, inStatus: childInStatus) {
                            lists[field.jsonName, default: []].append(item)
                        }
                    }
                } else if let item = try value(&reader, wireType: wireType, type: field.type, in: name, depth: depth, inStatus: childInStatus) {
                    lists[field.jsonName, default: []].append(item)
                }
            } else if field.inline {
                guard case .message(let inner) = field.type, wireType == .lengthDelimited else {
                    throw .malformed("\(name): inlined field \(number) is not a message")
                }
                let fields = try self.object(reader.lengthDelimited(), message: inner, depth: depth + 1, inStatus: childInStatus)
                for (key, value) in fields { object[key] = value }
            } else if let value = try value(&reader, wireType: wireType, type: field.type, in: name, depth: depth, inStatus: childInStatus) {
                if field.keepsZero || !ProtobufSpecialTypes.isZeroScalar(value, field.type) {
                    object[field.jsonName] = value
                } else {
                    object.removeValue(forKey: field.jsonName)
                }
            }
        }
        for (key, items) in lists { object[key] = .array(items) }
        for (key, entries) in maps { object[key] = .object(entries) }
        return object
    }

    /// One value; nil for the zero time or an empty raw extension (both omitted from JSON).
    private func value(_ reader: inout ProtobufWireReader, wireType: ProtobufWireReader.WireType, type: ProtobufSchemas.FieldType,
                       in name: String, depth: Int, inStatus: Bool) throws(ProtobufDecodingError) -> JSONValue? {
        let expected: ProtobufWireReader.WireType = type.isPackable ? .varint : .lengthDelimited
        guard wireType == expected else { throw .malformed("\(name): wire type \(wireType) where \(expected) was expected") }
        switch type {
        case .int32: return .int(Int(Int32(truncatingIfNeeded: try reader.varint())))
        case .int64: return .int(Int(Int64(bitPattern: try reader.varint())))
        case .uint32: return .int(Int(UInt32(truncatingIfNeeded: try reader.varint())))
        case .uint64:
            guard let number = Int(exactly: try reader.varint()) else { throw .malformed("\(name): a uint64 beyond the JSON range") }
            return .int(number)
        case .bool: return .bool(try reader.varint() != 0)
        case .string: return .string(try ProtobufSpecialTypes.string(reader.lengthDelimited()))
        case .bytes: return .string(Base64.encode(try reader.lengthDelimited()))
        case .time: return try ProtobufSpecialTypes.time(reader.lengthDelimited(), microseconds: false)
        case .microTime: return try ProtobufSpecialTypes.time(reader.lengthDelimited(), microseconds: true)
        case .rawJSON: return try ProtobufSpecialTypes.rawJSON(reader.lengthDelimited())
        case .intOrString: return try ProtobufSpecialTypes.intOrString(reader.lengthDelimited())
        case .quantity: return try ProtobufSpecialTypes.quantity(reader.lengthDelimited())
        case .message(let inner):
            return .object(try self.object(reader.lengthDelimited(), message: inner, depth: depth + 1, inStatus: inStatus))
        }
    }

    private func mapEntry(_ bytes: ArraySlice<UInt8>, field: ProtobufSchemas.Field, in name: String, depth: Int, inStatus: Bool)
        throws(ProtobufDecodingError) -> (String, JSONValue)
    {
        var reader = ProtobufWireReader(bytes)
        var key = ""
        var entry: JSONValue?
        while !reader.isAtEnd {
            let (number, wireType) = try reader.fieldKey()
            switch (number, wireType) {
            case (1, .lengthDelimited): key = try ProtobufSpecialTypes.string(reader.lengthDelimited())
            case (2, _): entry = try value(&reader, wireType: wireType, type: field.type, in: name, depth: depth, inStatus: inStatus)
            default: try reader.skip(wireType)
            }
        }
        return (key, entry ?? ProtobufSpecialTypes.zero(of: field.type))
    }
}

extension ProtobufSchemas.FieldType {
    /// Scalars sent as varints (alone, or packed into one length-delimited field when repeated).
    var isPackable: Bool {
        switch self {
        case .int32, .int64, .uint32, .uint64, .bool: true
        default: false
        }
    }
}
