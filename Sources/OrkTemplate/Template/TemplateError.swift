/// An error from parsing or rendering a template. `line` and `column` are 1-based and point into
/// the template source (columns count Unicode scalars); for render errors they point at the
/// failing action, function call or field.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    init(at location: TemplateLocation, _ message: String) {
        self.init(line: location.line, column: location.column, message: message)
    }

    /// `line:column: message`.
    public var description: String { "\(line):\(column): \(message)" }
}

/// An error raised by a template function; the engine turns it into a `TemplateError` at the
/// position of the call (`error calling <name>: <message>`).
public struct TemplateFunctionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A 1-based line and column inside a template source.
struct TemplateLocation: Sendable, Equatable {
    var line: Int
    var column: Int

    static let start = TemplateLocation(line: 1, column: 1)
}
