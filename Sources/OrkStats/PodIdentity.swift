/// The pod (or local process) answering an HTTP request: every API response names it.
public struct PodIdentity: Sendable, Hashable {
    public var name: String
    public var ip: String

    public init(name: String, ip: String) {
        self.name = name
        self.ip = ip
    }

    /// `POD_NAME`/`POD_IP` (the Downward API), else the host name and loopback.
    public static func fromEnvironment(_ environment: [String: String], hostName: String) -> PodIdentity {
        let name = environment["POD_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? hostName
        let ip = environment["POD_IP"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        return PodIdentity(name: name, ip: ip)
    }
}
