import OrkAPI
/// Fetches and decodes the documents of one focus request.
enum FocusFetch {
    enum Outcome: Sendable {
        case crdDetail(Result<CRDDetail, FetchFailure>)
        case crdHealth(Result<CRDHealthStatus, FetchFailure>)
        /// With the replicas of a merged list that could not be read (each logged on its own).
        case crList(Result<ResourceList, FetchFailure>, unread: [ReplicaFailure] = [])
        case resourceDetail(Result<ResourceDetail, FetchFailure>, events: Result<ResourceEvents, FetchFailure>)
        case gatewayCRD(Result<GatewayCRD, FetchFailure>)

        /// Each failure with the URL the Errors view names: `key` (the request's), or the replica's
        /// list that failed.
        func failures(key: String) -> [(url: String, failure: FetchFailure)] {
            func failure<T>(_ result: Result<T, FetchFailure>) -> FetchFailure? {
                if case .failure(let failure) = result { return failure }
                return nil
            }
            let own: [FetchFailure?]
            switch self {
            case .crdDetail(let result): own = [failure(result)]
            case .crdHealth(let result): own = [failure(result)]
            case .crList(_, let unread) where !unread.isEmpty: return unread.map { ($0.url, $0.failure) }
            case .crList(let result, _): own = [failure(result)]
            case .resourceDetail(let detail, let events): own = [failure(detail), failure(events)]
            case .gatewayCRD(let result): own = [failure(result)]
            }
            return own.compactMap { $0.map { (key, $0) } }
        }
    }

    static func fetch(_ request: FocusRequest, fetcher: any HTTPFetcher, options: PollOptions) async -> Outcome {
        let timeout = options.timeoutSeconds
        func get<T: Decodable>(_ type: T.Type, _ url: String) async -> Result<T, FetchFailure> {
            await decoded(type, url, fetcher: fetcher, timeout: timeout)
        }
        switch request {
        case .crdDetail(let runtime, let crd):
            return .crdDetail(await get(CRDDetail.self, EndpointURL.crd(runtime, crd)))
        case .crdHealth(let runtime, let crd):
            // A CRD that is not healthy answers 503 with the same document: that is its health, not a failure.
            let answer = await fetcher.get(EndpointURL.crdHealth(runtime, crd), timeoutSeconds: timeout, alsoAccepting: [503])
            return .crdHealth(answer.flatMap { DecodeFailure.decode(CRDHealthStatus.self, from: $0.body) })
        case .crList(let runtime, let crd, let replicas) where replicas.isEmpty:
            return .crList(await list(runtime: runtime, crd: crd, options: options, get: get))
        case .crList(_, let crd, let replicas):
            let lists = await boundedMap(replicas, limit: options.concurrency) { replica in
                await list(runtime: replica, crd: crd, options: options) { type, url in
                    await decoded(type, url, fetcher: fetcher, timeout: timeout)
                }
            }
            let merged = MergedCRList.merge(crd: crd, replicas: replicas, lists: lists, cap: options.crListCap)
            return .crList(merged.list, unread: merged.unread)
        case .resourceDetail(let runtime, let crd, let namespace, let name):
            async let detail = get(ResourceDetail.self, EndpointURL.cr(runtime, crd, namespace: namespace, name: name))
            async let events = get(ResourceEvents.self, EndpointURL.events(runtime, crd, namespace: namespace, name: name))
            return .resourceDetail(await detail, events: await events)
        case .gatewayCRD(let gateway, let crd):
            return .gatewayCRD(await get(GatewayCRD.self, EndpointURL.crd(gateway, crd)))
        }
    }

    /// `url`'s answer decoded as `type`.
    static func decoded<T: Decodable>(_ type: T.Type, _ url: String, fetcher: any HTTPFetcher, timeout: Double) async
        -> Result<T, FetchFailure>
    {
        await fetcher.get(url, timeoutSeconds: timeout).flatMap { DecodeFailure.decode(T.self, from: $0.body) }
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
