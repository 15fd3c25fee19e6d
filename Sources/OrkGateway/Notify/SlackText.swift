/// Text for Slack's `mrkdwn`: the three characters Slack gives meaning to are escaped (`&` → `&amp;`,
/// `<` → `&lt;`, `>` → `&gt;`), so a notification cannot carry a mention (`<!channel>`, `<@U123>`),
/// a link (`<https://…|text>`) or a channel reference of its own. Slack renders the escapes as the
/// characters themselves.
public enum SlackText {
    public static func escaped(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
