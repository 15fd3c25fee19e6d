import OrkAPI
/// Fetches and decodes the documents of one focus request.
enum FocusFetch {
    enum Outcome: Sendable {
        case crdDetail(Result<CRDDetail, FetchFailure>)
        case crdHealth(Result<CRDHealthStatus, FetchFailure>)
        case crList(Result<ResourceList, FetchFailure>)
        case resourceDetail(Result<ResourceDetail, FetchFailure>, events: Result<ResourceEvents, FetchFailure>)
        case gatewayCRD(Result<GatewayCRD, FetchFailure>)

        var failures: [FetchFailure] {
            func failure<T>(_ result: Result<T, FetchFailure>) -> FetchFailure? {
                if case .failure(let failure) = result { return failure }
                return nil
            }
            switch self {
            case .crdDetail(let result): return [failure(result)].compactMap { $0 }
            case .crdHealth(let result): return [failure(result)].compactMap { $0 }
            case .crList(let result): return [failure(result)].compactMap { $0 }
            case .resourceDetail(let detail, let events): return [failure(detail), failure(events)].compactMap { $0 }
            case .gatewayCRD(let result): return [failure(result)].compactMap { $0 }
            }
        }
    }

    static func fetch(_ request: FocusRequest, fetcher: any HTTPFetcher, options: PollOptions) async -> Outcome {
        let timeout = options.timeoutSeconds
        func get<T: Decodable>(_ type: T.Type, _ url: String) async -> Result<T, FetchFailure> {
            await fetcher.get(url, timeoutSeconds: timeout).flatMap { DecodeFailure.decode(T.self, from: $0.body) }
        }
        switch request {
        case .crdDetail(let runtime, let crd):
            return .crdDetail(await get(CRDDetail.self, EndpointURL.crd(runtime, crd)))
        case .crdHealth(let runtime, let crd):
            // A CRD that is not healthy answers 503 with the same document: that is its health, not a failure.
            let answer = await fetcher.get(EndpointURL.crdHealth(runtime, crd), timeoutSeconds: timeout, alsoAccepting: [503])
            return .crdHealth(answer.flatMap { DecodeFailure.decode(CRDHealthStatus.self, from: $0.body) })
        case .crList(let runtime, let crd):
            return .crList(await list(runtime: runtime, crd: crd, options: options, get: get))
        case .resourceDetail(let runtime, let crd, let namespace, let name):
            async let detail = get(ResourceDetail.self, EndpointURL.cr(runtime, crd, namespace: namespace, name: name))
            async let events = get(ResourceEvents.self, EndpointURL.events(runtime, crd, namespace: namespace, name: name))
            return .resourceDetail(await detail, events: await events)
        case .gatewayCRD(let gateway, let crd):
            return .gatewayCRD(await get(GatewayCRD.self, EndpointURL.crd(gateway, crd)))
        }
    }

    /// Follows `continue` until the last page, the cap in CRs, or as many pages as full pages
    /// would take to reach the cap (a server that answers empty or one-item pages with a token
    /// forever cannot keep the poller fetching).
    static func list(runtime: String, crd: String, options: PollOptions,
                     get: (ResourceListPage.Type, String) async -> Result<ResourceListPage, FetchFailure>) async -> Result<ResourceList, FetchFailure> {
        var items: [ResourceItem] = []
        var token: String?
        var total = 0
        var pages = 0
        var dropped = false
        let maximumPages = options.crListCap / max(1, options.crPageSize) + 1
        repeat {
            let url = EndpointURL.crList(runtime, crd, limit: options.crPageSize, continue: token)
            switch await get(ResourceListPage.self, url) {
            case .failure(let failure):
                return .failure(failure)
            case .success(let page):
                let room = max(0, options.crListCap - items.count)
                dropped = dropped || page.items.count > room
                items.append(contentsOf: page.items.prefix(room))
                total = page.total
                token = page.continue
                pages += 1
            }
        } while token != nil && items.count < options.crListCap && pages < maximumPages
        return .success(ResourceList(crd: crd, total: total, items: items, truncated: token != nil || dropped))
    }
}
