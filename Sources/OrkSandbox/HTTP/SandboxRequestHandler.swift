import FoundationEssentials
import HTTPTypes
import Hummingbird
import NIOCore
import OrkValue

/// Turns Kubernetes REST requests into store operations: discovery, CRUD, patch, watch, with
/// real `Status` bodies for errors and `PartialObjectMetadata` when the client asks for it.
struct SandboxRequestHandler: Sendable {
    let store: SandboxStore
    let faults: FaultInjector
    let serverAddress: @Sendable () -> String

    static let watchBuffer = 1_000

    func respond(to request: Request) async -> Response {
        let method = request.method.rawValue
        let path = request.uri.path
        let query = QueryString(request.uri.query)
        guard let route = SandboxRoute.parse(path) else {
            return Self.error(SandboxError(code: 404, reason: "NotFound", message: "the server could not find the requested resource"))
        }
        // The control endpoint is never subject to the faults it controls.
        if case .faults = route { return await controlFaults(request) }
        if let injected = await faults.intercept(method: method, route: route, isWatch: query.flag("watch")) {
            // Like the real server, a watch that starts too far back gets a 200 with one ERROR event.
            if injected.code == 410, query.flag("watch") {
                let line: JSONValue = ["type": "ERROR", "object": injected.status]
                return Response(status: .ok, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(string: line.serialized() + "\n")))
            }
            return Self.error(injected)
        }
        do {
            switch route {
            case .version: return Self.json(DiscoveryDocuments.version())
            case .health: return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok")))
            case .coreVersions: return Self.json(DiscoveryDocuments.coreVersions(serverAddress: serverAddress()))
            case .groups: return Self.json(DiscoveryDocuments.groups(await store.groups()))
            case .groupVersion(let group, let version):
                guard let list = DiscoveryDocuments.resourceList(group: group, version: version, await store.resources()) else {
                    throw SandboxError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
                }
                return Self.json(list)
            case .openAPI:
                if (request.headers[.accept] ?? "").contains("protobuf") {
                    return Response(status: .ok, headers: [.contentType: "application/octet-stream"],
                                    body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.protobuf)))
                }
                return Self.json(OpenAPIDocument.json)
            case .faults:
                return await controlFaults(request)
            case .resource(let target):
                return try await resource(target, method: method, query: query, request: request)
            }
        } catch let error as SandboxError {
            return Self.error(error)
        } catch {
            return Self.error(SandboxError(code: 500, reason: "InternalError", message: "\(error)"))
        }
    }

    /// `/_sandbox/faults`: fault injection controls the whole server, so only the holder of the
    /// sandbox's token (the one in its kubeconfig) may use it.
    func controlFaults(_ request: Request) async -> Response {
        if let refusal = SandboxToken.refusal(authorization: request.headers[.authorization], token: faults.token) {
            return Self.error(refusal)
        }
        return await faults.handle(request, store: store)
    }

    func resource(_ target: SandboxRoute.ResourcePath, method: String, query: QueryString,
                  request: Request) async throws -> Response {
        guard let resource = await store.resource(group: target.group, version: target.version, plural: target.plural) else {
            throw SandboxError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        if target.subresource == "scale", let name = target.name, SandboxEngine.servesScale(resource) {
            return Self.json(try await scale(resource, namespace: target.namespace, name: name, method: method, query: query,
                                             request: request))
        }
        let accept = request.headers[.accept] ?? ""
        let metadataOnly = accept.contains("as=PartialObjectMetadata")
        switch (method, target.name) {
        case ("GET", nil):
            if query.flag("watch") {
                return try await watch(resource, namespace: target.namespace, query: query, metadataOnly: metadataOnly)
            }
            let list = try await store.list(resource, namespace: target.namespace, options: ListOptions(
                labelSelector: query["labelSelector"], fieldSelector: query["fieldSelector"], limit: query.int("limit"),
                continueToken: query["continue"], resourceVersion: query["resourceVersion"]))
            return Self.json(metadataOnly ? Self.partialList(list) : list.object(for: resource))
        case ("GET", let name?):
            let object = try await store.get(resource, namespace: target.namespace, name: name, subresource: target.subresource)
            return Self.json(metadataOnly ? Self.partialMetadata(object) : object)
        case ("POST", nil):
            let body = try await Self.body(request)
            let object = try await store.create(resource, namespace: target.namespace, object: body,
                                                fieldManager: query["fieldManager"])
            return Self.json(object, status: .created)
        case ("PUT", let name?):
            let body = try await Self.body(request)
            let result = try await store.updateReportingCreation(resource, namespace: target.namespace, name: name, object: body,
                                                                 subresource: target.subresource, fieldManager: query["fieldManager"])
            return Self.json(result.object, status: result.created ? .created : .ok)
        case ("PATCH", let name?):
            let patch = try Self.patch(try await Self.body(request), contentType: request.headers[.contentType] ?? "", query: query)
            let result = try await store.patchReportingCreation(resource, namespace: target.namespace, name: name, patch: patch,
                                                                subresource: target.subresource, fieldManager: query["fieldManager"])
            return Self.json(result.object, status: result.created ? .created : .ok)
        case ("DELETE", let name?):
            var options = SandboxDeleteOptions()
            let body = try await Self.body(request, allowEmpty: true)
            options.propagationPolicy = body["propagationPolicy"]?.stringValue
            options.preconditionUID = body.value(atDotted: "preconditions.uid")?.stringValue
            options.preconditionResourceVersion = body.value(atDotted: "preconditions.resourceVersion")?.stringValue
            if let policy = query["propagationPolicy"] { options.propagationPolicy = policy }
            return Self.json(try await store.delete(resource, namespace: target.namespace, name: name, options: options))
        case ("DELETE", nil):
            let list = try await store.deleteCollection(resource, namespace: target.namespace, listOptions: ListOptions(
                labelSelector: query["labelSelector"], fieldSelector: query["fieldSelector"]),
                options: SandboxDeleteOptions(propagationPolicy: query["propagationPolicy"]))
            return Self.json(list.object(for: resource))
        default:
            throw SandboxError(code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource")
        }
    }

    /// `…/{name}/scale`: GET, PUT, PATCH of the parent's `Scale` (`SandboxEngine+Scale`).
    func scale(_ resource: SandboxResource, namespace: String?, name: String, method: String, query: QueryString,
               request: Request) async throws(SandboxError) -> JSONValue {
        switch method {
        case "GET":
            return try await store.scale(resource, namespace: namespace, name: name)
        case "PUT":
            return try await store.updateScale(resource, namespace: namespace, name: name, body: try await Self.body(request),
                                               fieldManager: query["fieldManager"])
        case "PATCH":
            let patch = try Self.patch(try await Self.body(request), contentType: request.headers[.contentType] ?? "", query: query)
            return try await store.patchScale(resource, namespace: namespace, name: name, patch: patch, fieldManager: query["fieldManager"])
        default:
            throw SandboxError(code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource")
        }
    }

    /// A PATCH body as the `Patch` its content type names (415 for another type).
    static func patch(_ body: JSONValue, contentType: String, query: QueryString) throws(SandboxError) -> Patch {
        if contentType.hasPrefix("application/apply-patch") {
            guard let manager = query["fieldManager"], !manager.isEmpty else {
                throw SandboxError(code: 400, reason: "BadRequest", message: "PATCH with apply requires a fieldManager")
            }
            return .apply(body, fieldManager: manager, force: query.flag("force"))
        }
        if contentType.hasPrefix("application/json-patch+json") {
            guard let operations = body.arrayValue else {
                throw SandboxError(code: 400, reason: "BadRequest", message: "a JSON patch must be a list of operations")
            }
            return .json(operations)
        }
        if contentType.hasPrefix("application/merge-patch+json") || contentType.hasPrefix("application/strategic-merge-patch+json") {
            return .merge(body)
        }
        throw SandboxError(code: 415, reason: "UnsupportedMediaType", message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")
    }

    func watch(_ resource: SandboxResource, namespace: String?, query: QueryString, metadataOnly: Bool) async throws -> Response {
        let events = try await store.watch(resource, namespace: namespace, options: SandboxWatchOptions(
            labelSelector: query["labelSelector"], fieldSelector: query["fieldSelector"],
            resourceVersion: query["resourceVersion"], allowBookmarks: query.flag("allowWatchBookmarks")))
        let timeout = Duration.seconds(max(1, min(query.int("timeoutSeconds") ?? 1800, 3600)))
        let body = ResponseBody { writer in
            // One stream of lines, ended by the store closing the watch or by the watch's timeout.
            // Bounded like the store's own per-watch buffer: a client too slow to keep up loses the watch
            // (and relists), it never makes the server buffer without limit.
            let (lines, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingOldest(Self.watchBuffer))
            let forwarder = Task {
                for await event in events {
                    let object = metadataOnly && event.type != "BOOKMARK" ? Self.partialMetadata(event.object) : event.object
                    let line: JSONValue = ["type": .string(event.type), "object": object]
                    if case .dropped = continuation.yield(line.serialized() + "\n") { break }
                }
                continuation.finish()
            }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                continuation.finish()
            }
            defer {
                forwarder.cancel()
                timer.cancel()
            }
            for await line in lines {
                try await writer.write(ByteBuffer(string: line))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-cache"], body: body)
    }

    // MARK: bodies

    /// The request's body as JSON, read within `RequestBodyReader`'s size and nesting limits. A
    /// protobuf body (current kubectl sends built-in objects so) is read into the same JSON.
    static func body(_ request: Request, allowEmpty: Bool = false) async throws(SandboxError) -> JSONValue {
        if (request.headers[.contentType] ?? "").contains("protobuf") {
            // Nesting is bounded by the schemas (KubernetesProtobuf.maxDepth), not by counting brackets.
            let bytes = try await RequestBodyReader.bytes(of: request, maxNesting: nil)
            do {
                return try KubernetesProtobuf.decode(bytes)
            } catch {
                throw error.kind == .unsupported
                    ? SandboxError(code: 415, reason: "UnsupportedMediaType", message: "protobuf body: \(error.message)")
                    : SandboxError(code: 400, reason: "BadRequest", message: "the protobuf body cannot be read: \(error.message)")
            }
        }
        let bytes = try await RequestBodyReader.bytes(of: request)
        if bytes.isEmpty {
            if allowEmpty { return .object([:]) }
            throw SandboxError(code: 400, reason: "BadRequest", message: "the request body is empty")
        }
        return try RequestBodyReader.parse(bytes)
    }

    static func partialList(_ list: SandboxList) -> JSONValue {
        var metadata: [String: JSONValue] = ["resourceVersion": .string(list.resourceVersion)]
        if let token = list.continueToken, !token.isEmpty { metadata["continue"] = .string(token) }
        return ["apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadataList", "metadata": .object(metadata),
                "items": .array(list.items.map(partialMetadata))]
    }

    static func partialMetadata(_ object: JSONValue) -> JSONValue {
        ["apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadata", "metadata": object["metadata"] ?? .object([:])]
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }

    static func error(_ error: SandboxError) -> Response {
        var response = json(error.status, status: HTTPResponse.Status(code: error.code))
        if let seconds = error.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
        return response
    }
}
