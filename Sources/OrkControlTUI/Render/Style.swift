/// What a piece of text means; a `Theme` turns it into colour and attributes.
package enum Role: String, Sendable, Hashable, CaseIterable {
    case normal, title, header, crumb, dim, ok, warn, bad, info, accent, key, selected
}

/// One of the eight basic colours; the curses palette maps each to 8, 16 or 256 colours.
package enum PaletteColor: String, Sendable, Hashable, CaseIterable {
    case red, green, yellow, blue, magenta, cyan, white, gray
}

/// A cell's resolved look. The background is always the terminal's own.
package struct CellStyle: Sendable, Hashable {
    package var foreground: PaletteColor?
    package var bold = false
    package var dim = false
    package var reverse = false
    package var underline = false

    package init(foreground: PaletteColor? = nil, bold: Bool = false, dim: Bool = false, reverse: Bool = false,
                underline: Bool = false) {
        self.foreground = foreground
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    package static let plain = CellStyle()

    /// A compact description for golden files, e.g. `green+bold`; `-` for plain.
    package var code: String {
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
package struct Span: Sendable, Equatable {
    package var text: String
    package var role: Role

    package init(_ text: String, _ role: Role = .normal) {
        self.text = text
        self.role = role
    }
}

/// A line of spans.
package typealias Line = [Span]

extension Array where Element == Span {
    /// The line's text without styles.
    package var plainText: String { map(\.text).joined() }

    /// Columns the line takes, counted up to `limit` (see `TextWidth.width(_:upTo:)`).
    package func width(upTo limit: Int) -> Int {
        var total = 0
        for span in self where total < limit {
            total += TextWidth.width(span.text, upTo: limit - total)
        }
        return total
    }
}
