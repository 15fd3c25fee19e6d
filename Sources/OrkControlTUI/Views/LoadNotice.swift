/// A line saying a focused document is loading, failed, or is shown from an older fetch.
enum LoadNotice {
    static func lines<Value>(_ loaded: Loaded<Value>?, what: String, _ context: ViewContext) -> [Line] {
        guard let loaded else { return [[Span("loading \(what)", .dim)]] }
        guard let error = loaded.error else {
            return loaded.value == nil ? [[Span("loading \(what)", .dim)]] : []
        }
        var line: Line = [Span(context.glyphs.down + " " + what + ": " + error, .bad)]
        if let fetched = loaded.fetchedAt {
            line.append(Span(" " + context.glyphs.dot + " showing data from " + Format.age(since: fetched, now: context.now) + " ago", .dim))
        }
        return [line]
    }
}
