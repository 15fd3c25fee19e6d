import OrkValue

/// The list/watch loop and the resync timer of an `Informer`.
extension Informer {
    /// Lists, then watches; resumes broken watches from the last resourceVersion and relists on
    /// `410 Gone`, until the task is cancelled.
    func listAndWatch() async {
        var failures = 0
        var needsList = true
        while !Task.isCancelled {
            let failure: KubeError
            do throws(KubeError) {
                if needsList {
                    try await relist()
                    needsList = false
                }
                guard let healthy = try await watchUntilReselected() else {
                    // A new selector: list with it (the difference is published), then watch again.
                    needsList = true
                    continue
                }
                if healthy {
                    failures = 0
                    state.withLock { $0.stats.lastError = nil }
                    continue
                }
                failure = KubeError(kind: .transport, message: "watch ended without events at once",
                                    request: "WATCH \(resource.path(namespace: options.namespace))")
            } catch {
                failure = error
            }
            if Task.isCancelled { break }
            failures += 1
            let gone = failure.kind == .gone
            // 410 Gone, and an event that cannot be read (garbage, or larger than the decoder's
            // bound): the stream's position is lost, so the informer relists.
            if gone || failure.kind == .decoding { needsList = true }
            state.withLock { state in
                state.stats.failures += 1
                if gone { state.stats.goneRelists += 1 }
                state.stats.lastError = failure
            }
            // The first 410 relists at once; anything else (and repeated 410s) backs off.
            if gone && failures == 1 {
                logger.info("watch expired (410), relisting", metadata: ["error": "\(failure)"])
                continue
            }
            let delay = Self.delay(after: failure, attempt: failures, backoff: options.backoff)
            logger.warning("list/watch failed, retrying in \(delay)", metadata: ["error": "\(failure)"])
            do {
                try await options.clock.sleep(for: delay)
            } catch {
                break
            }
        }
    }

    /// The wait before the next list/watch: the server's `Retry-After` (a 429, or a 5xx that
    /// carries one) bounded by `RetryPolicy.maxRetryAfter`, else the backoff of attempt `attempt`.
    static func delay(after failure: KubeError, attempt: Int, backoff: Backoff) -> Duration {
        if let retryAfter = failure.retryAfter { return min(max(retryAfter, .zero), RetryPolicy.maxRetryAfter) }
        return backoff.delay(attempt: attempt)
    }

    /// Lists everything and replaces the store with it, publishing the difference.
    func relist() async throws(KubeError) {
        let (selector, generation) = state.withLock { ($0.selection.wanted, $0.selection.generation) }
        let list = try await client.listAll(resource, namespace: options.namespace,
                                            options: ListOptions(labelSelector: selector,
                                                                 fieldSelector: options.fieldSelector),
                                            pageSize: options.pageSize, metadataOnly: options.metadataOnly, keep: trim)
        let waiters = state.withLock { state in
            fanout.publish(state.store.replace(with: list.items))
            state.resourceVersion = list.resourceVersion
            state.stats.lists += 1
            var waiters = state.selection.listed(selector, generation: generation)
            guard !state.hasSynced else { return waiters }
            state.hasSynced = true
            defer { state.syncWaiters = [:] }
            waiters.append(contentsOf: state.syncWaiters.values)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: true) }
        await fanout.waitForRoom()
    }

    /// One watch from the stored resourceVersion, applied until the stream ends. Returns whether it
    /// was healthy (delivered something or lasted a while) rather than closed at once.
    func watchOnce() async throws(KubeError) -> Bool {
        let version = state.withLock { $0.resourceVersion }
        let seconds = Backoff.seconds(options.watchTimeout)
        let base = seconds.isFinite && seconds >= 1 ? Int(min(seconds, 86_400)) : 1
        let selector = state.withLock { $0.selection.listedSelector }
        let watchOptions = WatchOptions(labelSelector: selector, fieldSelector: options.fieldSelector,
                                        resourceVersion: version, allowBookmarks: true,
                                        timeoutSeconds: Int.random(in: base...(2 * base)))
        let clock = ContinuousClock()
        let started = clock.now
        let stream = try await client.watch(resource, namespace: options.namespace, options: watchOptions,
                                            metadataOnly: options.metadataOnly)
        state.withLock { $0.stats.watches += 1 }
        var received = 0
        do {
            for try await event in stream {
                received += 1
                apply(event)
                await fanout.waitForRoom()
            }
        } catch let error as KubeError {
            throw error
        } catch {
            throw KubeError(kind: .transport, message: "\(error)", request: "WATCH \(resource.path(namespace: options.namespace))")
        }
        return received > 0 || clock.now - started >= .seconds(1)
    }

    /// Applies one watch event to the store and publishes what it changed.
    func apply(_ event: WatchEvent) {
        let object = event.type == .bookmark ? event.object : trim(event.object)
        state.withLock { state in
            state.stats.watchEvents += 1
            var change: InformerEvent?
            switch event.type {
            case .added, .modified: change = state.store.upsert(object)
            case .deleted: change = state.store.delete(object)
            case .bookmark: state.stats.bookmarks += 1
            }
            if let change { fanout.publish([change]) }
            let version = event.resourceVersion
            if !version.isEmpty { state.resourceVersion = version }
        }
    }

    /// Every `period`, re-delivers every stored object as `.resync` (once synced), until cancelled.
    func resync(every period: Duration) async {
        while true {
            do {
                try await Task.sleep(for: period)
            } catch {
                return
            }
            state.withLock { state in
                guard state.hasSynced else { return }
                let objects = state.store.objects
                fanout.publish(objects.keys.sorted().compactMap { objects[$0].map(InformerEvent.resync) })
            }
            await fanout.waitForRoom()
        }
    }

    /// What the store keeps of a listed or watched object: trimmed, with the `apiVersion` and
    /// `kind` that list items omit (metadata-only objects keep their own), then `options.keep`.
    func trim(_ object: JSONValue) -> JSONValue {
        var object = InformerTrim.trim(object)
        guard case .object(var fields) = object else { return object }
        if fields["apiVersion"] == nil && fields["kind"] == nil && !options.metadataOnly {
            fields["apiVersion"] = .string(resource.apiVersion)
            fields["kind"] = .string(resource.kind)
            object = .object(fields)
        }
        return options.keep.map { $0(object) } ?? object
    }
}
