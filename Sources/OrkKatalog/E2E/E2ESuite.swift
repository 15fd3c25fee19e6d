import OrkValue

/// One `kind: E2E` file: declarative end-to-end tests of a Katalog's operator (docs/e2e.md).
public struct E2ESuite: Sendable, Hashable {
    public static let kind = "E2E"

    public var name: String
    /// The e2e file.
    public var file: String
    /// The Katalog under test, resolved against the e2e file's directory.
    public var katalog: String
    /// How long a `wait` step waits when it does not say.
    public var timeout: KatalogDuration
    public var tests: [E2ETest]
}

public struct E2ETest: Sendable, Hashable {
    public var name: String
    public var position: SourcePosition
    public var steps: [E2EStep]
}

/// One step: what it does and where it is written (reports name it by number and line).
public struct E2EStep: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// Create or update each object (server-side apply), in the test's namespace.
        case apply([JSONValue])
        /// Wait until the expectation holds, or fail at its deadline with what was last seen.
        case wait(E2EExpectation)
        /// A JSON merge patch of one object.
        case patch(E2EObjectRef, JSONValue)
        case delete(E2EObjectRef)
        /// Try the write; pass only when admission refuses it (with a message containing `message`).
        case expectDenied(Attempt, message: String?)
    }

    /// The write an `expectDenied` step tries.
    public enum Attempt: Sendable, Hashable {
        case apply([JSONValue])
        case patch(E2EObjectRef, JSONValue)
        case delete(E2EObjectRef)
    }

    public var action: Action
    public var position: SourcePosition
    /// `apply`, `wait`, `patch`, `delete` or `expectDenied`.
    public var verb: String
}

/// Which object a step is about.
public struct E2EObjectRef: Sendable, Hashable, CustomStringConvertible {
    public var apiVersion: String
    public var kind: String
    public var name: String
    /// Where a test's report found it (steps always act in the test's namespace).
    public var namespace: String?

    public init(apiVersion: String, kind: String, name: String, namespace: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }

    public var description: String { "\(kind) \(namespace.map { "\($0)/" } ?? "")\(name)" }
}

/// What a `wait` step waits for; all of it must hold at once.
public struct E2EExpectation: Sendable, Hashable {
    public var object: E2EObjectRef
    /// The object is gone (every other check is then ignored).
    public var absent: Bool
    /// Condition type → status (`Ready: "True"`).
    public var conditions: [String: String]
    /// Dotted path → expected value (`status.phase: Running`, `spec.replicas: 2`).
    public var fields: [String: JSONValue]
    /// Kind → how many objects of that kind have an owner reference to the object.
    public var children: [String: Int]
    public var timeout: KatalogDuration?
}
