/// A place in YAML text as the scanner counts it: characters (Unicode scalars) from the start, and a
/// 0-based line and column in characters. Diagnostics show it 1-based, as libyaml's marks always were.
struct YAMLMark: Sendable, Hashable {
    /// Characters read so far (a CRLF counts as two); only the 1,024-character limit of implicit keys uses it.
    var index = 0
    var line = 0
    var column = 0

    func position(in file: String) -> SourcePosition {
        SourcePosition(file: file, line: line + 1, column: column + 1)
    }
}

extension YAMLSyntaxError {
    /// A syntax error in the wording the reader has always used: `YAML syntax: <while doing what> <problem>`.
    static func syntax(_ context: String?, _ problem: String, at mark: YAMLMark, file: String) -> YAMLSyntaxError {
        let prefix = context.map { "\($0) " } ?? ""
        return YAMLSyntaxError(position: mark.position(in: file), message: "YAML syntax: \(prefix)\(problem)")
    }
}
