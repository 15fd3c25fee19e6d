import CNCursesShim
import FoundationEssentials

/// The interactive loop on its own thread: reads keys (100 ms timeout), renders when the state,
/// the UI or the clock second changed, coalesces resize bursts, tells the poller what the current
/// view needs, and quits on `q`, Ctrl-C, SIGTERM or SIGHUP.
final class TerminalSession {
    let terminal: CursesTerminal
    let box: SnapshotBox
    let commands: AsyncStream<PollerCommand>.Continuation
    let composer: FrameComposer
    var ui = ControlUI()
    var stats = FrameStats()
    var pending: [Key] = []

    init(terminal: CursesTerminal, box: SnapshotBox, commands: AsyncStream<PollerCommand>.Continuation, composer: FrameComposer) {
        self.terminal = terminal
        self.box = box
        self.commands = commands
        self.composer = composer
    }

    /// Runs until quit; returns the signal that ended it (0 for `q`).
    func run() -> Int32 {
        let clock = ContinuousClock()
        var version = -1
        var second = -1
        var dirty = true
        var focus: [FocusRequest] = []
        var page = Page(crumbs: [], content: .document([]))
        while !ui.quit {
            let signal = ork_take_quit_signal()
            if signal != 0 { return signal }
            let snapshot = box.read()
            if snapshot.version != version {
                version = snapshot.version
                dirty = true
            }
            let now = Date()
            let nowSecond = Int(now.timeIntervalSince1970)
            // Ages on screen only grow while polling is paused or something is down: only then
            // does the clock alone redraw (once a second); otherwise frames follow the polls.
            if nowSecond != second, Self.agesMatter(snapshot.state, ui: ui) {
                second = nowSecond
                dirty = true
            }
            if dirty {
                dirty = false
                let size = terminal.size
                let start = clock.now
                let frame = composer.compose(ui: ui, state: snapshot.state, now: now, columns: size.columns, rows: size.rows)
                let composed = clock.now
                terminal.draw(frame.buffer)
                stats.record(compose: milliseconds(composed - start), draw: milliseconds(clock.now - composed))
                page = frame.page
                ui.viewportHeight = max(1, frame.viewport.height)
                if case .document = frame.page.content { ui.updateCurrent { $0.top = frame.viewport.top } }
                let wanted = ui.current.route.focus(in: snapshot.state)
                if wanted != focus {
                    focus = wanted
                    commands.yield(.focus(wanted))
                }
            }
            guard let key = nextKey() else { continue }
            if key == .resize {
                coalesceResizes()
                terminal.invalidate()
                dirty = true
                continue
            }
            for effect in ui.handle(key, page: page) {
                switch effect {
                case .pollNow: commands.yield(.pollNow)
                case .setPaused(let paused): commands.yield(.setPaused(paused))
                case .quit: break
                }
            }
            dirty = true
        }
        return 0
    }

    static func agesMatter(_ state: ControlState, ui: ControlUI) -> Bool {
        ui.paused || state.paused || state.runtimes.contains { $0.health.state == .down }
            || state.gateways.contains { $0.health.state == .down }
    }

    func nextKey() -> Key? {
        if !pending.isEmpty { return pending.removeFirst() }
        return terminal.readKey(milliseconds: 100)
    }

    /// Drains queued input after a resize so a burst lays out once; other keys are kept.
    func coalesceResizes() {
        while let key = terminal.readKey(milliseconds: 0) {
            if key != .resize { pending.append(key) }
        }
    }
}
