import OrkCore

/// One event of a watch.
public struct WatchEvent: Sendable {
    public enum EventType: String, Sendable, Hashable {
        case added = "ADDED", modified = "MODIFIED", deleted = "DELETED", bookmark = "BOOKMARK"
    }

    public var type: EventType
    public var object: JSONValue

    public init(type: EventType, object: JSONValue) {
        self.type = type
        self.object = object
    }

    /// The object's (or bookmark's) resourceVersion.
    public var resourceVersion: String { object.value(atDotted: "metadata.resourceVersion")?.stringValue ?? "" }
}

/// Splits a watch body (one JSON event per line) into events. An `ERROR` event becomes a thrown
/// `KubeError` (410 Gone → `.gone`, which tells the informer to relist).
struct WatchEventDecoder {
    /// A single event larger than this ends the watch with an error rather than exhausting memory.
    static let maxLine = 64 * 1024 * 1024

    private var buffer: [UInt8] = []
    let request: String

    init(request: String) { self.request = request }

    /// Feeds a chunk; returns the complete events it finished.
    mutating func feed(_ chunk: [UInt8]) throws(KubeError) -> [WatchEvent] {
        buffer.append(contentsOf: chunk)
        var events: [WatchEvent] = []
        var start = 0
        while let newline = buffer[start...].firstIndex(of: 0x0A) {
            let line = buffer[start..<newline]
            start = newline + 1
            if let event = try decode(line) { events.append(event) }
        }
        buffer.removeFirst(start)
        if buffer.count > Self.maxLine {
            throw KubeError(kind: .decoding, message: "watch event larger than \(Self.maxLine) bytes", request: request)
        }
        return events
    }

    /// The last event when the body ends without a newline.
    mutating func finish() throws(KubeError) -> WatchEvent? {
        defer { buffer = [] }
        return try decode(buffer[...])
    }

    func decode(_ line: ArraySlice<UInt8>) throws(KubeError) -> WatchEvent? {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { return nil }
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes: line)
        } catch {
            throw KubeError(kind: .decoding, message: "bad watch event: \(error)", request: request)
        }
        let typeName = document["type"]?.stringValue ?? ""
        let object = document["object"] ?? .null
        if typeName == "ERROR" {
            let code = object["code"]?.intValue ?? 500
            throw KubeError.from(status: code, body: Array(object.serialized().utf8), retryAfter: nil, request: request)
        }
        guard let type = WatchEvent.EventType(rawValue: typeName) else {
            throw KubeError(kind: .decoding, message: "unknown watch event type \"\(typeName)\"", request: request)
        }
        return WatchEvent(type: type, object: object)
    }
}

extension KubeClient {
    /// Watches a collection. The stream ends when the server closes the watch (after
    /// `timeoutSeconds`) and throws `KubeError` on errors (`.gone` when the resourceVersion is too old).
    public func watch(_ resource: APIResource, namespace: String? = nil, options: WatchOptions = .init(),
                      metadataOnly: Bool = false) async throws(KubeError) -> AsyncThrowingStream<WatchEvent, any Error> {
        let request = KubeRequest(method: "GET", path: resource.path(namespace: namespace), query: options.query,
                                  headers: metadataOnly ? [("Accept", Self.metadataAccept)] : [],
                                  timeout: .seconds(options.timeoutSeconds + 30))
        try await limiter.acquire()
        let response = try await transport.stream(request)
        guard (200..<300).contains(response.status) else {
            var body: [UInt8] = []
            do {
                for try await chunk in response.body where body.count < 65536 { body += chunk }
            } catch {}
            throw KubeError.from(status: response.status, body: body, retryAfter: Self.retryAfter(
                response.headers.first { $0.0.lowercased() == "retry-after" }?.1), request: request.summary)
        }
        let chunks = response.body
        return AsyncThrowingStream { continuation in
            let task = Task {
                var decoder = WatchEventDecoder(request: request.summary)
                do {
                    for try await chunk in chunks {
                        for event in try decoder.feed(chunk) { continuation.yield(event) }
                    }
                    if let last = try decoder.finish() { continuation.yield(last) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
