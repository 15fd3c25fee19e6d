import OrkValue

/// One persisted write: an object stored or removed, with the resourceVersion of the write.
enum LogRecord: Equatable {
    case put(storage: String, namespace: String, name: String, object: JSONValue)
    case delete(storage: String, namespace: String, name: String)

    /// The JSON payload of the record.
    func payload(resourceVersion: Int64) -> [UInt8] {
        let json: JSONValue
        switch self {
        case .put(let storage, let namespace, let name, let object):
            json = ["op": "put", "rv": .int(Int(resourceVersion)), "s": .string(storage), "ns": .string(namespace),
                    "n": .string(name), "o": object]
        case .delete(let storage, let namespace, let name):
            json = ["op": "del", "rv": .int(Int(resourceVersion)), "s": .string(storage), "ns": .string(namespace),
                    "n": .string(name)]
        }
        return Array(json.serialized().utf8)
    }

    /// Decodes a payload; nil when it is not a record.
    static func decode(_ payload: ArraySlice<UInt8>) -> (record: LogRecord, resourceVersion: Int64)? {
        guard let json = try? JSONValue.parse(bytes: payload, maxDepth: 1024),
              let op = json["op"]?.stringValue, let rv = json["rv"]?.intValue,
              let storage = json["s"]?.stringValue, let namespace = json["ns"]?.stringValue, let name = json["n"]?.stringValue else {
            return nil
        }
        switch op {
        case "put":
            guard let object = json["o"] else { return nil }
            return (.put(storage: storage, namespace: namespace, name: name, object: object), Int64(rv))
        case "del":
            return (.delete(storage: storage, namespace: namespace, name: name), Int64(rv))
        default:
            return nil
        }
    }
}
