import OrkValue

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
        "{\"error\":\(JSONValue.string(message).serialized())}\n"
    }
}
