/// Splits a byte stream that arrives in chunks into newline-terminated lines, in linear time and
/// bounded memory: each byte is searched for a newline once and copied at most once (only the
/// unfinished tail of a chunk is kept), and an unfinished line longer than `maxLine` is an error
/// rather than a buffer that grows with whatever the server sends.
struct LineSplitter {
    /// The longest line accepted, in bytes, without its terminator.
    let maxLine: Int
    /// The start of the line the next chunk continues.
    private var pending: [UInt8] = []
    /// Bytes searched for a newline and bytes copied, since the start (for the linearity check).
    private(set) var bytesExamined = 0
    private(set) var bytesCopied = 0

    init(maxLine: Int) {
        self.maxLine = max(maxLine, 1)
    }

    /// Bytes held for the unfinished line.
    var pendingCount: Int { pending.count }

    /// Splits `chunk`, calling `line` with each line it completes (without `\n` or `\r\n`).
    mutating func feed(_ chunk: ArraySlice<UInt8>, _ line: (ArraySlice<UInt8>) throws(KubeError) -> Void)
        throws(KubeError)
    {
        var start = chunk.startIndex
        while start < chunk.endIndex {
            let newline = chunk[start...].firstIndex(of: 0x0A)
            bytesExamined += (newline.map { $0 + 1 } ?? chunk.endIndex) - start
            guard let newline else { break }
            if pending.isEmpty {
                try check(newline - start)
                try line(Self.trimmingCarriageReturn(chunk[start..<newline]))
            } else {
                try check(pending.count + (newline - start))
                pending.append(contentsOf: chunk[start..<newline])
                bytesCopied += newline - start
                let complete = pending
                pending = []
                try line(Self.trimmingCarriageReturn(complete[...]))
            }
            start = newline + 1
        }
        let rest = chunk.endIndex - start
        guard rest > 0 else { return }
        try check(pending.count + rest)
        pending.append(contentsOf: chunk[start...])
        bytesCopied += rest
    }

    /// The unfinished last line, when the stream ends without a newline; the splitter is empty after.
    mutating func finish() -> ArraySlice<UInt8> {
        defer { pending = [] }
        return Self.trimmingCarriageReturn(pending[...])
    }

    private func check(_ length: Int) throws(KubeError) {
        guard length <= maxLine else {
            throw KubeError(kind: .decoding, message: "a watch event is larger than \(maxLine) bytes; the watch is ended")
        }
    }

    private static func trimmingCarriageReturn(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.last == 0x0D ? line.dropLast() : line
    }
}
