import FoundationEssentials
import Logging
import OrkKatalog
import OrkKube
import OrkValue

/// Development start-up: applies the CRDs of the Katalog's `crdFile`s (server-side apply), waits
/// until the API server reports them `Established`, then applies the CRs of its `crFiles`.
/// Production clusters get their CRDs from the platform team and skip this.
public struct KatalogBootstrap: Sendable {
    public let katalog: Katalog
    public let client: KubeClient
    /// Namespace for CRs whose file names none.
    public let defaultNamespace: String
    public let logger: Logger

    public init(katalog: Katalog, client: KubeClient, defaultNamespace: String = "default",
                logger: Logger = Logger(label: "orkestra.bootstrap")) {
        self.katalog = katalog
        self.client = client
        self.defaultNamespace = defaultNamespace
        self.logger = logger
    }

    static let crds = APIResource(group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions",
                                  kind: "CustomResourceDefinition", namespaced: false)

    /// Whether the Katalog names any crdFile or crFiles.
    public var hasDevelopmentFiles: Bool {
        katalog.crds.contains { $0.crdFile != nil || !$0.crFiles.isEmpty }
    }

    /// Applies every CRD, waits (up to `timeout`) for each to be established; returns their names.
    public func applyCRDs(timeout: Duration = .seconds(60)) async throws(BootstrapError) -> [String] {
        var names: [String] = []
        var seenFiles = Set<String>()
        for entry in katalog.crds {
            guard let file = entry.crdFile else { continue }
            let path = resolve(file)
            guard seenFiles.insert(path).inserted else { continue }
            for document in try documents(path) where document["kind"]?.stringValue == "CustomResourceDefinition" {
                let name = document.value(atDotted: "metadata.name")?.stringValue ?? ""
                do {
                    _ = try await client.apply(Self.crds, document, fieldManager: OrkNames.fieldManager, force: true)
                } catch {
                    throw BootstrapError("\(path): applying CRD \(name) failed: \(error)")
                }
                logger.info("applied CRD \(name) from \(file)")
                names.append(name)
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        for name in names {
            while true {
                let crd = try? await client.get(Self.crds, namespace: nil, name: name)
                let established = (crd?.value(atDotted: "status.conditions")?.arrayValue ?? []).contains {
                    $0["type"]?.stringValue == "Established" && $0["status"]?.stringValue == "True"
                }
                if established { break }
                guard clock.now < deadline else { throw BootstrapError("CRD \(name) was not established within \(timeout)") }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        if !names.isEmpty { await client.discovery.invalidate() }
        return names
    }

    /// Applies every CR of every crFiles entry; returns how many.
    @discardableResult
    public func applyCRs() async throws(BootstrapError) -> Int {
        var count = 0
        for entry in katalog.crds {
            for file in entry.crFiles {
                let path = resolve(file)
                for var document in try documents(path) {
                    guard let apiVersion = document["apiVersion"]?.stringValue, let kind = document["kind"]?.stringValue else {
                        throw BootstrapError("\(path): a document has no apiVersion or kind")
                    }
                    let name = document.value(atDotted: "metadata.name")?.stringValue ?? ""
                    do {
                        let resource = try await client.resource(apiVersion: apiVersion, kind: kind)
                        if resource.namespaced, document.value(atDotted: "metadata.namespace") == nil {
                            document = document.setting(.string(defaultNamespace), at: ["metadata", "namespace"]) ?? document
                        }
                        _ = try await client.apply(resource, document, fieldManager: "orkestra-bootstrap", force: true)
                    } catch {
                        throw BootstrapError("\(path): applying \(kind) \(name) failed: \(error)")
                    }
                    logger.info("applied \(kind) \(name) from \(file)")
                    count += 1
                }
            }
        }
        return count
    }

    func resolve(_ file: String) -> String {
        KatalogPath.resolve(file, against: KatalogPath.directory(of: katalog.file))
    }

    func documents(_ path: String) throws(BootstrapError) -> [JSONValue] {
        guard let text = LocalFileSystem().readText(atPath: path) else {
            throw BootstrapError("\(path): cannot read the file")
        }
        do {
            return try YAMLReader.documents(text, file: path).map(\.jsonValue).filter { !$0.isNull }
        } catch {
            throw BootstrapError(error.description)
        }
    }
}

/// Why the development start-up could not apply the Katalog's CRDs or CRs.
public struct BootstrapError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
