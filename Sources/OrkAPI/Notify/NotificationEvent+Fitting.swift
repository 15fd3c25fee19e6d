/// What `POST /notify` accepts at most, in UTF-8 bytes: the gateway refuses more with 413
/// (`NotifyLimits` starts from these), and the runtime fits its events within them (`fitted()`)
/// instead of losing them.
public enum NotificationWireLimits {
    /// `event`, the throttling key.
    public static let eventBytes = 128
    /// `message`, as sent.
    public static let messageBytes = 4 << 10
}

extension NotificationEvent {
    /// This event within `NotificationWireLimits`: a longer `event` key keeps its first bytes and
    /// ends in a hash of the whole key (so two long keys with the same beginning stay two events);
    /// a longer message is cut at a character boundary and ends in "…".
    public func fitted() -> NotificationEvent {
        var event = self
        event.event = Self.fittedKey(self.event, maxBytes: NotificationWireLimits.eventBytes)
        event.message = Self.prefix(message, maxBytes: NotificationWireLimits.messageBytes, marker: "…")
        return event
    }

    static func fittedKey(_ key: String, maxBytes: Int) -> String {
        guard key.utf8.count > maxBytes else { return key }
        let hash = "#" + String(fnv1a(key.utf8), radix: 16)
        return prefix(key, maxBytes: maxBytes - hash.utf8.count, marker: "") + hash
    }

    /// The longest prefix of `text`, whole characters only, that fits in `maxBytes` with `marker` appended.
    static func prefix(_ text: String, maxBytes: Int, marker: String) -> String {
        guard text.utf8.count > maxBytes else { return text }
        let budget = max(0, maxBytes - marker.utf8.count)
        var kept = 0
        var end = text.startIndex
        for index in text.indices {
            let size = text[index].utf8.count
            guard kept + size <= budget else { break }
            kept += size
            end = text.index(after: index)
        }
        return String(text[..<end]) + marker
    }

    /// 64-bit FNV-1a: stable across processes and releases (Swift's `Hasher` is seeded per process).
    static func fnv1a(_ bytes: String.UTF8View) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
