import OrkValue

/// Syntax checks for values Kubernetes validates: quantities, names, label values, base64.
/// Pure functions on strings; they never trap.
package enum KubernetesSyntax {
    /// A Kubernetes resource quantity such as `1`, `500m`, `1.5Gi`, `2e3`.
    static func isQuantity(_ text: String) -> Bool {
        var chars = Array(text.utf8)[...]
        guard !chars.isEmpty else { return false }
        if chars.first == UInt8(ascii: "+") || chars.first == UInt8(ascii: "-") { chars = chars.dropFirst() }
        var digits = 0
        while let c = chars.first, isDigit(c) { digits += 1; chars = chars.dropFirst() }
        if chars.first == UInt8(ascii: ".") {
            chars = chars.dropFirst()
            while let c = chars.first, isDigit(c) { digits += 1; chars = chars.dropFirst() }
        }
        guard digits > 0 else { return false }
        let suffix = String(decoding: chars, as: UTF8.self)
        if ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E"].contains(suffix) {
            return true
        }
        // Decimal exponent: e|E, optional sign, digits.
        var rest = chars
        guard let e = rest.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") else { return false }
        rest = rest.dropFirst()
        if rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
        return !rest.isEmpty && rest.allSatisfy(isDigit)
    }

    /// A DNS-1123 subdomain: the rule for most object names.
    static func isDNSSubdomain(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isDNSLabel(String($0)) }
    }

    /// A DNS-1123 label: lowercase alphanumerics and `-`, at most 63, alphanumeric at both ends.
    package static func isDNSLabel(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last, bytes.count <= 63 else { return false }
        return isLowerAlnum(first) && isLowerAlnum(last) && bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// A DNS-1035 label (Service names): a DNS-1123 label starting with a letter.
    static func isDNS1035Label(_ text: String) -> Bool {
        guard let first = text.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return false }
        return isDNSLabel(text)
    }

    /// A valid label value: empty, or at most 63 of `[A-Za-z0-9_.-]` with alphanumerics at both ends.
    static func isLabelValue(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last else { return true }
        guard bytes.count <= 63, isAlnum(first), isAlnum(last) else { return false }
        return bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// A valid label (or annotation) key: optional DNS-subdomain prefix and `/`, then a 1…63 name.
    static func isQualifiedName(_ text: String) -> Bool {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name: String
        if parts.count == 2 {
            guard isDNSSubdomain(parts[0]) else { return false }
            name = parts[1]
        } else {
            name = text
        }
        return !name.isEmpty && isLabelValue(name)
    }

    /// A port name (IANA_SVC_NAME): 1…15 lowercase alphanumerics and `-`, with a letter, no `--`.
    static func isPortName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 15, !text.contains("--"), isDNSLabel(text) else { return false }
        return bytes.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
    }

    /// Standard padded base64 (what Secret `data` and ConfigMap `binaryData` hold).
    static func isBase64(_ text: String) -> Bool {
        Base64.decode(text) != nil
    }

    /// `value` made into a valid label value deterministically: returned unchanged when valid,
    /// otherwise sanitized and, when too long or altered, cut to 52 characters plus `-` and the
    /// first 10 hex digits of its SHA-256.
    static func labelValue(_ value: String) -> String {
        if isLabelValue(value) { return value }
        let allowed = value.utf8.map { c -> UInt8 in
            isAlnum(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".") ? c : UInt8(ascii: "-")
        }
        var prefix = Array(allowed.prefix(52))
        while let last = prefix.last, !isAlnum(last) { prefix.removeLast() }
        while let first = prefix.first, !isAlnum(first) { prefix.removeFirst() }
        let hash = String(ContentHash.sha256(value).prefix(10))
        return prefix.isEmpty ? hash : String(decoding: prefix, as: UTF8.self) + "-" + hash
    }

    /// `value` made into a valid DNS-1123 label (container names): lowercase, `.`/`_` to `-`,
    /// long values cut and suffixed with a hash like `labelValue`.
    static func dnsLabel(_ value: String) -> String {
        if isDNSLabel(value) { return value }
        let mapped = value.lowercased().utf8.map { c -> UInt8 in isLowerAlnum(c) ? c : UInt8(ascii: "-") }
        var prefix = Array(mapped.prefix(52))
        while let last = prefix.last, !isLowerAlnum(last) { prefix.removeLast() }
        while let first = prefix.first, !isLowerAlnum(first) { prefix.removeFirst() }
        let candidate = String(decoding: prefix, as: UTF8.self)
        if candidate == value.lowercased(), isDNSLabel(candidate) { return candidate }
        let hash = String(ContentHash.sha256(value).prefix(10))
        return prefix.isEmpty ? "c" + hash : candidate + "-" + hash
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    private static func isLowerAlnum(_ c: UInt8) -> Bool { isDigit(c) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) }
    private static func isAlnum(_ c: UInt8) -> Bool { isLowerAlnum(c) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) }
}
