import FoundationEssentials

/// Short numbers, ages, bars and sparklines for table cells.
package enum Format {
    /// `42s`, `5m`, `3h`, `2d`; `-` when unknown.
    package static func age(seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "-" }
        let value = max(0, Int.saturating(seconds))
        if value < 60 { return "\(value)s" }
        if value < 3600 { return "\(value / 60)m" }
        if value < 86400 { return "\(value / 3600)h" }
        return "\(value / 86400)d"
    }

    package static func age(since date: Date?, now: Date) -> String {
        age(seconds: date.map { now.timeIntervalSince($0) })
    }

    /// The age of an RFC 3339 timestamp from the API; `-` when absent or unparsable.
    package static func age(ofTimestamp text: String?, now: Date) -> String {
        age(since: timestamp(text), now: now)
    }

    package static func timestamp(_ text: String?) -> Date? {
        guard let text else { return nil }
        return try? Date(text, strategy: .iso8601)
    }

    /// `2.5%`, `60%`, `0%`; `1e+300%` for absurd values, `-` for non-finite ones.
    package static func percent(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        let rounded = (value * 10).rounded() / 10
        guard rounded.isFinite else { return "\(value)%" }
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? "\(Int(rounded))%" : "\(rounded)%"
    }

    /// `12ms`, `1.5ms`, `2.3s`; `-` for null.
    package static func milliseconds(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        if value >= 1000 { return "\(((value / 100).rounded()) / 10)s" }
        if value >= 10 { return "\(Int(value.rounded()))ms" }
        return "\(((value * 10).rounded()) / 10)ms"
    }

    /// A bar of `width` cells filled by `value / maximum` (empty for a negative value or maximum,
    /// full when the value is above the maximum).
    package static func bar(_ value: Int, of maximum: Int, width: Int, glyphs: Glyphs) -> String {
        guard width > 0 else { return "" }
        let ratio = maximum > 0 ? Double(max(0, value)) / Double(maximum) : 0
        let filled = max(0, min(width, Int.saturating((ratio * Double(width)).rounded(.up))))
        return String(repeating: glyphs.barFull, count: filled) + String(repeating: glyphs.barEmpty, count: width - filled)
    }

    /// One cell per sample, scaled to the highest latency shown; a failed poll is `noSample`.
    package static func sparkline(_ samples: [HistorySample], width: Int, glyphs: Glyphs) -> String {
        let shown = samples.suffix(width)
        let highest = shown.compactMap(\.latencyMs).max() ?? 0
        let levels = glyphs.spark.count
        var text = String(repeating: " ", count: max(0, width - shown.count))
        for sample in shown {
            guard let latency = sample.latencyMs, sample.state != .down else {
                text += glyphs.noSample
                continue
            }
            let level = highest > 0 ? Int.saturating((latency / highest * Double(levels - 1)).rounded()) : 0
            text += glyphs.spark[max(0, min(levels - 1, level))]
        }
        return text
    }

    /// A URL as the user reads it: `one: ork/orkestra-runtime/katalog` for one polled through
    /// context `one`'s API server proxy, any other URL as it is.
    package static func endpoint(_ url: String) -> String {
        guard let proxied = KubeProxyURL.parse(url), let target = proxied.target else { return url }
        return proxied.context + ": " + target + (proxied.rest ?? "")
    }

    /// `host:port` of a URL, for narrow columns.
    package static func hostPort(_ url: String) -> String {
        if let target = KubeProxyURL.parse(url)?.target { return target }
        guard let components = URLComponents(string: url), let host = components.host else { return url }
        return components.port.map { "\(host):\($0)" } ?? host
    }

    /// `hh:mm:ss` in UTC.
    package static func clock(_ date: Date) -> String {
        let seconds = (Int.saturating(date.timeIntervalSince1970) % 86400 + 86400) % 86400
        let parts = [seconds / 3600, (seconds / 60) % 60, seconds % 60]
        return parts.map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ":")
    }
}
