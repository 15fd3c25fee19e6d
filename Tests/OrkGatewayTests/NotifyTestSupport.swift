import Foundation
import OrkTemplate
import Synchronization
@testable import OrkGateway

/// A `MonotonicClock` that moves only when a test advances it.
final class ManualMonotonicClock: MonotonicClock {
    private let current = Mutex(Duration.zero)
    func now() -> Duration { current.withLock { $0 } }
    func advance(by duration: Duration) { current.withLock { $0 += duration } }
}

/// Counts deliveries without keeping them (memory tests).
final class CountingChannel: NotificationChannel {
    let count = Mutex(0)
    func send(_ text: String, subject: String, to recipient: String) async throws { count.withLock { $0 += 1 } }
}

/// This process's resident set size in bytes (VmRSS of /proc/self/status).
func residentBytes() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 2, let kib = Int(fields[1]) else { return nil }
        return kib * 1024
    }
    return nil
}
