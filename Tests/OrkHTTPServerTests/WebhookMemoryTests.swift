import Foundation
import OrkGateway
import OrkHTTPServer
import OrkTestSupport
import Testing

/// 8 concurrent 8 MiB `/validate` bodies at the gateway's webhook port (4 `[0,0,…]`, 4
/// `{"k1":0,…}`), sent with `Content-Length` as the API server does, then the same without it
/// (chunked), then 8 bodies just under the cap that the parse budget stops, then a valid review:
/// every large one is refused and the valid one is answered 200. The client streams the bodies
/// from a 64 KiB chunk generator, so the process's resident memory is the server's: with
/// `SuiteProcess.runsAlone` (scripts/test runs this suite alone in its process) the large ones must be
/// refused within 5 s and RSS grow by less than 64 MiB; otherwise other suites share the process
/// and the cores, and the times and growth are only reported.
@Suite(.serialized) struct WebhookMemoryTests {
    static let chunk = 65_536
    static let chunks = 128  // 8 MiB

    /// Chunk `index` of `[0,0,…]` spread over `count` chunks of exactly 64 KiB.
    static func arrayChunk(_ index: Int, of count: Int) -> [UInt8] {
        var bytes: [UInt8]
        if index == 0 {
            bytes = [UInt8(ascii: "[")] + Array(repeating: Array("0,".utf8), count: (chunk - 2) / 2).flatMap { $0 } + [UInt8(ascii: "0")]
        } else {
            bytes = Array(repeating: Array(",0".utf8), count: chunk / 2).flatMap { $0 }
        }
        if index == count - 1 { bytes[bytes.count - 1] = UInt8(ascii: "]") ; bytes[bytes.count - 2] = UInt8(ascii: "0") }
        return bytes
    }

    /// Chunk `index` of `{"k0000000":0,…}` (unique keys), padded with spaces to 64 KiB.
    static func objectChunk(_ index: Int, of count: Int) -> [UInt8] {
        let member = 13  // "k0000000":0,
        let perChunk = (chunk - 2) / member
        var text = index == 0 ? "{" : ""
        for offset in 0..<perChunk {
            let key = index * perChunk + offset
            let digits = String(key)
            text += "\"k" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits + "\":0"
            if !(index == count - 1 && offset == perChunk - 1) { text += "," }
        }
        if index == count - 1 { text += "}" }
        return Array(text.utf8) + Array(repeating: UInt8(ascii: " "), count: chunk - text.utf8.count)
    }

    static func review(object: String) -> String {
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"4b7c","operation":"CREATE","#
            + #""kind":{"group":"demo.orkestra.io","version":"v1alpha1","kind":"Website"},"#
            + #""resource":{"group":"demo.orkestra.io","version":"v1alpha1","resource":"websites"},"#
            + #""name":"blog","namespace":"team-a","object":"# + object + "}}"
    }

    static func post(_ target: RawTarget, chunks count: Int, chunked: Bool, _ generate: @escaping @Sendable (Int, Int) -> [UInt8]) async -> RawExchange {
        let length = chunked ? "Transfer-Encoding: chunked" : "Content-Length: \(count * chunk)"
        let head = "POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\(length)\r\n\r\n"
        let request = RawRequest(head: head, chunks: count) { index in
            let bytes = generate(index, count)
            guard chunked else { return bytes }
            let framing = Array((String(bytes.count, radix: 16) + "\r\n").utf8)
            return framing + bytes + Array((index == count - 1 ? "\r\n0\r\n\r\n" : "\r\n").utf8)
        }
        return await RawHTTPClient.exchange(target, request, timeout: .seconds(60))
    }

    /// 8 at once, half arrays and half objects; the statuses and how long the last took.
    static func round(_ target: RawTarget, chunks count: Int, chunked: Bool) async -> ([Int?], Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        let statuses = await withTaskGroup(of: Int?.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let answer = await post(target, chunks: count, chunked: chunked, index % 2 == 0 ? arrayChunk : objectChunk)
                    return answer.outcome == .answered ? answer.status : nil
                }
            }
            var all: [Int?] = []
            for await status in group { all.append(status) }
            return all
        }
        return (statuses, clock.now - start)
    }

    @Test func eightHugeReviewsAreRefusedQuicklyWithinBoundedMemory() async throws {
        raiseOpenFileLimit()
        let server = try await TestServers.start(.gatewayHTTPS)
        let valid = Self.review(object: #"{"apiVersion":"demo.orkestra.io/v1alpha1","kind":"Website","metadata":{"name":"blog","namespace":"team-a"},"spec":{"image":"nginx:1.27","replicas":2}}"#)
        let validRequest = RawRequest("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(valid.utf8.count)\r\n\r\n",
                                      body: Array(valid.utf8))
        // Warm up: the first exchanges allocate what every later one reuses (TLS, pools).
        _ = await RawHTTPClient.exchange(server.target, validRequest)
        _ = await Self.round(server.target, chunks: 2, chunked: false)
        let before = residentKiB() ?? 0

        let (declared, declaredTime) = await Self.round(server.target, chunks: Self.chunks, chunked: false)
        let (chunked, chunkedTime) = await Self.round(server.target, chunks: Self.chunks, chunked: true)
        let afterHuge = residentKiB() ?? 0
        // Just under the 3.5 MiB cap (56 chunks): read, then stopped by the parse budget.
        let (budget, budgetTime) = await Self.round(server.target, chunks: 56, chunked: false)
        let answer = await RawHTTPClient.exchange(server.target, validRequest)
        let after = residentKiB() ?? 0
        await server.stop()

        let growth = (afterHuge - before) / 1024
        print("webhook memory: RSS \(before / 1024) MiB before; +\(growth) MiB after 8×8 MiB with Content-Length (\(declaredTime)) "
              + "and 8×8 MiB chunked (\(chunkedTime)); +\((after - before) / 1024) MiB after 8×3.5 MiB under the cap (\(budgetTime))")
        #expect(declared.allSatisfy { $0 == 413 }, "\(declared)")
        #expect(chunked.allSatisfy { $0 == 413 || $0 == 429 }, "\(chunked)")
        #expect(budget.allSatisfy { $0 == 413 || $0 == 429 }, "\(budget)")
        #expect(answer.status == 200 && String(decoding: answer.body, as: UTF8.self).contains("\"allowed\": true"))
        if SuiteProcess.runsAlone {
            // Wall-clock and RSS bounds hold only with the process to itself (scripts/test runs it alone).
            #expect(declaredTime < .seconds(5) && chunkedTime < .seconds(5), "\(declaredTime), \(chunkedTime)")
            #expect(growth < 64, "RSS grew by \(growth) MiB")
            #expect((after - before) / 1024 < 64, "RSS grew by \((after - before) / 1024) MiB")
        }
    }
}
