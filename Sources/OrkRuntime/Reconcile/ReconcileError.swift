import OrkKube

/// Why one reconcile failed: the stage and, for children, which entry — caught per item, logged
/// with the CRD and key, counted, and retried with backoff.
struct ReconcileError: Error, Sendable, CustomStringConvertible {
    enum Stage: String, Sendable {
        case mutation, condition, render, apply, delete, status, finalizer, onDelete
    }

    var stage: Stage
    var message: String
    /// The API error behind it, when there is one.
    var kubeError: KubeError?

    init(_ stage: Stage, _ message: String, kubeError: KubeError? = nil) {
        self.stage = stage
        self.message = message
        self.kubeError = kubeError
    }

    var description: String { "\(stage.rawValue): \(message)" }
}
