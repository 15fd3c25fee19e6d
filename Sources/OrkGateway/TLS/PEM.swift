import FoundationEssentials
import OrkValue

/// Minimal PEM framing (RFC 7468): split text into typed DER blocks and write blocks back.
enum PEM {
    /// One `-----BEGIN <label>-----` … `-----END <label>-----` block.
    struct Block: Sendable, Hashable {
        var label: String
        var der: [UInt8]
    }

    /// Every block in `text`, in order. Text outside blocks is ignored; a block whose END does not
    /// match its BEGIN, or whose body is not base64, is an error.
    static func blocks(in text: String) throws(TLSError) -> [Block] {
        var result: [Block] = []
        var label: String?
        var body = ""
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.trimmingSpacesAndTabs()
            if let begin = marker(line, "BEGIN") {
                guard label == nil else { throw TLSError(.invalidPEM, "BEGIN \(begin) inside an open \(label ?? "") block") }
                label = begin
                body = ""
            } else if let end = marker(line, "END") {
                guard let open = label, open == end else { throw TLSError(.invalidPEM, "END \(end) without a matching BEGIN") }
                guard let der = Base64.decode(body), !der.isEmpty else {
                    throw TLSError(.invalidPEM, "the \(open) block is not valid base64")
                }
                result.append(Block(label: open, der: der))
                label = nil
            } else if label != nil {
                body += line
            }
        }
        if let open = label { throw TLSError(.invalidPEM, "the \(open) block has no END line") }
        return result
    }

    /// Blocks labelled `CERTIFICATE`, at least one.
    static func certificates(in text: String, what: String) throws(TLSError) -> [[UInt8]] {
        let certs = try blocks(in: text).filter { $0.label == "CERTIFICATE" }.map(\.der)
        guard !certs.isEmpty else { throw TLSError(.invalidPEM, "\(what) holds no CERTIFICATE block") }
        return certs
    }

    /// One block as PEM text, 64 characters per line, ending with a newline.
    static func encode(label: String, der: [UInt8]) -> String {
        let encoded = Array(Base64.encode(der).utf8)
        let lines = stride(from: 0, to: encoded.count, by: 64).map { start in
            String(decoding: encoded[start..<min(start + 64, encoded.count)], as: UTF8.self)
        }
        let base64 = lines.joined(separator: "\n")
        return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
    }

    private static func marker(_ line: String, _ word: String) -> String? {
        let prefix = "-----\(word) ", suffix = "-----"
        guard line.hasPrefix(prefix), line.hasSuffix(suffix), line.count > prefix.count + suffix.count else { return nil }
        return String(line.dropFirst(prefix.count).dropLast(suffix.count))
    }
}
