import Logging
import OrkValue

/// A Kubernetes API client: every verb on any resource, discovery, rate limiting and retries.
/// Thread-safe; share one per API server.
public final class KubeClient: Sendable {
    public let config: KubeConfig
    public let transport: any KubeTransport
    public let discovery: Discovery
    /// Nil when `config.qps` is not finite: no client-side limit (the server's priority and
    /// fairness answers 429 with Retry-After, which the retry policy honours).
    let limiter: RateLimiter?
    let retry: RetryPolicy
    let logger: Logger

    /// A client over `transport` (by default AsyncHTTPClient configured from `config`).
    public init(config: KubeConfig, transport: (any KubeTransport)? = nil, retry: RetryPolicy = .init(),
                logger: Logger = Logger(label: "orkestra.kube")) throws(KubeError) {
        self.config = config
        if let transport {
            self.transport = transport
        } else {
            self.transport = try HTTPClientTransport(config: config)
        }
        self.limiter = config.qps.isFinite ? RateLimiter(qps: config.qps, burst: config.burst) : nil
        self.retry = retry
        self.logger = logger
        self.discovery = Discovery()
    }

    /// Closes connections; the client is unusable afterwards.
    public func shutdown() async {
        await transport.shutdown()
    }

    // MARK: requests

    /// Sends a request through the rate limiter, retrying per the policy; non-2xx answers become `KubeError`.
    public func perform(_ request: KubeRequest, isApply: Bool = false) async throws(KubeError) -> KubeResponse {
        var attempt = 0
        while true {
            attempt += 1
            try await limiter?.acquire()
            let error: KubeError
            do {
                let response = try await transport.send(request)
                if (200..<300).contains(response.status) { return response }
                error = KubeError.from(status: response.status, body: response.body,
                                       retryAfter: Self.retryAfter(response.header("Retry-After")), request: request.summary)
            } catch let failure {
                error = failure
            }
            guard let delay = retry.delay(after: error, attempt: attempt, method: request.method, isApply: isApply) else {
                throw error
            }
            logger.debug("retrying after \(delay)", metadata: ["request": "\(request.summary)", "error": "\(error.kind)"])
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw KubeError(kind: .transport, message: "cancelled while retrying", request: request.summary)
            }
        }
    }

    static func retryAfter(_ header: String?) -> Duration? {
        guard let header, let seconds = Int(header.trimmingSpacesAndTabs()), seconds >= 0 else { return nil }
        return .seconds(min(seconds, 600))
    }

    func object(from response: KubeResponse, request: KubeRequest) throws(KubeError) -> JSONValue {
        do {
            return try JSONValue.parse(bytes: response.body)
        } catch {
            throw KubeError(kind: .decoding, status: response.status, message: "\(error)", request: request.summary)
        }
    }

    func send(_ request: KubeRequest, isApply: Bool = false) async throws(KubeError) -> JSONValue {
        let response = try await perform(request, isApply: isApply)
        return try object(from: response, request: request)
    }

    // MARK: verbs

    public func get(_ resource: APIResource, namespace: String?, name: String,
                    subresource: String? = nil) async throws(KubeError) -> JSONValue {
        try await send(KubeRequest(method: "GET", path: resource.path(namespace: namespace, name: name, subresource: subresource)))
    }

    /// One page of a list. With `metadataOnly`, items are `PartialObjectMetadata` (no spec/status).
    public func list(_ resource: APIResource, namespace: String? = nil, options: ListOptions = .init(),
                     metadataOnly: Bool = false) async throws(KubeError) -> ObjectList {
        let request = KubeRequest(method: "GET", path: resource.path(namespace: namespace), query: options.query,
                                  headers: metadataOnly ? [("Accept", Self.metadataListAccept)] : [])
        let document = try await send(request)
        return ObjectList(items: document["items"]?.arrayValue ?? [],
                          resourceVersion: document.value(atDotted: "metadata.resourceVersion")?.stringValue ?? "",
                          continueToken: document.value(atDotted: "metadata.continue")?.stringValue ?? "")
    }

    /// Every page of a list, as one list (its resourceVersion is the first page's, as Kubernetes
    /// keeps one snapshot across continue tokens). `keep` makes what is kept of each item as its
    /// page arrives, so a large list never holds more than one page of whole items (an informer
    /// keeps a trimmed copy of each).
    public func listAll(_ resource: APIResource, namespace: String? = nil, options: ListOptions = .init(),
                        pageSize: Int = 500, metadataOnly: Bool = false,
                        keep: ((JSONValue) -> JSONValue)? = nil) async throws(KubeError) -> ObjectList {
        var options = options
        options.limit = pageSize
        var first = try await list(resource, namespace: namespace, options: options, metadataOnly: metadataOnly)
        if let keep { first.items = first.items.map(keep) }
        var token = first.continueToken
        while !token.isEmpty {
            options.continueToken = token
            options.resourceVersion = nil
            let page = try await list(resource, namespace: namespace, options: options, metadataOnly: metadataOnly)
            if let keep { first.items.append(contentsOf: page.items.lazy.map(keep)) } else { first.items.append(contentsOf: page.items) }
            token = page.continueToken
        }
        first.continueToken = ""
        return first
    }

    /// POST of a new object; with `subresource` (and the object's `name`), a POST to that
    /// subresource instead, e.g. a ServiceAccount's `token` (TokenRequest).
    public func create(_ resource: APIResource, namespace: String?, _ object: JSONValue,
                       fieldManager: String? = nil, subresource: String? = nil, name: String? = nil) async throws(KubeError) -> JSONValue {
        var query: [(String, String)] = []
        if let fieldManager { query.append(("fieldManager", fieldManager)) }
        return try await send(KubeRequest(method: "POST", path: resource.path(namespace: namespace, name: name, subresource: subresource),
                                          query: query,
                                          headers: [("Content-Type", "application/json")],
                                          body: Array(object.serialized().utf8)))
    }

    /// PUT of a whole object (optimistic concurrency through its resourceVersion); `subresource`
    /// `status` replaces only the status.
    public func update(_ resource: APIResource, namespace: String?, _ object: JSONValue,
                       subresource: String? = nil) async throws(KubeError) -> JSONValue {
        guard let name = object.value(atDotted: "metadata.name")?.stringValue, !name.isEmpty else {
            throw KubeError(kind: .badRequest, message: "update needs metadata.name")
        }
        return try await send(KubeRequest(method: "PUT", path: resource.path(namespace: namespace, name: name,
                                                                             subresource: subresource),
                                          headers: [("Content-Type", "application/json")],
                                          body: Array(object.serialized().utf8)))
    }

    /// Patches an object; with `dryRun` the server validates and answers without storing anything.
    public func patch(_ resource: APIResource, namespace: String?, name: String, _ patch: Patch,
                      subresource: String? = nil, dryRun: Bool = false) async throws(KubeError) -> JSONValue {
        var isApply = false
        if case .apply = patch { isApply = true }
        var query = patch.query
        if dryRun { query.append(("dryRun", "All")) }
        return try await send(KubeRequest(method: "PATCH", path: resource.path(namespace: namespace, name: name,
                                                                               subresource: subresource),
                                          query: query, headers: [("Content-Type", patch.contentType)],
                                          body: patch.body), isApply: isApply)
    }

    /// Server-side apply of `object` (its own name and namespace), owned by `fieldManager`.
    public func apply(_ resource: APIResource, _ object: JSONValue, fieldManager: String, force: Bool = false,
                      subresource: String? = nil, dryRun: Bool = false) async throws(KubeError) -> JSONValue {
        guard let name = object.value(atDotted: "metadata.name")?.stringValue, !name.isEmpty else {
            throw KubeError(kind: .badRequest, message: "apply needs metadata.name")
        }
        let namespace = object.value(atDotted: "metadata.namespace")?.stringValue
        return try await patch(resource, namespace: namespace, name: name,
                               .apply(object, fieldManager: fieldManager, force: force), subresource: subresource,
                               dryRun: dryRun)
    }

    /// Deletes an object; returns the server's answer (the object while finalizers hold it, or a Status).
    @discardableResult
    public func delete(_ resource: APIResource, namespace: String?, name: String,
                       options: DeleteOptions = .init()) async throws(KubeError) -> JSONValue {
        var body: [String: JSONValue] = ["apiVersion": "v1", "kind": "DeleteOptions"]
        if let policy = options.propagationPolicy { body["propagationPolicy"] = .string(policy.rawValue) }
        var preconditions: [String: JSONValue] = [:]
        if let uid = options.preconditionUID { preconditions["uid"] = .string(uid) }
        if let version = options.preconditionResourceVersion { preconditions["resourceVersion"] = .string(version) }
        if !preconditions.isEmpty { body["preconditions"] = .object(preconditions) }
        if let grace = options.gracePeriodSeconds { body["gracePeriodSeconds"] = .int(grace) }
        return try await send(KubeRequest(method: "DELETE", path: resource.path(namespace: namespace, name: name),
                                          headers: [("Content-Type", "application/json")],
                                          body: Array(JSONValue.object(body).serialized().utf8)))
    }

    static let metadataListAccept =
        "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"
    static let metadataAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json"
}
