import OrkCore

/// Any JSON value decoded from a response (a CR's raw `status`), kept as OrkCore's `JSONValue`.
package struct JSONDocument: Decodable, Sendable, Equatable {
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
