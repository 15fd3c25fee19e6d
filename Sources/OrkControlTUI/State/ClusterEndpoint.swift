/// A kubeconfig context as the Control Center last saw it: whether its API server answers, its
/// version, what discovery found there, and what the user can fix when it found nothing.
package struct ClusterEndpoint: Sendable, Equatable {
    package var context: String
    package var server: String
    package var health = EndpointHealth()
    /// `gitVersion` of the API server's `/version`.
    package var version: String?
    package var runtimes = 0
    package var gateways = 0
    /// Why discovery found less than it should, in words the user can act on (kept until the next
    /// discovery says otherwise).
    package var problems: [String] = []

    package init(context: String, server: String) {
        self.context = context
        self.server = server
    }
}
