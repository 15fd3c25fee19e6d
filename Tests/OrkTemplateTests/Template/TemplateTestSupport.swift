import OrkTemplate
import OrkValue

/// One template, the expected rendering and (optionally) data other than `TemplateFixture.data`.
struct RenderCase: Sendable, CustomStringConvertible {
    let source: String
    let expected: String
    let data: JSONValue?

    init(_ source: String, _ expected: String, data: JSONValue? = nil) {
        self.source = source
        self.expected = expected
        self.data = data
    }

    var description: String { source.debugDescription }
}

/// A template that must fail, with where and why.
struct ErrorCase: Sendable, CustomStringConvertible {
    let source: String
    let line: Int
    let column: Int
    let message: String

    init(_ source: String, _ line: Int, _ column: Int, _ message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }

    var description: String { source.debugDescription }
}

enum TemplateFixture {
    /// A custom resource as templates see it, with a child Deployment.
    static let data: JSONValue = [
        "metadata": ["name": "shop", "namespace": "prod", "labels": ["tier": "web", "app": "shop"]],
        "spec": [
            "image": "nginx:1.25", "replicas": 3, "tier": "gold", "ratio": 0.5, "enabled": true, "disabled": false,
            "items": ["a", "b", "c"], "nums": [1, 2, 3, 4], "empty": [], "emptyMap": [:], "zero": 0,
            "memory": "1Gi", "cpu": "500m", "camel": "myAppName", "padded": "  hi  ", "multi": "a\nb",
            "numStr": "42", "floatStr": "2.5", "blank": "", "nothing": nil,
            "json": #"{"a":[1,2],"b":null}"#,
        ],
        "status": [
            "readyReplicas": 3,
            "conditions": [
                ["type": "Ready", "status": "True", "reason": "AllGood"],
                ["type": "Degraded", "status": "False", "reason": "Fine"],
            ],
        ],
        "children": [
            "deployment": [
                "spec": ["replicas": 2],
                "status": [
                    "readyReplicas": 1,
                    "conditions": [["type": "Available", "status": "False", "reason": "MinimumReplicasUnavailable"]],
                ],
            ],
        ],
        "health": ["healthy": true, "consecutiveFails": 0],
    ]

    static func render(_ source: String, _ data: JSONValue = data) throws -> String {
        try Template(source).render(data)
    }

    /// The error a source produces, whether at parse or at render time.
    static func error(_ source: String, _ data: JSONValue = data) -> TemplateError? {
        do throws(TemplateError) {
            _ = try Template(source).render(data)
            return nil
        } catch {
            return error
        }
    }
}
