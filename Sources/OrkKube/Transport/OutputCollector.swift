#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads a child's stdout and stderr pipes together (poll) until both end, the deadline passes, the
/// task is cancelled or stdout passes `stdoutLimit` (then it stops reading: memory stays bounded);
/// stderr keeps its last `stderrTail` bytes.
struct OutputCollector {
    private var descriptors: [Int32]
    private(set) var stdout: [UInt8] = []
    private(set) var stderr: [UInt8] = []
    let stdoutLimit: Int
    let stderrTail: Int
    /// The longest poll between two looks at the cancellation flag.
    static let cancellationCheck: Duration = .milliseconds(50)

    enum End: Sendable, Equatable {
        case ended, deadlinePassed, stdoutTooLarge, cancelled
        case readFailed(Int32)
    }

    init(stdout: Int32, stderr: Int32, stdoutLimit: Int, stderrTail: Int) {
        descriptors = [stdout, stderr]
        self.stdoutLimit = stdoutLimit
        self.stderrTail = stderrTail
    }

    mutating func drain(until deadline: ContinuousClock.Instant, cancellation: CancellationFlag) -> End {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while descriptors.contains(where: { $0 >= 0 }) {
            if cancellation.isCancelled { return .cancelled }
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return .deadlinePassed }
            var polled = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polled, nfds_t(polled.count), Self.milliseconds(min(left, Self.cancellationCheck)))
            if ready < 0 {
                let code = errno
                if code == EINTR { continue }
                return .readFailed(code)
            }
            for index in polled.indices where polled[index].fd >= 0 && polled[index].revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(polled[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    guard append(chunk.prefix(count), isStdout: index == 0) else { return .stdoutTooLarge }
                } else if count == 0 || errno != EINTR && errno != EAGAIN {
                    close(descriptors[index])
                    descriptors[index] = -1
                }
            }
        }
        return .ended
    }

    /// A poll timeout for `duration`, rounded up to a whole millisecond.
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let (millis, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return Int32.max }
        return Int32(clamping: millis.addingReportingOverflow(attoseconds / 1_000_000_000_000_000 + 1).partialValue)
    }

    /// False when stdout would pass its limit (nothing of that chunk is kept).
    private mutating func append(_ bytes: ArraySlice<UInt8>, isStdout: Bool) -> Bool {
        if isStdout {
            guard bytes.count <= stdoutLimit - stdout.count else { return false }
            stdout += bytes
        } else {
            stderr += bytes
            if stderr.count > stderrTail { stderr.removeFirst(stderr.count - stderrTail) }
        }
        return true
    }

    /// Closes what is still open (after a deadline).
    mutating func closeAll() {
        for index in descriptors.indices where descriptors[index] >= 0 {
            close(descriptors[index])
            descriptors[index] = -1
        }
    }
}
