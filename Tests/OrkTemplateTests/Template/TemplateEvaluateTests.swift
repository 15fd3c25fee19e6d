import Testing
import OrkTemplate
import OrkValue

@Suite struct TemplateEvaluateTests {
    struct TypedCase: Sendable, CustomStringConvertible {
        let source: String
        let expected: JSONValue
        init(_ source: String, _ expected: JSONValue) {
            self.source = source
            self.expected = expected
        }
        var description: String { source.debugDescription }
    }

    static let cases: [TypedCase] = [
        TypedCase("{{ .spec.replicas }}", .int(3)),
        TypedCase("{{ .spec.ratio }}", .double(0.5)),
        TypedCase("{{ .spec.enabled }}", .bool(true)),
        TypedCase("{{ .spec.missing }}", .null),
        TypedCase("{{ .spec.items }}", ["a", "b", "c"]),
        TypedCase("{{ .metadata.labels }}", ["app": "shop", "tier": "web"]),
        TypedCase("{{ add 1 2 }}", .int(3)),
        TypedCase("{{ toFloat 2 }}", .double(2)),
        TypedCase("{{- .spec.replicas -}}", .int(3)),
        TypedCase("  {{- .spec.replicas -}}\n", .int(3)),
        TypedCase("{{/* why */}}{{ .spec.replicas }}", .int(3)),
        TypedCase(#"{{ .spec.image | default "x" }}"#, "nginx:1.25"),
        TypedCase(" {{ .spec.replicas }}", " 3"),
        TypedCase("{{ .spec.replicas }} ", "3 "),
        TypedCase("{{ .spec.replicas }}{{ .spec.replicas }}", "33"),
        TypedCase("{{ if true }}{{ 3 }}{{ end }}", "3"),
        TypedCase("{{ $x := 3 }}", ""),
        TypedCase("static", "static"),
        TypedCase("", ""),
        TypedCase("{{/* only a comment */}}", ""),
    ]

    @Test(arguments: cases)
    func evaluatesTyped(_ testCase: TypedCase) throws {
        let value = try Template(testCase.source).evaluate(TemplateFixture.data)
        #expect(value == testCase.expected)
    }

    @Test func staticAndSingleAction() throws {
        #expect(try Template("plain").isStatic)
        #expect(try Template("").isStatic)
        #expect(try Template("a{{/* c */}}b").isStatic)
        #expect(try Template("a {{- /* c */}}").render(nil) == "a")
        #expect(try !Template("{{ 1 }}").isStatic)
        #expect(try Template("{{ 1 }}").isSingleAction)
        #expect(try !Template("x{{ 1 }}").isSingleAction)
        #expect(try Template("{{ .a }}").source == "{{ .a }}")
    }

    @Test func cacheParsesOnceAndEvaluates() throws {
        let cache = TemplateCache()
        #expect(try cache.evaluate("{{ .spec.replicas }}", data: TemplateFixture.data) == .int(3))
        #expect(try cache.evaluate("{{ .spec.replicas }}", data: ["spec": ["replicas": 5]]) == .int(5))
        #expect(cache.count == 1)
        #expect(try cache.evaluate("no template here", data: nil) == "no template here")
        #expect(cache.count == 1)
        #expect(try cache.render("{{ .metadata.name }}-web", data: TemplateFixture.data) == "shop-web")
        #expect(cache.count == 2)
        #expect(throws: TemplateError(line: 1, column: 4, message: #"function "nope" not defined"#)) {
            try cache.evaluate("{{ nope }}", data: nil)
        }
        #expect(throws: TemplateError.self) { try cache.evaluate("{{ nope }}", data: nil) }
        #expect(cache.count == 3)
        cache.removeAll()
        #expect(cache.count == 0)
    }

    @Test func cacheIsAnEvaluator() throws {
        let evaluator: any TemplateEvaluator = TemplateCache()
        #expect(try evaluator.evaluate("{{ .a }}", data: ["a": 1]) == 1)
        do {
            _ = try evaluator.evaluate("{{ if }}", data: nil)
            Issue.record("expected an error")
        } catch let error as TemplateError {
            #expect(error.message == "missing value for if")
        }
    }

    @Test func cacheRespectsCapacityAndFunctions() throws {
        let functions = try TemplateFunctions.standard.adding("seven", arity: .exactly(0)) { _ in 7 }
        let cache = TemplateCache(functions: functions, capacity: 2)
        for index in 0..<5 {
            #expect(try cache.evaluate("{{ seven }}{{/* \(index) */}}", data: nil) == 7)
        }
        #expect(cache.count <= 2)
    }

    @Test func cacheIsThreadSafe() async throws {
        let cache = TemplateCache()
        let sources = (0..<20).map { "{{ add .n \($0) }}" }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for round in 0..<200 {
                        let index = (worker + round) % sources.count
                        let value = try cache.evaluate(sources[index], data: ["n": .int(round)])
                        if value != .int(round + index) { return false }
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
        #expect(cache.count == 20)
    }
}
