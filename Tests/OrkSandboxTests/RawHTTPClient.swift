import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 exchange over a plain loopback socket, with exactly the bytes a test gives: the
/// whole body is written (however the server answers), then the answer is read. Blocking I/O runs
/// on its own thread, never on the concurrency pool the server shares; every socket call has a
/// 60 s timeout, so a hang fails the test instead of stalling it.
enum RawHTTPClient {
    struct Answer: Sendable {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func exchange(port: Int, method: String, path: String, headers: [(String, String)] = [],
                         body: [UInt8] = []) async throws -> Answer {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let request = Array(head.utf8) + body
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try blockingExchange(port: port, request: request) })
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private static func blockingExchange(port: Int, request: [UInt8]) throws -> Answer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: errno \(errno)") }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send after \(sent) bytes: errno \(errno)") }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let answer = try parse(received) { return answer }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else {
                throw Failure(description: "connection ended after \(received.count) bytes: \(String(decoding: received, as: UTF8.self))")
            }
            received += buffer[..<n]
        }
    }

    /// The answer once `bytes` hold its head and its whole (Content-Length or chunked) body.
    static func parse(_ bytes: [UInt8]) throws -> Answer? {
        let separator = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.dropLast(3).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw Failure(description: "bad status line in \(lines)")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let rest = Array(bytes[(end + 4)...])
        if let length = headers["content-length"].flatMap(Int.init) {
            return rest.count >= length ? Answer(status: status, headers: headers, body: Array(rest.prefix(length))) : nil
        }
        guard headers["transfer-encoding"]?.lowercased() == "chunked" else {
            return Answer(status: status, headers: headers, body: rest)
        }
        var body: [UInt8] = []
        var offset = 0
        while true {
            guard let lineEnd = rest.indices.dropFirst(offset).dropLast().first(where: { rest[$0] == 0x0D && rest[$0 + 1] == 0x0A }),
                  let size = Int(String(decoding: rest[offset..<lineEnd], as: UTF8.self), radix: 16) else { return nil }
            let start = lineEnd + 2
            if size == 0 { return Answer(status: status, headers: headers, body: body) }
            guard rest.count >= start + size + 2 else { return nil }
            body += rest[start..<start + size]
            offset = start + size + 2
        }
    }
}
