import CNCursesShim
import CNCursesw
import FoundationEssentials
import OrkValue
#if canImport(Glibc)
import Glibc
#endif

/// `ork control`: `--once` polls and prints; otherwise the poller runs in Swift concurrency and
/// the curses session on its own thread until the user quits.
package enum ControlApp {
    /// Runs and returns the process exit status.
    package static func run(_ options: ControlOptions, environment: [String: String]) async throws(ControlError) -> Int32 {
        guard !options.runtimeURLs.isEmpty || !options.gatewayURLs.isEmpty || !options.sources.isEmpty else { throw .noURLs }
        // The user's character set for curses only: numbers keep C's "." (LC_NUMERIC stays "C").
        setlocale(LC_CTYPE, "")
        let codeset = String(cString: ork_codeset())
        let glyphs = options.glyphs(codeset: codeset)
        if let format = options.once {
            let direct = try AsyncHTTPFetcher(connectTimeoutSeconds: options.poll.timeoutSeconds, credentials: options.credentials)
            let poller = Poller(runtimeURLs: options.runtimeURLs, gatewayURLs: options.gatewayURLs, sources: options.sources,
                                fetcher: ProxyFetcher(direct: direct, sources: options.sources), options: options.poll)
            await poller.pollFleet()
            let state = await poller.state
            await direct.shutdown()
            await shutdown(options.sources)
            let columns = min(OnceText.maximumColumns, Int(environment["COLUMNS"] ?? "") ?? 120)
            switch format {
            case .text: print(OnceText.render(state, now: Date(), glyphs: glyphs, columns: columns,
                                              refreshSeconds: options.poll.refreshSeconds), terminator: "")
            case .json: print(OnceJSON.render(state, now: Date()), terminator: "")
            }
            return 0
        }
        guard isatty(1) == 1, isatty(0) == 1 else { throw .notATerminal }
        guard environment["TERM"] != "dumb" else { throw .dumbTerminal }
        let direct = try AsyncHTTPFetcher(connectTimeoutSeconds: options.poll.timeoutSeconds, credentials: options.credentials)
        let result = await interactive(options, environment: environment, glyphs: glyphs,
                                       fetcher: ProxyFetcher(direct: direct, sources: options.sources))
        await direct.shutdown()
        await shutdown(options.sources)
        let status = try result.get()
        // Ended by SIGINT, SIGTERM or SIGHUP: the terminal is restored and everything shut down;
        // the process now ends by that signal, so its wait status tells the truth (a shell shows
        // 128 + signal either way). The return is only reached if re-raising failed.
        if status > 128 { ork_reraise(status - 128) }
        return status
    }

    static func interactive(_ options: ControlOptions, environment: [String: String], glyphs: Glyphs,
                            fetcher: ProxyFetcher) async -> Result<Int32, ControlError> {
        var initial = ControlState(runtimeURLs: options.runtimeURLs, gatewayURLs: options.gatewayURLs)
        initial.clusters = options.sources.map { ClusterEndpoint(context: $0.context, server: $0.server) }
        let box = SnapshotBox(initial)
        let poller = Poller(runtimeURLs: options.runtimeURLs, gatewayURLs: options.gatewayURLs, sources: options.sources,
                            fetcher: fetcher, options: options.poll, publish: { box.publish($0) })
        let (commands, continuation) = AsyncStream<PollerCommand>.makeStream()
        let composer = FrameComposer(theme: options.theme(environment: environment), glyphs: glyphs,
                                     refreshSeconds: options.poll.refreshSeconds)
        ork_install_quit_signals()
        let pollTask = Task { await poller.run(commands: commands) }
        let outcome: Result<UIOutcome, ControlError> = await withCheckedContinuation { done in
            let started = SessionThread.start {
                done.resume(returning: runSession(box: box, commands: continuation, composer: composer,
                                                  term: environment["TERM"], statsFile: options.statsFile))
            }
            if !started { done.resume(returning: .failure(.terminalSetup("cannot start the UI thread"))) }
        }
        continuation.finish()
        pollTask.cancel()
        await pollTask.value
        return outcome.map { result in
            if let term = result.fallbackTerm {
                StandardStream.error.write("ork control: TERM=\(environment["TERM"] ?? "") is unknown to terminfo; used \(term)\n")
            }
            return result.signal == 0 ? 0 : 128 + result.signal
        }
    }

    /// Releases the contexts' connections.
    static func shutdown(_ sources: [ClusterSource]) async {
        for source in sources { await source.transport.shutdown() }
    }

    struct UIOutcome: Sendable {
        var signal: Int32
        var fallbackTerm: String?
    }

    /// The UI thread: opens curses, runs the session, restores the terminal whatever happens.
    static func runSession(box: SnapshotBox, commands: AsyncStream<PollerCommand>.Continuation, composer: FrameComposer,
                           term: String?, statsFile: String?) -> Result<UIOutcome, ControlError> {
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(theme: composer.theme, term: term)
        } catch {
            return .failure(error)
        }
        let session = TerminalSession(terminal: terminal, box: box, commands: commands, composer: composer)
        let signal = session.run()
        terminal.restore()
        if let statsFile {
            try? session.stats.json(rssKiB: FrameStats.residentKiB()).write(toFile: statsFile, atomically: true, encoding: .utf8)
        }
        return .success(UIOutcome(signal: signal, fallbackTerm: terminal.fallbackTerm))
    }
}
