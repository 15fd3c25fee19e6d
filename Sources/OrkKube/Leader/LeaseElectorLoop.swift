import OrkValue

/// The election loop of a `LeaseElector`: acquire, renew, give up, release.
extension LeaseElector {
    /// The outcome of one acquire-or-renew attempt.
    enum Attempt: Sendable {
        case acquired
        /// Someone else holds an unexpired Lease.
        case heldByOther
        case failed(KubeError)
    }

    /// Acquires, leads until leadership is lost, and starts over, until cancelled.
    func elect() async {
        while !Task.isCancelled {
            guard await acquire() else { return }
            state.withLock { $0.isLeader = true }
            emit(.startedLeading)
            await renew()
            if Task.isCancelled { return }
            state.withLock { $0.isLeader = false }
            emit(.stoppedLeading)
        }
    }

    /// Tries every retry period (or as soon as the Lease is released) until the Lease is ours;
    /// false when cancelled first.
    func acquire() async -> Bool {
        while !Task.isCancelled {
            switch await tryAcquireOrRenew() {
            case .acquired: return true
            case .heldByOther: break
            case .failed(let error): logger.debug("cannot acquire the lease", metadata: ["error": "\(error)"])
            }
            let jitter = Double.random(in: 0...0.2)
            let pause = config.retryPeriod + config.retryPeriod * jitter
            let version = state.withLock { $0.observedVersion }
            if watchForRelease && !version.isEmpty {
                await untilFirst([
                    { try? await Task.sleep(for: pause) },
                    { await self.waitForRelease(after: version, for: pause) },
                ])
            } else {
                try? await Task.sleep(for: pause)
            }
        }
        return false
    }

    /// Renews every retry period; returns when a renewal did not succeed within the renew deadline
    /// (counted from the last successful one), when another holder shows up, or when cancelled.
    func renew() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: config.retryPeriod)
            } catch {
                return
            }
            while true {
                let last = state.withLock { $0.lastRenew } ?? clock.now
                let remaining = last + config.renewDeadline - clock.now
                guard remaining > .zero else {
                    logger.warning("could not renew the lease within the renew deadline (\(config.renewDeadline))")
                    return
                }
                let attempt = await withDeadline(remaining) { await self.tryAcquireOrRenew() }
                if Task.isCancelled { return }
                switch attempt {
                case .acquired?:
                    break
                case .heldByOther?:
                    logger.warning("another candidate holds the lease")
                    return
                case .failed(let error)?:
                    logger.warning("lease renewal failed", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: min(config.retryPeriod / 2, remaining))
                    continue
                case nil:
                    continue  // the deadline check above ends it
                }
                break
            }
        }
    }

    /// client-go's tryAcquireOrRenew: reads the Lease, notes when its record changed, and writes
    /// ourselves as holder when it is missing, free, ours, or expired by our own clock.
    func tryAcquireOrRenew() async -> Attempt {
        let now = clock.now
        var current: JSONValue?
        do {
            current = try await client.get(Self.leases, namespace: config.namespace, name: config.name)
        } catch where error.kind == .notFound {
            current = nil
        } catch {
            return .failed(error)
        }
        let old = current.map(LeaseRecord.init(lease:))
        if let current, let old {
            // Seen now, after the read: the record may have been written while the GET was under way
            // (a stalled request, a starved process), so the instant it was sent would start the
            // holder's lease early and let us take over before the holder's renew deadline passed.
            let read = clock.now
            observe(old, version: current.resourceVersion, at: read)
            if !old.isFree && old.holderIdentity != config.identity {
                let seen = state.withLock { $0.observedAt } ?? read
                let duration = old.leaseDurationSeconds > 0
                    ? Duration.seconds(min(old.leaseDurationSeconds, Self.maxLeaseSeconds)) : config.leaseDuration
                if seen + duration > clock.now { return .heldByOther }
            }
        }
        let stamp = MicroTime.now()
        var record = LeaseRecord(holderIdentity: config.identity, leaseDurationSeconds: leaseSeconds,
                                 acquireTime: stamp, renewTime: stamp, leaseTransitions: 0, endpoint: config.endpoint ?? "")
        if let old {
            if old.holderIdentity == config.identity {
                record.acquireTime = old.acquireTime.isEmpty ? stamp : old.acquireTime
                record.leaseTransitions = old.leaseTransitions
            } else {
                record.leaseTransitions = min(max(old.leaseTransitions, 0), Int(Int32.max) - 1) + 1
            }
        }
        let written: JSONValue
        do {
            let lease = record.applied(to: current, name: config.name, namespace: config.namespace, labels: config.labels)
            if current == nil {
                written = try await client.create(Self.leases, namespace: config.namespace, lease)
            } else {
                written = try await client.update(Self.leases, namespace: config.namespace, lease)
            }
        } catch {
            return .failed(error)  // a conflict: someone else wrote first
        }
        observe(LeaseRecord(lease: written), version: written.resourceVersion, at: clock.now)
        state.withLock { $0.lastRenew = now }  // the instant before the request: the lease is at least this fresh
        return .acquired
    }

    /// Records the Lease as seen at `time`; the expiry clock restarts only when the record changed.
    func observe(_ record: LeaseRecord, version: String, at time: ContinuousClock.Instant) {
        let change = state.withLock { state -> LeaderState? in
            let before = state.leaderState
            state.observedVersion = version
            guard state.observed != record else { return nil }
            state.observed = record
            state.observedAt = time
            let after = state.leaderState
            return before.leaderIdentity != after.leaderIdentity || before.leaderEndpoint != after.leaderEndpoint ? after : nil
        }
        if let change { emit(.newLeader(identity: change.leaderIdentity, endpoint: change.leaderEndpoint)) }
    }

    /// Returns when a watch of the Lease (from `version`) shows it released or deleted; otherwise
    /// waits until cancelled (the caller races it against its retry timer).
    func waitForRelease(after version: String, for period: Duration) async {
        let options = WatchOptions(fieldSelector: "metadata.name=\(config.name)", resourceVersion: version,
                                   allowBookmarks: false, timeoutSeconds: Self.wholeSeconds(period))
        do {
            let stream = try await client.watch(Self.leases, namespace: config.namespace, options: options)
            for try await event in stream {
                if event.type == .deleted || (event.type != .bookmark && LeaseRecord(lease: event.object).isFree) { return }
            }
        } catch {
            logger.debug("lease watch failed", metadata: ["error": "\(error)"])
        }
        try? await Task.sleep(for: period * 2)
    }

    /// Hands the Lease over: empty holder, one-second duration, endpoint removed. Only when we
    /// still hold it; bounded by the renew deadline.
    func release() async {
        _ = await withDeadline(config.renewDeadline) {
            for _ in 0..<3 {
                let lease: JSONValue
                do throws(KubeError) {
                    lease = try await self.client.get(Self.leases, namespace: self.config.namespace, name: self.config.name)
                } catch {
                    return
                }
                let record = LeaseRecord(lease: lease)
                guard record.holderIdentity == self.config.identity else { return }
                let stamp = MicroTime.now()
                let released = LeaseRecord(holderIdentity: "", leaseDurationSeconds: 1, acquireTime: stamp, renewTime: stamp,
                                           leaseTransitions: record.leaseTransitions, endpoint: "")
                do throws(KubeError) {
                    let written = try await self.client.update(
                        Self.leases, namespace: self.config.namespace,
                        released.applied(to: lease, name: self.config.name, namespace: self.config.namespace,
                                         labels: self.config.labels))
                    self.observe(LeaseRecord(lease: written), version: written.resourceVersion, at: self.clock.now)
                    self.logger.info("released the lease")
                    return
                } catch where error.kind == .conflict {
                    continue
                } catch {
                    self.logger.warning("could not release the lease", metadata: ["error": "\(error)"])
                    return
                }
            }
        }
    }

    /// The configured lease duration in whole seconds, as the Lease stores it.
    var leaseSeconds: Int { Self.wholeSeconds(config.leaseDuration) }

    /// The longest lease duration believed from a Lease (a day): bigger values are treated as this.
    static let maxLeaseSeconds = 86_400

    /// `duration` in whole seconds, rounded up and kept within 1...maxLeaseSeconds (never trapping).
    static func wholeSeconds(_ duration: Duration) -> Int {
        let seconds = Backoff.seconds(duration).rounded(.up)
        guard seconds.isFinite, seconds >= 1 else { return 1 }
        return seconds >= Double(maxLeaseSeconds) ? maxLeaseSeconds : Int(seconds)
    }
}
