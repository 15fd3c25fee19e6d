import OrkAPI
import OrkKube
import OrkValue

/// The fetcher of `ork control` with contexts: a `kube://<context>/…` URL (``KubeProxyURL``) goes
/// to that context's API server with the context's credentials; every other URL goes to the direct
/// fetcher (`--urls`, `--gateway`).
///
/// The API server drops `Authorization` before proxying, so a bearer token is repeated in
/// ``ForwardedAuthorization/header`` for the runtime's and gateway's own API authentication, but
/// only into the namespace the user trusts: `--namespace`, else the context's own. Anyone who may
/// create a Service can label it like the chart does; forwarding to every labelled Service would
/// hand the user's token to whoever runs behind it.
package struct ProxyFetcher: HTTPFetcher {
    let direct: any HTTPFetcher
    let transports: [String: (transport: any KubeTransport, trusted: String)]

    package init(direct: any HTTPFetcher, sources: [ClusterSource]) {
        self.direct = direct
        var transports: [String: (transport: any KubeTransport, trusted: String)] = [:]
        for source in sources where transports[source.context] == nil {
            transports[source.context] = (source.transport, source.namespace ?? source.defaultNamespace)
        }
        self.transports = transports
    }

    package func get(_ url: String, timeoutSeconds: Double) async -> Result<FetchResponse, FetchFailure> {
        await get(url, timeoutSeconds: timeoutSeconds, alsoAccepting: [])
    }

    package func get(_ url: String, timeoutSeconds: Double, alsoAccepting statuses: Set<Int>) async
        -> Result<FetchResponse, FetchFailure>
    {
        guard let proxied = KubeProxyURL.parse(url) else {
            return await direct.get(url, timeoutSeconds: timeoutSeconds, alsoAccepting: statuses)
        }
        guard let (transport, trusted) = transports[proxied.context] else {
            return .failure(.other("context \(proxied.context) is not configured"))
        }
        let forward = proxied.resource != nil && proxied.namespace == trusted
        let request = KubeRequest(method: "GET", path: proxied.path, query: proxied.query,
                                  forwardCredentialAs: forward ? ForwardedAuthorization.header : nil, proxied: true)
        let result = await Self.send(request, to: transport, timeoutSeconds: timeoutSeconds, alsoAccepting: statuses)
        guard !forward, let namespace = proxied.namespace, case .failure(.http(401, let message, fromBackend: true)) = result else {
            return result.mapError(\.failure)
        }
        return .failure(.http(status: 401, message: "your credential is forwarded only to namespace \(trusted) (the context's, or "
                              + "--namespace): pass --namespace \(namespace) to trust this one" + (message.map { " (\($0))" } ?? "")))
    }

    /// A refusal, and whether the body was the backend's (not the API server's own `Status`).
    enum Refusal: Error {
        case http(Int, String?, fromBackend: Bool)
        case other(FetchFailure)

        var failure: FetchFailure {
            switch self {
            case .http(let status, let message, _): .http(status: status, message: message)
            case .other(let failure): failure
            }
        }
    }

    /// One GET with the context's credentials. A non-2xx answer (unless in `statuses`) is refused
    /// with the message of its body: our API's `{"error": …}`, or the API server's `Status` (for a
    /// proxy's 403: the right and the namespace that are missing).
    static func send(_ request: KubeRequest, to transport: any KubeTransport, timeoutSeconds: Double,
                     alsoAccepting statuses: Set<Int>) async -> Result<FetchResponse, Refusal> {
        var request = request
        request.headers.append(("Accept", "application/json"))
        request.timeout = .milliseconds(Int64(max(1, min(timeoutSeconds, 86_400) * 1000)))
        request.maxBody = AsyncHTTPFetcher.maximumBody
        let clock = ContinuousClock()
        let start = clock.now
        // The request's own timeout starts only once the credential is there; a credential plugin
        // that hangs must not hold this poll (or its concurrency slot) past the timeout either.
        let prepared = request
        let sent = await abandonAfter(seconds: timeoutSeconds) { () async -> Result<KubeResponse, KubeError> in
            do throws(KubeError) { return .success(try await transport.send(prepared)) } catch { return .failure(error) }
        }
        let response: KubeResponse
        switch sent {
        case .success(let answer)?: response = answer
        case .failure(let error)?: return .failure(.other(failure(error, timeoutSeconds: timeoutSeconds)))
        case nil: return .failure(.other(.timeout(seconds: timeoutSeconds)))
        }
        let latency = milliseconds(clock.now - start)
        guard (200..<300).contains(response.status) || statuses.contains(response.status) else {
            let status = apiServerStatus(response.body)
            return .failure(.http(response.status, message(response, status: status, path: request.path), fromBackend: status == nil))
        }
        return .success(FetchResponse(status: response.status, body: response.body, latencyMs: latency))
    }

    /// The API server's own `Status` in a body, if that is what it is.
    static func apiServerStatus(_ body: [UInt8]) -> JSONValue? {
        guard let document = try? JSONValue.parse(bytes: body, maxDepth: DecodeFailure.maximumDepth),
              document["kind"]?.stringValue == "Status" else { return nil }
        return document
    }

    /// What a refused request says, made actionable where the API server refused to proxy.
    static func message(_ response: KubeResponse, status: JSONValue?, path: String) -> String? {
        guard let status else { return AsyncHTTPFetcher.errorMessage(response.body) }
        let text = status["message"]?.stringValue
        guard response.status == 403, let proxied = KubeProxyURL.parse("kube://x" + path), let resource = proxied.resource,
              let namespace = proxied.namespace else { return text }
        return "forbidden: needs get on \(resource)/proxy in namespace \(namespace)" + (text.map { " (\($0))" } ?? "")
    }

    static func failure(_ error: KubeError, timeoutSeconds: Double) -> FetchFailure {
        switch error.kind {
        case .timeout: .timeout(seconds: timeoutSeconds)
        case .configuration: .other(error.message)
        case .transport: FailureClassifier.classify(text: error.message, timeoutSeconds: timeoutSeconds)
        default: .http(status: error.status ?? 0, message: error.message)
        }
    }
}
