/// An email as SMTP sends it after `DATA`, built from a line model over UTF-8 bytes (never Swift
/// `Character`s, whose single "\r\n" grapheme hides the line end from a split on "\n").
///
/// * Every line end in the body — "\r\n", a lone "\r", a lone "\n" — becomes one CRLF, so no text
///   can end the DATA section early ("\r\n.\r\n") and smuggle commands to the relay.
/// * Every body line starting with "." gets a second "." (RFC 5321 §4.5.2).
/// * Body lines longer than 998 octets are broken (RFC 5321 §4.5.3.1.6), at a UTF-8 scalar boundary.
/// * Header values cannot carry a line end: the Subject is folded onto one line (CR/LF and other
///   control characters become spaces); addresses with a CR, LF, control character, "<" or ">"
///   are refused (`SMTPMessage.address`), as they would also break `MAIL FROM:<…>`/`RCPT TO:<…>`.
public struct SMTPMessage: Sendable, Hashable {
    public var from: String
    public var to: String
    public var subject: String
    /// The body as lines without line ends (already normalised).
    public var lines: [[UInt8]]

    /// The longest line SMTP allows, without its CRLF.
    static let maximumLineOctets = 998

    /// Builds the message; throws when `from` or `to` is not a usable address.
    public init(from: String, to: String, subject: String, text: String) throws(DeliveryError) {
        self.from = try Self.address(from)
        self.to = try Self.address(to)
        self.subject = Self.headerValue(subject)
        self.lines = Self.lines(text).flatMap { Self.broken($0) }
    }

    /// `text` split at every CR/LF form ("\r\n", lone "\r", lone "\n"); a trailing line end does
    /// not add an empty last line.
    public static func lines(_ text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var previousWasCR = false
        for byte in text.utf8 {
            switch byte {
            case 0x0D:
                lines.append(current)
                current = []
                previousWasCR = true
            case 0x0A:
                if !previousWasCR {
                    lines.append(current)
                    current = []
                }
                previousWasCR = false
            default:
                current.append(byte)
                previousWasCR = false
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// A line over 998 octets as several, each cut before a UTF-8 continuation byte never inside a scalar.
    static func broken(_ line: [UInt8]) -> [[UInt8]] {
        guard line.count > maximumLineOctets else { return [line] }
        var pieces: [[UInt8]] = []
        var start = 0
        while line.count - start > maximumLineOctets {
            var end = start + maximumLineOctets
            // 0b10xxxxxx is a continuation byte: back up to the start of its scalar.
            while end > start + 1, line[end] & 0xC0 == 0x80 { end -= 1 }
            pieces.append(Array(line[start..<end]))
            start = end
        }
        pieces.append(Array(line[start...]))
        return pieces
    }

    /// One header line's value: every control character (CR, LF, TAB, NUL, …) becomes a space,
    /// runs of spaces collapse, and the ends are trimmed.
    public static func headerValue(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in value.unicodeScalars {
            let isSpace = scalar.properties.generalCategory == .control || scalar == " "
                || scalar.properties.generalCategory == .lineSeparator || scalar.properties.generalCategory == .paragraphSeparator
            if isSpace {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(scalar)
                lastWasSpace = false
            }
        }
        var text = String(out)
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    /// `value` when it can stand in a header and in `<…>` of an SMTP command; else an error naming it.
    public static func address(_ value: String) throws(DeliveryError) -> String {
        let refused = value.unicodeScalars.contains { scalar in
            scalar.properties.generalCategory == .control || scalar == "<" || scalar == ">" || scalar == " "
                || scalar.properties.generalCategory == .lineSeparator || scalar.properties.generalCategory == .paragraphSeparator
        }
        guard !value.isEmpty, !refused, value.utf8.count <= 254 else {
            throw DeliveryError("\(String(reflecting: String(value.unicodeScalars.prefix(80)))) is not a usable email address (empty, too long, or it contains a space, a control character, \"<\" or \">\")")
        }
        return value
    }

    /// Headers, a blank line and the dot-stuffed body, every line ended by CRLF, then the
    /// terminating "." line: the bytes to send after the relay's 354.
    public var data: [UInt8] {
        var out: [UInt8] = []
        func line(_ bytes: some Sequence<UInt8>) {
            out.append(contentsOf: bytes)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        line("From: \(from)".utf8)
        line("To: \(to)".utf8)
        line("Subject: \(subject)".utf8)
        line("Content-Type: text/plain; charset=utf-8".utf8)
        line([])
        for body in lines {
            if body.first == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            line(body)
        }
        line([UInt8(ascii: ".")])
        return out
    }
}
