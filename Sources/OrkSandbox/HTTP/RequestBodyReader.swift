import Hummingbird
import NIOCore
import OrkValue

/// Reads and parses request bodies within the limits of a real API server: at most 3 MiB (the
/// kube-apiserver's `MaxRequestBodyBytes`, 413 beyond), and nesting bounded by `NestingScanner`
/// while the bytes arrive (400 as soon as it is exceeded, before any JSON or YAML parser runs).
enum RequestBodyReader {
    /// The largest body accepted, as kube-apiserver's `--max-request-body-bytes` default.
    static let maxBytes = 3 * 1024 * 1024
    /// The deepest nesting accepted: stored objects nest at most `ObjectLimits.maxDepth` levels,
    /// and the JSON parser refuses more than 256.
    static let maxNesting = 256

    /// The body's bytes (empty when there is none). `maxNesting` nil: no bracket scan (a binary
    /// body, whose nesting its decoder bounds).
    static func bytes(of request: Request, maxBytes: Int = maxBytes, maxNesting: Int? = maxNesting)
        async throws(SandboxError) -> [UInt8]
    {
        var bytes: [UInt8] = []
        var scanner = maxNesting.map { NestingScanner(limit: $0) }
        do {
            for try await buffer in request.body {
                guard buffer.readableBytes <= maxBytes - bytes.count else { throw tooLarge(maxBytes) }
                let chunk = buffer.readableBytesView
                if let limit = maxNesting, scanner?.scan(chunk) == false { throw tooDeep(limit) }
                bytes.append(contentsOf: chunk)
            }
        } catch let error as SandboxError {
            throw error
        } catch {
            throw SandboxError(code: 400, reason: "BadRequest", message: "the request body cannot be read: \(error)")
        }
        return bytes
    }

    /// Parses a body read by `bytes(of:)`: JSON, else YAML (server-side apply bodies may be YAML).
    static func parse(_ bytes: [UInt8]) throws(SandboxError) -> JSONValue {
        if let value = try? JSONValue.parse(bytes: bytes) { return value }
        let documents: [YAMLNode]
        do {
            documents = try YAMLReader.documents(String(decoding: bytes, as: UTF8.self), file: "body")
        } catch {
            throw SandboxError(code: 400, reason: "BadRequest", message: "the request body is not valid JSON or YAML: \(error)")
        }
        guard let document = documents.first else {
            throw SandboxError(code: 400, reason: "BadRequest", message: "the request body is empty")
        }
        return document.jsonValue
    }

    static func tooLarge(_ limit: Int) -> SandboxError {
        SandboxError(code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: limit is \(limit)")
    }

    static func tooDeep(_ limit: Int) -> SandboxError {
        SandboxError(code: 400, reason: "BadRequest",
                     message: "the request body nests deeper than \(limit) levels (counted before parsing)")
    }
}
