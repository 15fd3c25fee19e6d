/// What the sandbox knows of the Kubernetes protobuf messages: for each built-in kind the message
/// its objects are encoded as, and for each message its fields (number, JSON name, type, how JSON
/// writes it). Read once from `table`, which scripts/protobuf-schemas generates from Kubernetes'
/// generated.proto files and Go struct tags.
struct ProtobufSchemas: Sendable {
    /// How a field's value is written in JSON.
    enum FieldType: Sendable, Hashable {
        case string, bytes, int32, int64, uint32, uint64, bool
        /// `meta/v1` Time: an RFC 3339 string in whole seconds; the zero time is omitted.
        case time
        /// `meta/v1` MicroTime: an RFC 3339 string with microseconds; the zero time is omitted.
        case microTime
        /// `runtime.RawExtension` or `meta/v1` FieldsV1: the raw bytes are JSON.
        case rawJSON
        /// `intstr.IntOrString`: a number or a string.
        case intOrString
        /// `resource.Quantity`: its string.
        case quantity
        case message(String)
    }

    struct Field: Sendable, Hashable {
        var jsonName: String
        var type: FieldType
        var repeated = false
        /// A `map<string, type>`: entries are messages with the key in field 1, the value in field 2.
        var map = false
        /// Written even when zero: a Go pointer, or a JSON tag without omitempty.
        var keepsZero = false
        /// A Go struct embedded with `json:",inline"`: its fields are written into the parent object.
        var inline = false
    }

    struct Message: Sendable {
        var name: String
        var fields: [Int: Field]
    }

    struct Kind: Sendable, Hashable {
        var apiVersion: String
        var kind: String
    }

    /// The message each built-in kind is encoded as.
    var kinds: [Kind: String]
    var messages: [String: Message]

    static let shared: ProtobufSchemas = parse(table)

    /// Reads the table's lines: `K apiVersion kind message`, `M message`, then the message's
    /// `F number jsonName type flags` (flags: r repeated, m map, z keeps zero, i inline, - none).
    static func parse(_ text: String) -> ProtobufSchemas {
        var schemas = ProtobufSchemas(kinds: [:], messages: [:])
        var current: Message?
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            switch (words.first, words.count) {
            case ("K", 4):
                schemas.kinds[Kind(apiVersion: words[1], kind: words[2])] = words[3]
            case ("M", 2):
                if let message = current { schemas.messages[message.name] = message }
                current = Message(name: words[1], fields: [:])
            case ("F", 5):
                guard let number = Int(words[1]) else { continue }
                let flags = words[4]
                current?.fields[number] = Field(
                    jsonName: words[2], type: fieldType(words[3]), repeated: flags.contains("r"), map: flags.contains("m"),
                    keepsZero: flags.contains("z"), inline: flags.contains("i"))
            default:
                continue
            }
        }
        if let message = current { schemas.messages[message.name] = message }
        return schemas
    }

    private static func fieldType(_ word: String) -> FieldType {
        switch word {
        case "string": .string
        case "bytes": .bytes
        case "int32": .int32
        case "int64": .int64
        case "uint32": .uint32
        case "uint64": .uint64
        case "bool": .bool
        case "time": .time
        case "microtime": .microTime
        case "rawjson": .rawJSON
        case "intorstring": .intOrString
        case "quantity": .quantity
        default: .message(word)
        }
    }
}
