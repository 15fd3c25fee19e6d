#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Kubernetes `MicroTime` (RFC 3339 in UTC with microseconds, `2024-05-01T12:00:00.123456Z`), the
/// format of a Lease's `acquireTime` and `renewTime`.
enum MicroTime {
    /// The current wall-clock time. Only ever written for people and tools to read: expiry is judged
    /// on the local monotonic clock, so clock skew between candidates does not matter.
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return format(seconds: Int(spec.tv_sec), microseconds: Int(spec.tv_nsec) / 1000)
    }

    /// Formats a Unix time.
    static func format(seconds: Int, microseconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String { pad(Int(value), width) }
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(min(max(microseconds, 0), 999_999), 6))Z"
    }
}
