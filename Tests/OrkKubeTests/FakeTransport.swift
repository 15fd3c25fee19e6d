import OrkKatalog
@testable import OrkKube
import OrkValue
import Synchronization

/// A scripted transport for unit tests: answers requests from a handler and records them.
final class FakeTransport: KubeTransport {
    typealias Handler = @Sendable (KubeRequest, Int) -> KubeResponse

    private let handler: Handler
    private let log = Mutex<[KubeRequest]>([])

    init(_ handler: @escaping Handler) { self.handler = handler }

    var requests: [KubeRequest] { log.withLock { $0 } }

    func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        let index = log.withLock { entries in
            entries.append(request)
            return entries.count - 1
        }
        let response = handler(request, index)
        if response.status == 0 { throw KubeError(kind: .transport, message: "connection refused") }
        return response
    }

    func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse {
        let response = try await send(request)
        let body = response.body
        return KubeStreamResponse(status: response.status, headers: response.headers, body: AsyncThrowingStream { continuation in
            // Deliver in small chunks to exercise the line splitter.
            var offset = 0
            while offset < body.count {
                continuation.yield(Array(body[offset..<min(offset + 7, body.count)]))
                offset += 7
            }
            continuation.finish()
        })
    }

    func shutdown() async {}
}

func json(_ status: Int, _ value: JSONValue, headers: [(String, String)] = []) -> KubeResponse {
    KubeResponse(status: status, headers: headers, body: Array(value.serialized().utf8))
}

func statusBody(_ code: Int, reason: String, message: String, causes: [JSONValue] = []) -> JSONValue {
    ["kind": "Status", "apiVersion": "v1", "status": "Failure", "code": .int(code), "reason": .string(reason),
     "message": .string(message), "details": ["causes": .array(causes)]]
}

func client(_ transport: FakeTransport, retry: RetryPolicy = .init(baseDelay: .milliseconds(1))) throws -> KubeClient {
    try KubeClient(config: KubeConfig(server: "https://fake:6443", qps: 1000, burst: 1000), transport: transport,
                   retry: retry)
}

struct MemoryFiles: TextFileSystem {
    var files: [String: String]
    func readText(atPath path: String) -> String? { files[path] }
}
