/// What one worker of a CRD's pool is doing.
public enum WorkerState: String, Sendable, Hashable {
    case idle, processing, stopped
}
