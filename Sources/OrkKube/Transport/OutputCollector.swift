#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads a child's stdout and stderr pipes together (poll) until both end or a deadline passes:
/// at most `stdoutLimit` bytes of stdout (more sets `overflow`), the last `stderrTail` bytes of stderr.
struct OutputCollector {
    private var descriptors: [Int32]
    private(set) var stdout: [UInt8] = []
    private(set) var stderr: [UInt8] = []
    private(set) var overflow = false
    let stdoutLimit: Int
    let stderrTail: Int

    init(stdout: Int32, stderr: Int32, stdoutLimit: Int, stderrTail: Int) {
        descriptors = [stdout, stderr]
        self.stdoutLimit = stdoutLimit
        self.stderrTail = stderrTail
    }

    /// True when both pipes reached their end before `deadline`.
    mutating func drain(until deadline: ContinuousClock.Instant) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while descriptors.contains(where: { $0 >= 0 }) {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return false }
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            var polled = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polled, nfds_t(polled.count), milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return false
            }
            for index in polled.indices where polled[index].fd >= 0 && polled[index].revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(polled[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    append(chunk.prefix(count), isStdout: index == 0)
                } else if count == 0 || errno != EINTR && errno != EAGAIN {
                    close(descriptors[index])
                    descriptors[index] = -1
                }
            }
        }
        return true
    }

    private mutating func append(_ bytes: ArraySlice<UInt8>, isStdout: Bool) {
        if isStdout {
            if stdout.count + bytes.count <= stdoutLimit { stdout += bytes } else { overflow = true }
        } else {
            stderr += bytes
            if stderr.count > stderrTail { stderr.removeFirst(stderr.count - stderrTail) }
        }
    }

    /// Closes what is still open (after a deadline).
    mutating func closeAll() {
        for index in descriptors.indices where descriptors[index] >= 0 {
            close(descriptors[index])
            descriptors[index] = -1
        }
    }
}
