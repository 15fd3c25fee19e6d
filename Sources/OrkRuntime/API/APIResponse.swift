import OrkValue

/// One answer of the runtime's HTTP API, independent of the HTTP server: status, content type,
/// extra headers and the body text.
public struct APIResponse: Sendable, Hashable {
    public static let jsonContentType = "application/json"
    public static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    public var status: Int
    public var contentType: String
    /// Headers besides `Content-Type`: only `Allow` (on a 405) is used.
    public var headers: [String: String]
    public var body: String

    public init(status: Int, contentType: String, headers: [String: String] = [:], body: String) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    /// A JSON body: keys sorted, two-space indentation, a final newline.
    public static func json(_ status: Int, _ value: JSONValue, headers: [String: String] = [:]) -> APIResponse {
        APIResponse(status: status, contentType: jsonContentType, headers: headers, body: value.prettyPrinted() + "\n")
    }
}
