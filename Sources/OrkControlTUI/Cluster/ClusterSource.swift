import OrkKube

/// A kubeconfig context the Control Center discovers runtimes and gateways in: its name, the API
/// server it names, and the transport that speaks to it with the context's credentials (client
/// certificate, token, or an exec credential plugin run without a terminal).
package struct ClusterSource: Sendable {
    package var context: String
    package var server: String
    /// Look only in this namespace (`--namespace`); nil: every namespace the user may list.
    package var namespace: String?
    /// The context's own namespace, searched when the user may not list cluster-wide.
    package var defaultNamespace: String
    package var transport: any KubeTransport

    package init(context: String, server: String, namespace: String?, defaultNamespace: String, transport: any KubeTransport) {
        self.context = context
        self.server = server
        self.namespace = namespace
        self.defaultNamespace = defaultNamespace
        self.transport = transport
    }
}
