/// A usage or terminal error of `ork control`, with a message that names what is wrong.
package enum ControlError: Error, Sendable, Equatable, CustomStringConvertible {
    case badURL(String, String)
    case noURLs
    case badDuration(String, String)
    case notATerminal
    case dumbTerminal
    case terminalSetup(String)
    /// A file a flag names cannot be read (or holds nothing).
    case unreadableFile(String, String)

    package var description: String {
        switch self {
        case .badURL(let value, let why): "invalid URL \"\(value)\": \(why)"
        case .noURLs: "nothing to poll: pass --context NAME (repeatable) or --all-contexts to discover runtimes and gateways "
            + "through the API server, or --urls URL[,URL…] (or ORK_CONTROL_URLS)"
        case .badDuration(let value, let why): "invalid duration \"\(value)\": \(why) (examples: 5s, 500ms, 1m)"
        case .notATerminal: "standard output is not a terminal: use --once --format text|json for scripts"
        case .dumbTerminal: "TERM=dumb cannot show the full-screen Control Center: use --once --format text|json"
        case .terminalSetup(let why): "cannot start the terminal UI: \(why)"
        case .unreadableFile(let flag, let path): "\(flag) \(path): the file cannot be read or is empty"
        }
    }
}
