import Foundation
import OrkHTTPServer
import Testing

/// The listeners fix glibc's mmap threshold, so a freed request body leaves the process
/// (WebhookMemoryTests measures the effect on resident memory).
@Suite struct LargeBufferReleaseTests {
    @Test func glibcTakesTheFixedThreshold() {
        #if canImport(Glibc)
        #expect(LargeBufferRelease.applied)
        #endif
    }
}
