import OrkKatalog
import OrkValue

/// Loads a Katalog file the way every command does: its URL imports fetched first, then loaded with
/// the environment that expands `$VAR` in imports and names `ORK_REGISTRY`.
public enum KatalogSource {
    public static func load(file: String, requireCRFiles: Bool = true, environment: [String: String],
                            fetcher: PatternFetcher = PatternFetcher()) async -> KatalogLoadResult {
        let fileSystem = LocalFileSystem()
        guard let text = fileSystem.readText(atPath: file) else {
            return KatalogLoader.load(file: file, fileSystem: fileSystem, requireCRFiles: requireCRFiles,
                                      imports: ImportResolution(environment: environment))
        }
        let requests = KatalogImports.remoteRequests(text: text, file: file, environment: environment)
        let remote = await fetcher.fetch(requests, environment: environment)
        return KatalogLoader.load(text: text, file: file, fileSystem: fileSystem, requireCRFiles: requireCRFiles,
                                  imports: ImportResolution(environment: environment, remote: remote))
    }
}
