/// A buffer as text for golden files: the rows (trailing spaces trimmed), then every run of
/// non-plain style as `row col-col style`.
package enum BufferSnapshot {
    package static func text(_ buffer: CellBuffer) -> String {
        var lines: [String] = []
        for row in 0..<buffer.rows {
            var line = buffer.text(row: row)
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        lines.append("-- styles")
        for row in 0..<buffer.rows {
            var column = 0
            while column < buffer.columns {
                let style = buffer.cell(row: row, column: column).style
                var end = column
                while end + 1 < buffer.columns, buffer.cell(row: row, column: end + 1).style == style { end += 1 }
                if style != .plain { lines.append("\(row) \(column)-\(end) \(style.code)") }
                column = end + 1
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
