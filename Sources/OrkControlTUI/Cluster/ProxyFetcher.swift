import Foundation
import OrkAPI
import OrkKube
import OrkValue

/// The fetcher of `ork control` with contexts: a `kube://<context>/…` URL (``KubeProxyURL``) goes
/// to that context's API server with the context's credentials; every other URL goes to the direct
/// fetcher (`--urls`, `--gateway`).
///
/// The API server drops `Authorization` before proxying, so the credential is repeated in
/// ``ForwardedAuthorization/header`` for the runtime's and gateway's own API authentication, but
/// only to endpoints in the namespace the user trusts: `--namespace`, else the context's own.
/// Anyone who may create a Service can label it like the chart does; forwarding to every labelled
/// Service would hand the user's token to whoever runs behind it.
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
        guard let (context, path, query) = KubeProxyURL.parse(url) else {
            return await direct.get(url, timeoutSeconds: timeoutSeconds, alsoAccepting: statuses)
        }
        guard let (transport, trusted) = transports[context] else { return .failure(.other("context \(context) is not configured")) }
        let namespace = Self.proxyResource(path)?.namespace
        let forward = namespace == trusted
        let request = KubeRequest(method: "GET", path: path, query: query, forwardCredentialAs: forward ? ForwardedAuthorization.header : nil)
        let result = await Self.send(request, to: transport, timeoutSeconds: timeoutSeconds, alsoAccepting: statuses)
        guard !forward, case .failure(.http(401, let message)) = result, let namespace else { return result }
        return .failure(.http(status: 401, message: "your credential is forwarded only to namespace \(trusted) (the context's, or "
                              + "--namespace): pass --namespace \(namespace) to trust this one" + (message.map { " (\($0))" } ?? "")))
    }

    /// Sends one request; a non-2xx answer (unless in `statuses`) is `.http` with the message of
    /// its body: our API's `{"error": …}`, or the API server's `Status` (for 403: the right and
    /// namespace that are missing).
    static func send(_ request: KubeRequest, to transport: any KubeTransport, timeoutSeconds: Double,
                     alsoAccepting statuses: Set<Int>) async -> Result<FetchResponse, FetchFailure> {
        var request = request
        request.headers.append(("Accept", "application/json"))
        request.timeout = .milliseconds(Int64(max(1, min(timeoutSeconds, 86_400) * 1000)))
        let clock = ContinuousClock()
        let start = clock.now
        let response: KubeResponse
        do {
            response = try await transport.send(request)
        } catch {
            return .failure(failure(error, timeoutSeconds: timeoutSeconds))
        }
        let elapsed = clock.now - start
        let latency = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        guard (200..<300).contains(response.status) || statuses.contains(response.status) else {
            return .failure(.http(status: response.status, message: message(response, path: request.path)))
        }
        guard response.body.count <= AsyncHTTPFetcher.maximumBody else {
            return .failure(.invalidBody("the answer is larger than \(AsyncHTTPFetcher.maximumBody) bytes"))
        }
        return .success(FetchResponse(status: response.status, body: response.body, latencyMs: latency))
    }

    /// What a refused request says, made actionable where the API server is the one refusing.
    static func message(_ response: KubeResponse, path: String) -> String? {
        if let ours = AsyncHTTPFetcher.errorMessage(response.body) { return ours }
        guard let status = try? JSONValue.parse(bytes: response.body, maxDepth: DecodeFailure.maximumDepth),
              status["kind"]?.stringValue == "Status" else { return nil }
        let text = status["message"]?.stringValue
        guard response.status == 403, let resource = proxyResource(path) else { return text }
        return "forbidden: needs get on \(resource.resource)/proxy in namespace \(resource.namespace)"
            + (text.map { " (\($0))" } ?? "")
    }

    /// `services` or `pods` and the namespace of a proxy path.
    package static func proxyResource(_ path: String) -> (resource: String, namespace: String)? {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 7, parts[2] == "namespaces", parts[6] == "proxy", parts[4] == "services" || parts[4] == "pods" else {
            return nil
        }
        return (parts[4], parts[3].removingPercentEncoding ?? parts[3])
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
