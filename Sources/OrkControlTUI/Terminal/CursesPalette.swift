import CNCursesShim
import CNCursesw

/// Colour pairs for the palette colours on the terminal's default background: 256-colour
/// indexes when the terminal has them, else the 16 or 8 basic ones. Never redefines colours.
struct CursesPalette {
    private var pairs: [PaletteColor: Int32] = [:]

    /// Starts colour; nil when the theme is monochrome or the terminal has no colours.
    static func start(theme: Theme) -> CursesPalette? {
        guard theme.usesColor, has_colors() else { return nil }
        start_color()
        let background: Int16 = use_default_colors() == 0 ? -1 : 0
        let colors = ork_colors()
        var palette = CursesPalette()
        for (index, color) in PaletteColor.allCases.enumerated() {
            let pair = Int16(index + 1)
            guard Int32(pair) < ork_color_pairs() else { break }
            init_pair(pair, Self.index(color, colors: colors), background)
            palette.pairs[color] = Int32(pair)
        }
        return palette
    }

    static func index(_ color: PaletteColor, colors: Int32) -> Int16 {
        if colors >= 256 {
            switch color {
            case .red: return 203
            case .green: return 114
            case .yellow: return 221
            case .blue: return 75
            case .magenta: return 177
            case .cyan: return 80
            case .white: return 252
            case .gray: return 245
            }
        }
        switch color {
        case .red: return 1
        case .green: return 2
        case .yellow: return 3
        case .blue: return 4
        case .magenta: return 5
        case .cyan: return 6
        case .white: return 7
        case .gray: return colors >= 16 ? 8 : 7
        }
    }

    /// The curses attributes of a cell style.
    func attributes(_ style: CellStyle) -> Int32 {
        var attributes = ork_attr_normal()
        if let color = style.foreground, let pair = pairs[color] { attributes |= ork_color_pair(pair) }
        if style.bold { attributes |= ork_attr_bold() }
        if style.dim { attributes |= ork_attr_dim() }
        if style.reverse { attributes |= ork_attr_reverse() }
        if style.underline { attributes |= ork_attr_underline() }
        return attributes
    }

    /// Attributes without colour (monochrome).
    static func monochrome(_ style: CellStyle) -> Int32 {
        CursesPalette().attributes(CellStyle(bold: style.bold, dim: style.dim, reverse: style.reverse, underline: style.underline))
    }
}
