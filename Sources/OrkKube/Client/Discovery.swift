import OrkValue

/// Maps kinds to REST resources through the API server's discovery documents, never by guessing
/// plurals. Results are cached; a miss refreshes the cache once, so CRDs created while the process
/// runs are found.
public actor Discovery {
    struct Group {
        var preferredVersion: String
        var versions: [String]
    }

    private var groups: [String: Group]?
    private var resources: [String: [APIResource]] = [:]

    public init() {}

    /// Forgets everything (e.g. after CRDs were deleted).
    public func invalidate() {
        groups = nil
        resources = [:]
    }

    typealias Fetch = @Sendable (String) async throws(KubeError) -> JSONValue

    /// The resource serving `kind` in `group` (empty for core), at `version` or the preferred version.
    func resource(group: String, kind: String, version: String?, fetch: Fetch) async throws(KubeError) -> APIResource {
        try await find(group: group, version: version, fetch: fetch, what: "kind \(kind)") { $0.kind == kind }
    }

    /// The resource named `plural` in `group`.
    func resource(group: String, plural: String, version: String?, fetch: Fetch) async throws(KubeError) -> APIResource {
        try await find(group: group, version: version, fetch: fetch, what: "resource \(plural)") { $0.resource == plural }
    }

    /// Every version the server serves for `group`, preferred first.
    func versions(of group: String, fetch: Fetch) async throws(KubeError) -> [String] {
        var info = try await groupInfo(group, fetch: fetch, refresh: false)
        if info == nil { info = try await groupInfo(group, fetch: fetch, refresh: true) }
        guard let info else { return [] }
        return [info.preferredVersion] + info.versions.filter { $0 != info.preferredVersion }
    }

    private func find(group: String, version: String?, fetch: Fetch, what: String,
                      matching: (APIResource) -> Bool) async throws(KubeError) -> APIResource {
        for refresh in [false, true] {
            guard let info = try await groupInfo(group, fetch: fetch, refresh: refresh) else { continue }
            // An explicit version, else every served version, preferred first (Kubernetes 1.20 serves
            // CronJob only in batch/v1beta1 although batch's preferred version is v1).
            let candidates: [String]
            if let version {
                guard info.versions.contains(version) else { continue }
                candidates = [version]
            } else {
                candidates = [info.preferredVersion] + info.versions.filter { $0 != info.preferredVersion }
            }
            for candidate in candidates {
                let list = try await resourceList(group: group, version: candidate, fetch: fetch, refresh: refresh)
                if let match = list.first(where: matching) { return match }
            }
        }
        let gv = group.isEmpty ? (version ?? "v1") : "\(group)/\(version ?? "preferred version")"
        throw KubeError(kind: .notFound, reason: "NotFound", message: "the server does not serve \(what) in \(gv)")
    }

    private func groupInfo(_ group: String, fetch: Fetch, refresh: Bool) async throws(KubeError) -> Group? {
        if refresh || groups == nil {
            var table: [String: Group] = [:]
            let core = try await fetch("/api")
            let coreVersions = (core["versions"]?.arrayValue ?? []).compactMap(\.stringValue)
            table[""] = Group(preferredVersion: coreVersions.first ?? "v1", versions: coreVersions.isEmpty ? ["v1"] : coreVersions)
            let list = try await fetch("/apis")
            for entry in list["groups"]?.arrayValue ?? [] {
                guard let name = entry["name"]?.stringValue else { continue }
                let versions = (entry["versions"]?.arrayValue ?? []).compactMap { $0["version"]?.stringValue }
                let preferred = entry.value(atDotted: "preferredVersion.version")?.stringValue ?? versions.first ?? ""
                table[name] = Group(preferredVersion: preferred, versions: versions)
            }
            groups = table
        }
        return groups?[group]
    }

    private func resourceList(group: String, version: String, fetch: Fetch,
                              refresh: Bool) async throws(KubeError) -> [APIResource] {
        let key = group.isEmpty ? version : "\(group)/\(version)"
        if !refresh, let cached = resources[key] { return cached }
        let path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        let document: JSONValue
        do {
            document = try await fetch(path)
        } catch where error.kind == .notFound {
            resources[key] = []
            return []
        }
        let list = (document["resources"]?.arrayValue ?? []).compactMap { item -> APIResource? in
            guard let name = item["name"]?.stringValue, !name.contains("/"), let kind = item["kind"]?.stringValue
            else { return nil }
            return APIResource(group: group, version: version, resource: name, kind: kind,
                               namespaced: item["namespaced"]?.boolValue ?? true,
                               verbs: (item["verbs"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
        resources[key] = list
        return list
    }
}

extension KubeClient {
    var discoveryFetch: Discovery.Fetch {
        { [self] path throws(KubeError) in try await self.send(KubeRequest(method: "GET", path: path)) }
    }

    /// The REST resource for a kind; `apiVersion` (`apps/v1`, `v1`) or a group alone (preferred version).
    public func resource(apiVersion: String, kind: String) async throws(KubeError) -> APIResource {
        let (group, version) = KubernetesKinds.split(apiVersion: apiVersion)
        return try await discovery.resource(group: group, kind: kind, version: version, fetch: discoveryFetch)
    }

    /// The REST resource for a kind at the group's preferred version.
    public func resource(group: String, kind: String) async throws(KubeError) -> APIResource {
        try await discovery.resource(group: group, kind: kind, version: nil, fetch: discoveryFetch)
    }

    /// The REST resource with plural name `plural` in `group` (preferred version unless given).
    public func resource(group: String, plural: String, version: String? = nil) async throws(KubeError) -> APIResource {
        try await discovery.resource(group: group, plural: plural, version: version, fetch: discoveryFetch)
    }

    /// The server's version document (`/version`).
    public func serverVersion() async throws(KubeError) -> JSONValue {
        try await send(KubeRequest(method: "GET", path: "/version"))
    }
}
