import Testing
import OrkValue
@testable import OrkSandbox

/// Lists with `limit` and `continue`: consistent pages, tokens, resourceVersion semantics.
@Suite struct PagingTests {
    func storeWith(_ count: Int) async throws -> SandboxStore {
        let store = try SandboxStore()
        for index in 0..<count {
            _ = try await store.create(Res.configMaps, namespace: "default",
                                       object: configMap("cm-\(index < 10 ? "0" : "")\(index)", labels: ["even": index % 2 == 0 ? "yes" : "no"]),
                                       fieldManager: nil)
        }
        return store
    }

    @Test func pagesCoverEverythingOnceInKeyOrder() async throws {
        let store = try await storeWith(25)
        var names: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await store.list(Res.configMaps, namespace: "default", options: .init(limit: 10, continueToken: token))
            names += page.items.map(\.objectName)
            if page.continueToken != nil {
                #expect(page.items.count == 10)
                #expect(page.remainingItemCount == 25 - names.count)
            }
            token = page.continueToken
            pages += 1
        } while token != nil
        #expect(pages == 3)
        #expect(names == (0..<25).map { "cm-\($0 < 10 ? "0" : "")\($0)" })
    }

    @Test func pagesAreAConsistentSnapshot() async throws {
        let store = try await storeWith(6)
        let first = try await store.list(Res.configMaps, namespace: "default", options: .init(limit: 3))
        let snapshotVersion = first.resourceVersion
        // Changes after the first page do not show in later pages of the same list.
        _ = try await store.delete(Res.configMaps, namespace: "default", name: "cm-04", options: .init())
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("cm-99"), fieldManager: nil)
        let second = try await store.list(Res.configMaps, namespace: "default", options: .init(limit: 3, continueToken: first.continueToken))
        #expect(second.items.map(\.objectName) == ["cm-03", "cm-04", "cm-05"])
        #expect(second.resourceVersion == snapshotVersion)
        #expect(second.continueToken == nil)
        // A fresh list sees the changes.
        let fresh = try await store.list(Res.configMaps, namespace: "default", options: .init())
        #expect(fresh.items.map(\.objectName).contains("cm-99") && !fresh.items.map(\.objectName).contains("cm-04"))
    }

    @Test func selectorsApplyWithinPages() async throws {
        let store = try await storeWith(10)
        var names: [String] = []
        var token: String?
        repeat {
            let page = try await store.list(Res.configMaps, namespace: "default", options: .init(labelSelector: "even=yes", limit: 2, continueToken: token))
            #expect(page.remainingItemCount == nil)
            names += page.items.map(\.objectName)
            token = page.continueToken
        } while token != nil
        #expect(names == ["cm-00", "cm-02", "cm-04", "cm-06", "cm-08"])
    }

    @Test func tokenMatchesTheRealFormat() async throws {
        let store = try await storeWith(3)
        let page = try await store.list(Res.configMaps, namespace: "default", options: .init(limit: 1))
        let token = try #require(page.continueToken)
        let decoded = try #require(Base64.decodeLenient(token))
        let json = try JSONValue.parse(bytes: decoded)
        #expect(json["v"] == "meta.k8s.io/v1")
        #expect(json["start"] == "cm-00\u{0}")
        #expect(json["rv"]?.intValue.map { String($0) } == page.resourceVersion)
        #expect(!token.contains("=") && !token.contains("+") && !token.contains("/"))
    }

    @Test(arguments: ["garbage!!", "e30", "eyJ2IjoieCJ9", Base64.encode(#"{"v":"meta.k8s.io/v1","rv":0,"start":"a"}"#.utf8, alphabet: .url, padded: false)])
    func invalidTokensAreBadRequests(_ token: String) async throws {
        let store = try await storeWith(2)
        let error = await failure { try await store.list(Res.configMaps, namespace: "default", options: .init(limit: 1, continueToken: token)) }
        #expect(error?.code == 400)
    }

    @Test func expiredSnapshotIsGone() async throws {
        let store = try await storeWith(3)
        let first = try await store.list(Res.configMaps, namespace: "default", options: .init(limit: 1))
        // More concurrent paged lists than snapshots kept evict the first.
        for _ in 0..<20 {
            _ = try await store.create(Res.configMaps, namespace: "default", object: ["metadata": ["generateName": "x-"]], fieldManager: nil)
            _ = try await store.list(Res.configMaps, namespace: "default", options: .init(limit: 1))
        }
        let error = await failure { try await store.list(Res.configMaps, namespace: "default", options: .init(limit: 1, continueToken: first.continueToken)) }
        #expect(error?.code == 410 && error?.reason == "Expired")
    }

    @Test func resourceVersionOptions() async throws {
        let store = try await storeWith(5)
        let current = await store.resourceVersion
        // "0" is served from "cache": the limit is ignored, as the real watch cache does.
        let any = try await store.list(Res.configMaps, namespace: "default", options: .init(limit: 2, resourceVersion: "0"))
        #expect(any.items.count == 5 && any.continueToken == nil)
        let exact = try await store.list(Res.configMaps, namespace: "default", options: .init(resourceVersion: String(current)))
        #expect(exact.items.count == 5 && exact.resourceVersion == String(current))
        let future = await failure { try await store.list(Res.configMaps, namespace: "default", options: .init(resourceVersion: String(current + 10))) }
        #expect(future?.code == 504 && future?.reason == "Timeout")
        let garbage = await failure { try await store.list(Res.configMaps, namespace: "default", options: .init(resourceVersion: "abc")) }
        #expect(garbage?.code == 500)
        let page = try await store.list(Res.configMaps, namespace: "default", options: .init(limit: 2))
        let both = await failure {
            try await store.list(Res.configMaps, namespace: "default", options: .init(limit: 2, continueToken: page.continueToken, resourceVersion: "5"))
        }
        #expect(both?.code == 400)
    }

    @Test func listObjectHasTheListShape() async throws {
        let store = try await storeWith(2)
        let page = try await store.list(Res.configMaps, namespace: "default", options: .init(limit: 1))
        let object = page.object(for: Res.configMaps)
        #expect(object["kind"] == "ConfigMapList")
        #expect(object["apiVersion"] == "v1")
        #expect(object["metadata"]?["continue"]?.stringValue == page.continueToken)
        #expect(object["metadata"]?["remainingItemCount"] == 1)
        #expect(object["items"]?.arrayValue?.count == 1)
    }

    @Test func clusterWideListsOrderByNamespaceThenName() async throws {
        let store = try SandboxStore()
        for namespace in ["a-b", "a"] {
            _ = try await store.create(Res.namespaces, namespace: nil, object: ["metadata": ["name": .string(namespace)]], fieldManager: nil)
            _ = try await store.create(Res.configMaps, namespace: namespace, object: configMap("x"), fieldManager: nil)
        }
        let all = try await store.list(Res.configMaps, namespace: nil, options: .init())
        // etcd key order: "a-b/x" sorts before "a/x" ('-' < '/').
        #expect(all.items.map(\.objectNamespace) == ["a-b", "a"])
    }
}
