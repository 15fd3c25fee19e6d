/// How a server writes an error body: each keeps its own JSON shape (the gateway and the runtime
/// `{error, pod, leader}`, the sandbox a Kubernetes `Status`), so the answers made by the limits
/// look like the server's other errors.
package struct ErrorDocument: Sendable {
    package let contentType: String
    package let render: @Sendable (_ status: Int, _ message: String) -> String

    package init(contentType: String = "application/json", render: @escaping @Sendable (_ status: Int, _ message: String) -> String) {
        self.contentType = contentType
        self.render = render
    }

    /// `{"error": message}`.
    package static let plain = ErrorDocument { _, message in
        "{\"error\":\"\(ErrorDocument.escape(message))\"}\n"
    }

    /// `text` as a JSON string body (without the quotes).
    package static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
