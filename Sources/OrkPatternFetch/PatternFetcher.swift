import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import OrkKatalog
import OrkValue

/// Fetches the patterns a Katalog imports by URL: one GET each, concurrently, with its bearer token
/// when the import names one. What comes back is hostile until the loader has read it: bodies are
/// capped, requests time out, and redirects are not followed (a redirect would carry the token to a
/// host the Katalog did not name), so each failure becomes a reason the loader reports at the import.
public struct PatternFetcher: Sendable {
    public static let maxBytes = 4 * 1024 * 1024
    public static let requestTimeout: TimeAmount = .seconds(15)

    public init() {}

    public func fetch(_ requests: [RemotePatternRequest], environment: [String: String]) async -> [String: RemotePatternResult] {
        guard !requests.isEmpty else { return [:] }
        let configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: .seconds(5), read: Self.requestTimeout))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let results = await withTaskGroup(of: (String, RemotePatternResult).self) { group in
            for request in requests {
                group.addTask { (request.url, await Self.fetch(request, client: client, environment: environment)) }
            }
            var results: [String: RemotePatternResult] = [:]
            for await (url, result) in group { results[url] = result }
            return results
        }
        try? await client.shutdown()
        return results
    }

    static func fetch(_ pattern: RemotePatternRequest, client: HTTPClient, environment: [String: String]) async
        -> RemotePatternResult
    {
        var request = HTTPClientRequest(url: pattern.url)
        request.headers.add(name: "Accept", value: "application/yaml, text/yaml, text/plain, */*")
        if let variable = pattern.bearerTokenVariable {
            guard let token = environment[variable]?.trimmingWhitespace(), !token.isEmpty else {
                return .failed("its bearer token variable \(variable) (auth.fromEnv) is not set")
            }
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        do {
            let response = try await client.execute(request, timeout: Self.requestTimeout)
            guard response.status == .ok else {
                if (300..<400).contains(response.status.code), let location = response.headers.first(name: "Location") {
                    return .failed("HTTP \(response.status.code) redirect to \(location.prefix(200)) (redirects are not "
                                   + "followed: import that URL)")
                }
                return .failed("HTTP \(response.status.code) \(response.status.reasonPhrase)")
            }
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: Self.maxBytes)
            } catch is NIOTooManyBytesError {
                return .failed("larger than \(Self.maxBytes / 1024 / 1024) MiB")
            }
            guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
                return .failed("not UTF-8 text")
            }
            return .text(text)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return .failed("no answer within \(Self.requestTimeout.nanoseconds / 1_000_000_000) s")
        } catch let error as HTTPClientError where error == .connectTimeout {
            return .failed("no connection within 5 s")
        } catch {
            let text = String(describing: error)
            return .failed(text.contains("Connection refused") ? "connection refused" : text)
        }
    }
}
