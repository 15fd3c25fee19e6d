import OrkKube

/// The transport of a context that cannot be used (its kubeconfig entry is broken, its TLS material
/// unreadable): every request fails with the reason, so the context's row says what to fix while
/// the other contexts keep working.
package struct UnusableContext: KubeTransport {
    let reason: String

    package init(reason: String) { self.reason = reason }

    package func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        throw KubeError(kind: .configuration, message: reason)
    }

    package func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse {
        throw KubeError(kind: .configuration, message: reason)
    }

    package func shutdown() async {}
}

extension ClusterSource {
    /// The sources for `contexts` of the kubeconfig `paths`: one per context, in order, duplicates
    /// dropped; a context that cannot be loaded becomes an ``UnusableContext`` with the loader's reason.
    package static func load(contexts: [String], paths: [String], loader: KubeConfigLoader, namespace: String?) -> [ClusterSource] {
        var sources: [ClusterSource] = []
        for context in contexts where !sources.contains(where: { $0.context == context }) {
            do {
                let config = try loader.load(paths: paths, context: context)
                let transport = try HTTPClientTransport(config: config)
                sources.append(ClusterSource(context: context, server: config.server, namespace: namespace,
                                             defaultNamespace: config.namespace, transport: transport))
            } catch let error as KubeConfigError {
                sources.append(ClusterSource(context: context, server: "-", namespace: namespace, defaultNamespace: "default",
                                             transport: UnusableContext(reason: error.message)))
            } catch {
                sources.append(ClusterSource(context: context, server: "-", namespace: namespace, defaultNamespace: "default",
                                             transport: UnusableContext(reason: "\(error)")))
            }
        }
        return sources
    }
}
