/// What a piece of text means; a `Theme` turns it into colour and attributes.
public enum Role: String, Sendable, Hashable, CaseIterable {
    case normal, title, header, crumb, dim, ok, warn, bad, info, accent, key, selected
}

/// One of the eight basic colours; the curses palette maps each to 8, 16 or 256 colours.
public enum PaletteColor: String, Sendable, Hashable, CaseIterable {
    case red, green, yellow, blue, magenta, cyan, white, gray
}

/// A cell's resolved look. The background is always the terminal's own.
public struct CellStyle: Sendable, Hashable {
    public var foreground: PaletteColor?
    public var bold = false
    public var dim = false
    public var reverse = false
    public var underline = false

    public init(foreground: PaletteColor? = nil, bold: Bool = false, dim: Bool = false, reverse: Bool = false,
                underline: Bool = false) {
        self.foreground = foreground
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = CellStyle()

    /// A compact description for golden files, e.g. `green+bold`; `-` for plain.
    public var code: String {
        var parts: [String] = []
        if let foreground { parts.append(foreground.rawValue) }
        if bold { parts.append("bold") }
        if dim { parts.append("dim") }
        if reverse { parts.append("reverse") }
        if underline { parts.append("underline") }
        return parts.isEmpty ? "-" : parts.joined(separator: "+")
    }
}

/// Text with a role: the unit view models are made of.
public struct Span: Sendable, Equatable {
    public var text: String
    public var role: Role

    public init(_ text: String, _ role: Role = .normal) {
        self.text = text
        self.role = role
    }
}

/// A line of spans.
public typealias Line = [Span]

extension Array where Element == Span {
    /// The line's text without styles.
    public var plainText: String { map(\.text).joined() }
}
