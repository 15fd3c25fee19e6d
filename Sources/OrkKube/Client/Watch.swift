import OrkValue

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
/// `KubeError` (410 Gone → `.gone`, which tells the informer to relist). A single event longer than
/// `maxLine` ends the watch with a `.decoding` error (the informer relists) instead of growing a
/// buffer without bound.
struct WatchEventDecoder {
    /// The default bound on one event: far above the largest object the API server stores (etcd
    /// refuses requests over ~1.5 MiB, the API server bodies over 3 MiB).
    static let maxLine = 16 * 1024 * 1024

    private var splitter: LineSplitter
    let request: String

    init(request: String, maxLine: Int = Self.maxLine) {
        self.request = request
        self.splitter = LineSplitter(maxLine: maxLine)
    }

    /// Feeds a chunk; returns the complete events it finished.
    mutating func feed(_ chunk: [UInt8]) throws(KubeError) -> [WatchEvent] {
        var events: [WatchEvent] = []
        do {
            let request = request
            try splitter.feed(chunk[...]) { (line) throws(KubeError) in
                if let event = try Self.decode(line, request: request) { events.append(event) }
            }
        } catch {
            var error = error
            if error.request.isEmpty { error.request = request }
            throw error
        }
        return events
    }

    /// The last event when the body ends without a newline.
    mutating func finish() throws(KubeError) -> WatchEvent? {
        try Self.decode(splitter.finish(), request: request)
    }

    /// One line's event; nil for a blank line.
    static func decode(_ line: ArraySlice<UInt8>, request: String) throws(KubeError) -> WatchEvent? {
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
        try await limiter?.acquire()
        let response = try await transport.stream(request)
        guard (200..<300).contains(response.status) else {
            // The error's Status, read up to 64 KiB: an error body is never followed to its end.
            var body: [UInt8] = []
            do {
                for try await chunk in response.body {
                    body += chunk.prefix(65536 - body.count)
                    if body.count >= 65536 { break }
                }
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
