import Foundation
import Hummingbird
import Logging
import NIOCore

/// Serves ``RuntimeAPI`` over HTTP/1.1 with Hummingbird. `run` serves until its task is
/// cancelled (or, inside a ServiceGroup, until graceful shutdown); `onListening` receives the
/// bound port, so a server on port 0 tells tests where it listens.
public struct RuntimeHTTPServer: Sendable {
    public let api: RuntimeAPI
    public let host: String
    public let port: Int
    public let logger: Logger

    public init(api: RuntimeAPI, host: String = "0.0.0.0", port: Int = 8080,
                logger: Logger = Logger(label: "orkestra.api")) {
        self.api = api
        self.host = host
        self.port = port
        self.logger = logger
    }

    public init(inspector: any RuntimeInspector, host: String = "0.0.0.0", port: Int = 8080,
                logger: Logger = Logger(label: "orkestra.api")) {
        self.init(api: RuntimeAPI(inspector: inspector), host: host, port: port, logger: logger)
    }

    /// The Hummingbird application (a ServiceLifecycle `Service`), for a runtime that runs its
    /// services in a ServiceGroup.
    public func application(onListening: @escaping @Sendable (Int) async -> Void = { _ in })
        -> Application<CallbackResponder<BasicRequestContext>> {
        let api = self.api
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let answer = await api.respond(method: request.method.rawValue, path: request.uri.path, query: request.uri.query)
            return Self.response(answer)
        }
        let port = self.port
        return Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: "orkestra-runtime", reuseAddress: true),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Serves until cancelled. Throws when the address cannot be bound.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onListening: onListening).run()
    }

    static func response(_ answer: APIResponse) -> Response {
        var headers: HTTPFields = [.contentType: answer.contentType, .cacheControl: "no-store"]
        if let allow = answer.headers["Allow"] { headers[.allow] = allow }
        return Response(status: HTTPResponse.Status(code: answer.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }
}
