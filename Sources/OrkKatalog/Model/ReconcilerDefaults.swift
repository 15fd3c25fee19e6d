import FoundationEssentials
import OrkValue

/// Where a resolved reconciler setting came from, so `ork validate --full` can say why a value is
/// what it is.
public enum SettingSource: Sendable, Hashable, CustomStringConvertible {
    /// The CRD's `operatorBox.reconciler` entry.
    case katalog
    /// An environment variable of the runtime (`DEFAULT_WORKERS`, …).
    case environment(String)
    /// A command-line flag (`--workers`).
    case flag(String)
    /// Orkestra's own default.
    case builtIn

    public var description: String {
        switch self {
        case .katalog: "Katalog"
        case .environment(let name): name
        case .flag(let name): name
        case .builtIn: "default"
        }
    }
}

/// A value and where it came from.
public struct SourcedValue<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var source: SettingSource

    public init(_ value: Value, from source: SettingSource) {
        self.value = value
        self.source = source
    }
}

/// The values a CRD's operator runs with, after the Katalog, the environment and the flags.
public struct ResolvedReconcilerSettings: Sendable, Hashable {
    public var workers: SourcedValue<Int>
    public var resync: SourcedValue<KatalogDuration>
    public var maxDepth: SourcedValue<Int>
    public var failureThreshold: SourcedValue<Int>
}

/// A setting that is out of its range or malformed; the message names the variable or flag.
public struct ReconcilerSettingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The one place a CRD's reconciler settings are resolved: the process-wide defaults (built-in,
/// then `DEFAULT_WORKERS`, `DEFAULT_RESYNC`, `QUEUE_DEPTH` (or `MAX_QUEUE_DEPTH`) and `DEGRADE_THRESHOLD`,
/// then `--workers`) for every CRD whose
/// Katalog entry leaves a setting out, and one range per setting wherever it is written. The Katalog
/// loader, `ork run`, the runtime, its API and `ork validate` all use these, so what validate prints
/// is what the runtime runs with.
public struct ReconcilerDefaults: Sendable, Hashable {
    /// `reconciler.workers`, `DEFAULT_WORKERS`, `--workers`.
    public static let workerRange = 1...50
    /// `reconciler.queue.maxDepth`, `QUEUE_DEPTH`.
    public static let maxDepthRange = 1...1_000_000
    /// `reconciler.queue.failureThreshold`, `DEGRADE_THRESHOLD`.
    public static let failureThresholdRange = 1...1_000
    /// `reconciler.resync`, `DEFAULT_RESYNC`: every resync re-reads each CR.
    public static let minimumResync = KatalogDuration.seconds(1)

    /// 8 (the Go original had 3): a worker is a task waiting on the API server, not a thread, and
    /// `scripts/bench peers` converges 1,000 CRs in 5.0 s with 8 against 7.0 s with 3 (P14).
    public var workers = SourcedValue(8, from: .builtIn)
    public var resync = SourcedValue(KatalogDuration.seconds(15), from: .builtIn)
    public var maxDepth = SourcedValue(100, from: .builtIn)
    public var failureThreshold = SourcedValue(5, from: .builtIn)

    public init() {}

    /// The built-in defaults overridden by `DEFAULT_WORKERS`, `DEFAULT_RESYNC` and `QUEUE_DEPTH`.
    public static func fromEnvironment(_ environment: [String: String]) throws(ReconcilerSettingError) -> ReconcilerDefaults {
        var defaults = ReconcilerDefaults()
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingSpacesAndTabs(), !text.isEmpty else { return nil }
            return text
        }
        if let text = value("DEFAULT_WORKERS") {
            defaults.workers = SourcedValue(try integer(text, named: "DEFAULT_WORKERS", in: workerRange),
                                            from: .environment("DEFAULT_WORKERS"))
        }
        // MAX_QUEUE_DEPTH is the Go original's name for QUEUE_DEPTH; its 0 meant unbounded.
        let depths = ["QUEUE_DEPTH", "MAX_QUEUE_DEPTH"].compactMap { name in value(name).map { (name, $0) } }
        var depth: (name: String, value: Int)?
        for (name, text) in depths {
            if text == "0" {
                throw ReconcilerSettingError("\(name)=\"0\" (unbounded) is not supported: every queue is bounded so that a flood "
                    + "cannot take the process's memory; use up to \(maxDepthRange.upperBound)")
            }
            let value = try integer(text, named: name, in: maxDepthRange)
            if let first = depth, first.value != value {
                throw ReconcilerSettingError("\(first.name)=\"\(first.value)\" and \(name)=\"\(value)\" disagree: set one")
            }
            depth = depth ?? (name, value)
        }
        if let depth { defaults.maxDepth = SourcedValue(depth.value, from: .environment(depth.name)) }
        if let text = value("DEGRADE_THRESHOLD") {
            defaults.failureThreshold = SourcedValue(try integer(text, named: "DEGRADE_THRESHOLD", in: failureThresholdRange),
                                                     from: .environment("DEGRADE_THRESHOLD"))
        }
        if let text = value("DEFAULT_RESYNC") {
            guard let duration = KatalogDuration(parsing: text) else {
                throw ReconcilerSettingError("DEFAULT_RESYNC=\"\(text)\" is not a duration such as 15s or 1m")
            }
            guard duration >= minimumResync else {
                throw ReconcilerSettingError("DEFAULT_RESYNC=\"\(text)\" is shorter than \(minimumResync)")
            }
            defaults.resync = SourcedValue(duration, from: .environment("DEFAULT_RESYNC"))
        }
        return defaults
    }

    /// `--workers N`: replaces the default worker count (a Katalog `reconciler.workers` still wins).
    public mutating func setWorkers(flag value: Int, named flag: String = "--workers") throws(ReconcilerSettingError) {
        guard Self.workerRange.contains(value) else {
            throw ReconcilerSettingError("\(flag) \(value) is out of range \(Self.workerRange.lowerBound)…\(Self.workerRange.upperBound)")
        }
        workers = SourcedValue(value, from: .flag(flag))
    }

    /// The values the operator for a CRD with these Katalog settings runs with. The loader already
    /// refuses values out of range; one built in code is clamped into it (a worker count below 1
    /// would otherwise size an array negatively).
    public func resolve(_ settings: ReconcilerSettings) -> ResolvedReconcilerSettings {
        ResolvedReconcilerSettings(
            workers: settings.workers.map { SourcedValue(Self.clamp($0, Self.workerRange), from: .katalog) } ?? workers,
            resync: settings.resync.map { SourcedValue(Swift.max($0, Self.minimumResync), from: .katalog) } ?? resync,
            maxDepth: settings.maxDepth.map { SourcedValue(Self.clamp($0, Self.maxDepthRange), from: .katalog) } ?? maxDepth,
            failureThreshold: settings.failureThreshold
                .map { SourcedValue(Self.clamp($0, Self.failureThresholdRange), from: .katalog) } ?? failureThreshold)
    }

    static func clamp(_ value: Int, _ range: ClosedRange<Int>) -> Int {
        Swift.min(Swift.max(value, range.lowerBound), range.upperBound)
    }

    static func integer(_ text: String, named name: String, in range: ClosedRange<Int>) throws(ReconcilerSettingError) -> Int {
        guard let number = Int(text), range.contains(number) else {
            throw ReconcilerSettingError("\(name)=\"\(text)\" must be an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }
}
