import OrkKatalog
import OrkPatternFetch
import Testing

/// URL imports fetched from a live local server, then loaded: the token travels only where the
/// Katalog says, failures are reported at the import with their reason.
@Suite struct PatternFetcherTests {
    static let pattern = """
        apiVersion: orkestra.orkspace.io/v1
        kind: Katalog
        metadata: {name: database-pattern}
        spec:
          crds:
            database:
              apiTypes: {group: data.io, version: v1, kind: Database, plural: databases}
        """

    @Test func fetchesWithTheBearerTokenFromTheNamedVariable() async throws {
        let server = PatternServer(files: ["db.yaml": Self.pattern], token: "s3cret")
        let results = try await server.with { base in
            await PatternFetcher().fetch([
                RemotePatternRequest(url: "\(base)/patterns/db.yaml", bearerTokenVariable: "PATTERN_TOKEN"),
                RemotePatternRequest(url: "\(base)/patterns/db.yaml?again", bearerTokenVariable: nil),
                RemotePatternRequest(url: "\(base)/patterns/other.yaml", bearerTokenVariable: "UNSET_TOKEN"),
            ], environment: ["PATTERN_TOKEN": "s3cret\n"]).sorted { $0.key < $1.key }.map(\.value)
        }
        #expect(results == [
            .text(Self.pattern),
            .failed("HTTP 401 Unauthorized"),
            .failed("its bearer token variable UNSET_TOKEN (auth.fromEnv) is not set"),
        ])
    }

    @Test func refusesRedirectsOversizeBodiesAndDeadHosts() async throws {
        let server = PatternServer(files: [:], token: nil)
        let (moved, huge, missing) = try await server.with { base in
            let results = await PatternFetcher().fetch([
                RemotePatternRequest(url: "\(base)/moved"), RemotePatternRequest(url: "\(base)/huge"),
                RemotePatternRequest(url: "\(base)/patterns/none.yaml"),
            ], environment: [:])
            return (results["\(base)/moved"], results["\(base)/huge"], results["\(base)/patterns/none.yaml"])
        }
        #expect(moved == .failed("HTTP 301 redirect to http://elsewhere.example/p.yaml (redirects are not followed: import that URL)"))
        #expect(huge == .failed("larger than 4 MiB"))
        #expect(missing == .failed("HTTP 404 Not Found"))
    }

    @Test func aKatalogImportingAURLLoadsWithItsCRDs() async throws {
        let server = PatternServer(files: ["team/db/1.2.0.yaml": Self.pattern], token: "t")
        let directory = FileManagerScratch()
        let result = try await server.with { base in
            let file = try directory.write("katalog.yaml", """
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                metadata: {name: shop}
                spec:
                  imports:
                    - {url: "team/db:1.2.0", auth: {type: bearer, fromEnv: REGISTRY_TOKEN}}
                    - {url: $PATTERNS/missing.yaml, auth: {type: bearer, fromEnv: REGISTRY_TOKEN}}
                  crds:
                    database:
                      operatorBox: {reconciler: {workers: 2}}
                """)
            return await KatalogSource.load(file: file, environment: [
                "ORK_REGISTRY": "\(base)/patterns/", "REGISTRY_TOKEN": "t", "PATTERNS": "\(base)/patterns",
            ])
        }
        #expect(result.katalog?.crds.map(\.key) == ["database"])
        #expect(result.katalog?.crds.first?.api.group == "data.io")
        #expect(result.katalog?.crds.first?.operatorBox.reconciler.workers == 2, "the inline entry is merged over the imported one")
        let unreachable = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(unreachable.message.hasSuffix("/patterns/missing.yaml is unreachable: HTTP 404 Not Found"))
        #expect(unreachable.position?.line == 7, "reported at the line that imports it")
    }
}
