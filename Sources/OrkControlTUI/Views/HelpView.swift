/// `?`: every key binding, grouped, from the key table (the same table as the hint line).
package enum HelpView {
    package static func page(glyphs: Glyphs) -> Page {
        var lines: [Line] = []
        for group in KeyTable.Group.allCases {
            lines.append([Span(group.rawValue, .header)])
            for binding in KeyTable.bindings where binding.group == group {
                lines.append([Span("  " + TextWidth.fit(KeyTable.label(binding, glyphs: glyphs), to: 18, ellipsis: "~"), .key), Span(binding.help)])
            }
            lines.append([])
        }
        lines.append([Span("The Control Center only reads (GET); it never changes a runtime or gateway.", .dim)])
        lines.append([Span("States: OK, SLOW (answered slowly), DEGR (reports a problem), DOWN (with the reason).", .dim)])
        return Page(crumbs: ["Control Center", "help"], content: .document(lines))
    }
}
