import OrkValue

/// Any JSON value decoded from a response (a CR's raw `status`), kept as OrkValue's `JSONValue`.
package struct JSONDocument: Codable, Sendable, Equatable {
    package var value: JSONValue

    package init(_ value: JSONValue) { self.value = value }

    package init(from decoder: any Decoder) throws {
        // The Control Center's own decoder already holds the parsed value: taken as is, with no
        // recursive trial decoding.
        if let document = decoder as? DocumentDecoder {
            value = document.value
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let bool = try? container.decode(Bool.self) {
            value = .bool(bool)
        } else if let int = try? container.decode(Int.self) {
            value = .int(int)
        } else if let double = try? container.decode(Double.self) {
            value = .double(double)
        } else if let string = try? container.decode(String.self) {
            value = .string(string)
        } else if let array = try? container.decode([JSONDocument].self) {
            value = .array(array.map(\.value))
        } else {
            let object = try container.decode([String: JSONDocument].self)
            value = .object(object.mapValues(\.value))
        }
    }
}

extension JSONDocument {
    package func encode(to encoder: any Encoder) throws {
        // The API's own encoder stores the value as it is.
        if let encoder = encoder as? NodeEncoder {
            encoder.node.content = .scalar(value)
            return
        }
        switch value {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let bool):
            var container = encoder.singleValueContainer()
            try container.encode(bool)
        case .int(let int):
            var container = encoder.singleValueContainer()
            try container.encode(int)
        case .double(let double):
            var container = encoder.singleValueContainer()
            try container.encode(double)
        case .string(let string):
            var container = encoder.singleValueContainer()
            try container.encode(string)
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(JSONDocument(item)) }
        case .object(let fields):
            var container = encoder.container(keyedBy: DocumentIndex.self)
            for (key, item) in fields { try container.encode(JSONDocument(item), forKey: DocumentIndex(stringValue: key)) }
        }
    }
}
