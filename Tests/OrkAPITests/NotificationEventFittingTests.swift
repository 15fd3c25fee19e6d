import Testing
@testable import OrkAPI

/// The runtime fits each event within what `/notify` accepts instead of having it refused (413) and lost.
struct NotificationEventFittingTests {
    @Test func shortEventsAreUnchanged() {
        let event = NotificationEvent(event: "web/default/a/phase", teams: ["t"], message: "m")
        #expect(event.fitted() == event)
    }

    @Test func aLongKeyKeepsItsBeginningAndStaysDistinct() {
        let namespace = String(repeating: "n", count: 63), name = String(repeating: "x", count: 253)
        let one = NotificationEvent(event: "website/\(namespace)/\(name)/status.phase", teams: ["t"], message: "m").fitted()
        let two = NotificationEvent(event: "website/\(namespace)/\(name)/status.ready", teams: ["t"], message: "m").fitted()
        #expect(one.event.utf8.count <= NotificationWireLimits.eventBytes)
        #expect(two.event.utf8.count <= NotificationWireLimits.eventBytes)
        #expect(one.event.hasPrefix("website/\(namespace)/xxx"))
        #expect(one.event != two.event, "two conditions differing only at the end are two events")
        #expect(one.event == NotificationEvent(event: "website/\(namespace)/\(name)/status.phase", teams: [], message: "").fitted().event,
                "the same key always fits the same way")
    }

    @Test func aLongMessageIsCutAtACharacterAndMarked() {
        // Multi-byte characters across the cut: no half character, no invalid UTF-8.
        let message = String(repeating: "é🚀", count: 2_000)
        let fitted = NotificationEvent(event: "e", teams: ["t"], message: message).fitted()
        #expect(fitted.message.utf8.count <= NotificationWireLimits.messageBytes)
        #expect(fitted.message.hasSuffix("…"))
        #expect(message.hasPrefix(String(fitted.message.dropLast())))
        #expect(fitted.message.utf8.count > NotificationWireLimits.messageBytes - 8, "as much as fits is kept")
    }
}
