import OrkValue
import Synchronization

/// A thread-safe store of parsed templates keyed by source: each distinct source is parsed once
/// (parse errors are remembered too) and then rendered as often as needed. This is the
/// production `TemplateEvaluator` for conditions, rules and resource fields.
///
/// A source without `{{` is returned as a string without being stored. When `capacity` distinct
/// sources have been stored the cache starts over, bounding its memory.
public final class TemplateCache: TemplateEvaluator, Sendable {
    /// The functions templates parsed by this cache may call.
    public let functions: TemplateFunctions
    /// Render limits applied to every evaluation.
    public let limits: TemplateLimits
    /// Most sources kept before the cache is cleared.
    public let capacity: Int
    private let entries = Mutex<[String: Result<Template, TemplateError>]>([:])

    public init(functions: TemplateFunctions = .standard, limits: TemplateLimits = .standard, capacity: Int = 10_000) {
        self.functions = functions
        self.limits = limits
        self.capacity = max(1, capacity)
    }

    /// The parsed template for `source` (parsed on first use).
    public func template(_ source: String) throws(TemplateError) -> Template {
        try entries.withLock { cache in
            if let cached = cache[source] { return cached }
            let parsed: Result<Template, TemplateError>
            do throws(TemplateError) {
                parsed = .success(try Template(source, functions: functions))
            } catch {
                parsed = .failure(error)
            }
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[source] = parsed
            return parsed
        }.get()
    }

    /// Renders `source` against `data` as text.
    public func render(_ source: String, data: JSONValue) throws(TemplateError) -> String {
        guard TemplateCache.hasAction(source) else { return source }
        return try template(source).render(data, limits: limits)
    }

    /// Typed evaluation (see `Template.evaluate`); a source without `{{` is returned as a string.
    public func evaluate(_ source: String, data: JSONValue) throws(TemplateError) -> JSONValue {
        guard TemplateCache.hasAction(source) else { return .string(source) }
        return try template(source).evaluate(data, limits: limits)
    }

    /// Number of sources currently stored.
    public var count: Int { entries.withLock { $0.count } }

    /// Drops every stored template.
    public func removeAll() { entries.withLock { $0.removeAll() } }

    private static func hasAction(_ source: String) -> Bool {
        var previousBrace = false
        for byte in source.utf8 {
            if byte == 0x7B {
                if previousBrace { return true }
                previousBrace = true
            } else {
                previousBrace = false
            }
        }
        return false
    }
}
