/// Which rule an object name must follow (the real server's per-resource name validation).
enum NameRule: Sendable {
    /// RFC 1123 subdomain: most resources.
    case subdomain
    /// RFC 1123 label: namespaces.
    case label
    /// RFC 1035 label: services.
    case dns1035Label
    /// Any path segment (not `.`/`..`, no `/` or `%`): RBAC objects.
    case pathSegment
}

/// Validation of names, label keys and values, with the real server's messages.
enum NameValidation {
    static let subdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let labelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let dns1035Message = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
    static let qualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    static let labelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

    /// The problems with `name` under `rule` (empty when valid).
    static func problems(name: String, rule: NameRule) -> [String] {
        var problems: [String] = []
        switch rule {
        case .subdomain:
            if name.utf8.count > 253 { problems.append("must be no more than 253 characters") }
            if !isSubdomain(name) { problems.append(subdomainMessage) }
        case .label:
            if name.utf8.count > 63 { problems.append("must be no more than 63 characters") }
            if !isLabel(name) { problems.append(labelMessage) }
        case .dns1035Label:
            if name.utf8.count > 63 { problems.append("must be no more than 63 characters") }
            if !isDNS1035Label(name) { problems.append(dns1035Message) }
        case .pathSegment:
            break
        }
        problems += pathSegmentProblems(name)
        return problems
    }

    /// Names must be usable as one URL path segment whatever the rule.
    static func pathSegmentProblems(_ name: String) -> [String] {
        if name == "." { return ["may not be '.'"] }
        if name == ".." { return ["may not be '..'"] }
        var problems: [String] = []
        if name.contains("/") { problems.append("may not contain '/'") }
        if name.contains("%") { problems.append("may not contain '%'") }
        return problems
    }

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    private static func isAlnum(_ byte: UInt8) -> Bool {
        isLowerAlnum(byte) || (byte >= 0x41 && byte <= 0x5A)
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
    static func isLabel<S: Collection<UInt8>>(bytes: S) -> Bool {
        guard let first = bytes.first, isLowerAlnum(first) else { return false }
        var last = first
        for byte in bytes {
            guard isLowerAlnum(byte) || byte == 0x2D else { return false }
            last = byte
        }
        return isLowerAlnum(last)
    }

    static func isLabel(_ name: String) -> Bool { isLabel(bytes: name.utf8) }

    static func isSubdomain(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        for part in name.utf8.split(separator: 0x2E, omittingEmptySubsequences: false) where !isLabel(bytes: part) {
            return false
        }
        return true
    }

    static func isDNS1035Label(_ name: String) -> Bool {
        guard let first = name.utf8.first, first >= 0x61, first <= 0x7A else { return false }
        return isLabel(name)
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
    static func isQualifiedNamePart<S: Collection<UInt8>>(_ bytes: S) -> Bool {
        guard let first = bytes.first, isAlnum(first) else { return false }
        var last = first
        for byte in bytes {
            guard isAlnum(byte) || byte == 0x2D || byte == 0x5F || byte == 0x2E else { return false }
            last = byte
        }
        return isAlnum(last)
    }

    /// Problems with a label or annotation key (`prefix/name` or `name`).
    static func qualifiedNameProblems(_ key: String) -> [String] {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        var problems: [String] = []
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty {
                problems.append("prefix part must be non-empty")
            } else {
                if prefix.utf8.count > 253 { problems.append("prefix part must be no more than 253 characters") }
                if !isSubdomain(String(prefix)) { problems.append("prefix part " + subdomainMessage) }
            }
        default:
            return ["a qualified name " + qualifiedNameMessage + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            problems.append("name part must be non-empty")
        } else {
            if name.utf8.count > 63 { problems.append("name part must be no more than 63 characters") }
            if !isQualifiedNamePart(name.utf8) { problems.append("name part " + qualifiedNameMessage) }
        }
        return problems
    }

    /// Problems with a label value (empty is valid).
    static func labelValueProblems(_ value: String) -> [String] {
        var problems: [String] = []
        if value.utf8.count > 63 { problems.append("must be no more than 63 characters") }
        if !value.isEmpty && !isQualifiedNamePart(value.utf8) { problems.append(labelValueMessage) }
        return problems
    }
}
