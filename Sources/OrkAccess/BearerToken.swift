import OrkValue

/// The token of an `Authorization: Bearer <token>` header.
public enum BearerToken {
    /// The longest bearer token looked at (ServiceAccount tokens are 1–2 KiB; OIDC tokens a few KiB).
    public static let maximumBytes = 16 << 10

    /// The token (scheme case-insensitive); nil when absent, empty, not one word or over the cap.
    public static func parse(_ header: String?) -> String? {
        guard let header, header.utf8.count <= maximumBytes + 7 else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingSpacesAndTabs()
        guard !token.isEmpty, !token.contains(" ") else { return nil }
        return token
    }
}
