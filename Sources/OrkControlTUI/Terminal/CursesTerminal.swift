import CNCursesShim
import CNCursesw
import FoundationEssentials

/// The thin curses backend: opens the terminal (with a TERM fallback), draws only the cells that
/// changed since the last frame, reads keys with a timeout, and restores the terminal.
/// Every call must come from the one thread that opened it.
final class CursesTerminal {
    private var screen: OpaquePointer?
    private var palette: CursesPalette?
    private var previous: CellBuffer?
    private var restored = false
    /// The TERM actually used when the environment's was unknown.
    private(set) var fallbackTerm: String?

    static let fallbackTerms = ["xterm-256color", "xterm", "vt100"]

    /// `setlocale` must have run. Throws when no terminal type works.
    init(theme: Theme, term: String?) throws(ControlError) {
        guard let output = fdopen(1, "w"), let input = fdopen(0, "r") else {
            throw .terminalSetup("cannot open the terminal's file descriptors")
        }
        ork_save_terminal_modes(1)
        screen = newterm(nil, output, input)
        if screen == nil {
            for candidate in Self.fallbackTerms where screen == nil {
                screen = candidate.withCString { newterm(UnsafeMutablePointer(mutating: $0), output, input) }
                if screen != nil { fallbackTerm = candidate }
            }
        }
        guard screen != nil else {
            throw .terminalSetup("TERM=\(term ?? "(unset)") is unknown to terminfo and none of \(Self.fallbackTerms.joined(separator: ", ")) works")
        }
        ork_install_crash_restore()
        ork_setup_modes()
        palette = CursesPalette.start(theme: theme)
    }

    deinit { restore() }

    var size: (columns: Int, rows: Int) { (Int(ork_screen_cols()), Int(ork_screen_rows())) }

    /// Draws a frame: after a resize everything, otherwise only runs of changed cells.
    func draw(_ buffer: CellBuffer) {
        let full = previous.map { $0.columns != buffer.columns || $0.rows != buffer.rows } ?? true
        if full { ork_erase() }
        for row in 0..<buffer.rows {
            var column = 0
            while column < buffer.columns {
                let cell = buffer.cell(row: row, column: column)
                if !full, previous?.cell(row: row, column: column) == cell {
                    column += 1
                    continue
                }
                if cell.text.isEmpty {  // right half of a wide character: drawn with its left half
                    column += 1
                    continue
                }
                let start = column
                var text = ""
                while column < buffer.columns {
                    let next = buffer.cell(row: row, column: column)
                    guard next.style == cell.style, full || previous?.cell(row: row, column: column) != next || next.text.isEmpty else { break }
                    text += next.text
                    column += 1
                }
                let attributes = palette?.attributes(cell.style) ?? CursesPalette.monochrome(cell.style)
                _ = text.withCString { ork_put(Int32(row), Int32(start), $0, attributes) }
            }
        }
        ork_refresh()
        previous = buffer
    }

    /// Forgets the last frame so the next draw repaints the screen (resize, Ctrl-L).
    func invalidate() {
        previous = nil
        ork_force_repaint()
    }

    /// The next key, or nil after `milliseconds`.
    func readKey(milliseconds: Int32) -> Key? {
        let code = ork_read_key(milliseconds)
        guard code != ork_err() else { return nil }
        return Self.decode(code)
    }

    static func decode(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER, 10, 13: return .enter
        case 27: return .escape
        case KEY_BACKSPACE, 127, 8: return .backspace
        case KEY_RESIZE: return .resize
        case 32...126:
            guard let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .character(Character(scalar))
        default: return nil
        }
    }

    /// Leaves curses: attributes reset, cursor shown, alternate screen left, tty modes restored.
    /// Idempotent.
    func restore() {
        guard !restored else { return }
        restored = true
        if !isendwin() { endwin() }
        ork_remove_crash_restore()
        if let screen { delscreen(screen) }
        screen = nil
    }
}
