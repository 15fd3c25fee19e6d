import OrkValue

/// Decodes `spec.imports`: each entry a string (a path, an `http(s)://` URL or a `name:version`
/// registry reference, with `$VAR`/`${VAR}` expanded from the environment) or a mapping
/// `{url: <string>, auth: {type: bearer, fromEnv: <VAR>}}`.
struct ImportDecoder {
    let context: LoaderContext
    let environment: [String: String]

    /// More imports than this in one Katalog is an error (each one is a file read or a fetch).
    static let maxImports = 64
    static let registryVariable = "ORK_REGISTRY"

    func imports(_ node: YAMLNode, path: String) -> [PatternImport] {
        guard let items = node.items else {
            context.error("expected a list of pattern files, found \(node.kindName)", at: node.position, field: path,
                          hint: "imports: [./patterns/database.yaml]")
            return []
        }
        if items.count > Self.maxImports {
            context.error("\(items.count) imports; at most \(Self.maxImports) are allowed", at: node.position, field: path)
            return []
        }
        var seen: Set<PatternLocation> = []
        var result: [PatternImport] = []
        for (index, item) in items.enumerated() {
            let field = "\(path)[\(index)]"
            guard let decoded = entry(item, field: field) else { continue }
            if !seen.insert(decoded.location).inserted {
                context.error("\(decoded.name) is imported twice", at: item.position, field: field)
                continue
            }
            result.append(decoded)
        }
        return result
    }

    func entry(_ item: YAMLNode, field: String) -> PatternImport? {
        if let scalar = item.scalar, !scalar.isNull {
            return reference(scalar.text, tokenVariable: nil, position: item.position, field: field)
        }
        guard let reader = FieldReader(item, path: field, context: context, allowed: ["url", "auth"], required: ["url"]),
              let url = reader.string("url")
        else {
            if item.pairs == nil {
                context.error("expected a path, a URL or {url, auth}, found \(item.kindName)", at: item.position, field: field)
            }
            return nil
        }
        var tokenVariable: String?
        if let authNode = reader.value("auth"),
           let auth = FieldReader(authNode, path: reader.field("auth"), context: context, allowed: ["type", "fromEnv"],
                                  required: ["type", "fromEnv"]) {
            _ = auth.choice("type", from: ["bearer"])
            guard let variable = auth.string("fromEnv") else { return nil }
            guard Self.isVariableName(variable) else {
                context.error("\"\(variable)\" is not an environment variable name", at: auth.position("fromEnv"),
                              field: auth.field("fromEnv"))
                return nil
            }
            tokenVariable = variable
        }
        return reference(url, tokenVariable: tokenVariable, position: reader.position("url"), field: reader.field("url"))
    }

    func reference(_ written: String, tokenVariable: String?, position: SourcePosition, field: String) -> PatternImport? {
        guard let expanded = expand(written, position: position, field: field) else { return nil }
        let location: PatternLocation
        if expanded.hasPrefix("https://") || expanded.hasPrefix("http://") {
            location = .remote(RemotePatternRequest(url: expanded, bearerTokenVariable: tokenVariable))
        } else if expanded.contains("://") {
            context.error("\(expanded): only file paths, http(s):// URLs and name:version registry references can be imported",
                          at: position, field: field)
            return nil
        } else if expanded.contains(":") {
            guard let url = registryURL(expanded, position: position, field: field) else { return nil }
            location = .remote(RemotePatternRequest(url: url, bearerTokenVariable: tokenVariable))
        } else {
            if tokenVariable != nil {
                context.error("auth applies to URLs; \(expanded) is a file", at: position, field: field)
                return nil
            }
            guard !expanded.isEmpty else {
                context.error("empty import", at: position, field: field)
                return nil
            }
            location = .file(KatalogPath.normalized(expanded))
        }
        if case .remote(let request) = location, request.bearerTokenVariable != nil,
           request.url.hasPrefix("http://"), !Self.isLoopback(request.url) {
            context.error("\(request.url) would carry the bearer token in clear text", at: position, field: field,
                          hint: "use https://")
            return nil
        }
        return PatternImport(written: written, location: location, position: position, field: field)
    }

    /// `name:version` as `<ORK_REGISTRY>/<name>/<version>.yaml`.
    func registryURL(_ reference: String, position: SourcePosition, field: String) -> String? {
        let parts = reference.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let name = parts.first, let version = parts.last,
              Self.isRegistryName(name), Self.isRegistryVersion(version)
        else {
            context.error("\"\(reference)\" is neither a path nor a name:version registry reference", at: position, field: field,
                          hint: "e.g. postgres:1.2.0 (lowercase name, version of letters, digits, '.', '-', '+')")
            return nil
        }
        guard let base = environment[Self.registryVariable], !base.isEmpty else {
            context.error("\(reference) is a registry reference and \(Self.registryVariable) is not set", at: position, field: field,
                          hint: "export \(Self.registryVariable)=https://patterns.example.com (name:version reads <base>/<name>/<version>.yaml)")
            return nil
        }
        guard base.hasPrefix("https://") || base.hasPrefix("http://") else {
            context.error("\(Self.registryVariable)=\"\(base)\" is not an http(s):// URL", at: position, field: field)
            return nil
        }
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return "\(trimmed)/\(name)/\(version).yaml"
    }

    /// `$VAR` and `${VAR}` replaced by their values; an unset or empty variable is an error.
    func expand(_ text: String, position: SourcePosition, field: String) -> String? {
        var out = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            var after = rest[rest.index(after: dollar)...]
            let braced = after.first == "{"
            if braced { after = after.dropFirst() }
            let name = after.prefix { $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) }
            guard !name.isEmpty, let first = name.first, !first.isNumber else {
                if braced {
                    context.error("\"\(text)\": ${ without a variable name", at: position, field: field)
                    return nil
                }
                out += "$"
                rest = rest[rest.index(after: dollar)...]
                continue
            }
            var next = after[name.endIndex...]
            if braced {
                guard next.first == "}" else {
                    context.error("\"\(text)\": ${\(name) is not closed", at: position, field: field)
                    return nil
                }
                next = next.dropFirst()
            }
            guard let value = environment[String(name)], !value.isEmpty else {
                context.error("\"\(text)\" names the environment variable \(name), which is not set", at: position, field: field)
                return nil
            }
            out += value
            rest = next
        }
        return out + rest
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.first, first == "_" || first.isASCII && first.isLetter else { return false }
        return name.allSatisfy { $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    static func isRegistryName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isASCII, first.isLowercase || first.isNumber, name.count <= 128 else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "-._/".contains($0)) } && !name.contains("..")
    }

    static func isRegistryVersion(_ version: Substring) -> Bool {
        guard let first = version.first, first.isASCII, first.isLetter || first.isNumber, version.count <= 64 else { return false }
        return version.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-+_".contains($0)) }
    }

    /// Whether the URL's host is this machine (a token may travel in clear text there).
    static func isLoopback(_ url: String) -> Bool {
        guard let schemeEnd = url.firstRange(of: "://") else { return false }
        let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@").last.map(String.init) ?? ""
        let host: String
        if hostAndPort.hasPrefix("[") {
            host = String(hostAndPort.prefix { $0 != "]" }.dropFirst())
        } else {
            host = String(hostAndPort.prefix { $0 != ":" })
        }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv4Loopback = octets.count == 4 && octets.first == "127"
            && octets.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        return host == "localhost" || host == "::1" || isIPv4Loopback
    }
}
