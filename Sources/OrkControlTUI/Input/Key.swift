/// A key press, decoded from curses (or scripted by tests).
package enum Key: Sendable, Hashable {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace
    case resize
}

/// What a key does.
package enum Action: Sendable, Hashable {
    case up, down, pageUp, pageDown, top, bottom
    case open, back
    case filter, sort, reverseSort
    case pollNow, pause, errors, help, quit
}
