import Logging
import OrkKatalog
import OrkKube
import OrkValue

/// Reads the generation of the Katalog a gateway loaded: the `resourceVersion` of the ConfigMap
/// it was mounted from (`ORK_KATALOG_CONFIGMAP`, key `ORK_KATALOG_CONFIGMAP_KEY`), but only while
/// the ConfigMap still holds exactly the text the gateway loaded. A ConfigMap changed since (this
/// replica runs an older Katalog) or unreadable gives no generation, so such a replica yields to
/// every replica that knows its own.
///
/// Kubernetes calls resourceVersions opaque; on every API server backed by etcd3 (all supported
/// versions) they are etcd revisions, which only grow, and that is what is compared here. A value
/// that is not a decimal number gives no generation.
public enum KatalogGeneration {
    public static func read(client: KubeClient, namespace: String, configMap: String, key: String, katalog: Katalog,
                            logger: Logger) async -> UInt64? {
        do {
            let resource = try await client.resource(apiVersion: "v1", kind: "ConfigMap")
            let object = try await client.get(resource, namespace: namespace, name: configMap)
            return generation(of: object, key: key, katalog: katalog, logger: logger)
        } catch {
            logger.warning("cannot read the Katalog ConfigMap \(namespace)/\(configMap) (\(error)): this replica's Katalog has no generation and yields to any that has one")
            return nil
        }
    }

    /// The ConfigMap's resourceVersion when `data[key]` is the loaded Katalog's text.
    static func generation(of configMap: JSONValue, key: String, katalog: Katalog, logger: Logger) -> UInt64? {
        let name = configMap.value(atDotted: "metadata.name")?.stringValue ?? "?"
        guard configMap["data"]?[key]?.stringValue == katalog.sourceText else {
            logger.notice("ConfigMap \(name) key \(key) no longer holds the Katalog this replica loaded: it yields to newer replicas")
            return nil
        }
        guard let text = configMap.value(atDotted: "metadata.resourceVersion")?.stringValue, let value = UInt64(text) else {
            return nil
        }
        return value
    }
}
