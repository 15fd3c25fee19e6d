/// Maps roles to cell styles. `color` uses the eight basic colours; `mono` (NO_COLOR,
/// `--no-color`) uses attributes only, so state is carried by glyph and word.
package struct Theme: Sendable, Equatable {
    package var name: String
    package var usesColor: Bool

    package static let color = Theme(name: "color", usesColor: true)
    package static let mono = Theme(name: "mono", usesColor: false)

    package func style(_ role: Role) -> CellStyle {
        if usesColor {
            switch role {
            case .normal: return .plain
            case .title: return CellStyle(foreground: .cyan, bold: true, reverse: true)
            case .header: return CellStyle(bold: true, underline: true)
            case .crumb: return CellStyle(foreground: .cyan)
            case .dim: return CellStyle(foreground: .gray)
            case .ok: return CellStyle(foreground: .green)
            case .warn: return CellStyle(foreground: .yellow)
            case .bad: return CellStyle(foreground: .red, bold: true)
            case .info: return CellStyle(foreground: .cyan)
            case .accent: return CellStyle(foreground: .magenta, bold: true)
            case .key: return CellStyle(foreground: .yellow, bold: true)
            case .selected: return CellStyle(reverse: true)
            }
        }
        switch role {
        case .normal, .ok, .info, .crumb: return .plain
        case .title: return CellStyle(bold: true, reverse: true)
        case .header: return CellStyle(bold: true, underline: true)
        case .dim: return CellStyle(dim: true)
        case .warn, .accent, .key: return CellStyle(bold: true)
        case .bad: return CellStyle(bold: true, underline: true)
        case .selected: return CellStyle(reverse: true)
        }
    }
}
