import OrkValue

/// The first of a Katalog's two loading steps when it imports URLs: which patterns to fetch. The
/// caller fetches them (asynchronously, with its own HTTP client) and passes the results to
/// `KatalogLoader.load(..., imports:)`; problems with the entries themselves are reported there.
public enum KatalogImports {
    public static func remoteRequests(text: String, file: String, environment: [String: String]) -> [RemotePatternRequest] {
        guard let documents = try? YAMLReader.documents(text, file: file) else { return [] }
        let katalogs = documents.filter { $0["kind"]?.scalar?.text == Katalog.kind }
        guard let root = katalogs.first ?? (documents.count == 1 ? documents.first : nil),
              let imports = root["spec"]?["imports"]
        else { return [] }
        let scratch = LoaderContext(fileSystem: NoFiles(), imports: ImportResolution(environment: environment))
        return ImportDecoder(context: scratch, environment: environment).imports(imports, path: "spec.imports")
            .compactMap { pattern in
                if case .remote(let request) = pattern.location { return request }
                return nil
            }
    }

    private struct NoFiles: TextFileSystem {
        func readText(atPath path: String) -> String? { nil }
    }
}
