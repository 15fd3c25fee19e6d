import Testing
import OrkTemplate
import OrkTestSupport
import OrkValue

/// The shared SplitMix64 with the draws the template fuzzing uses (the same seed gives the same run everywhere).
struct FuzzRandom {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    /// A value in `0..<bound` (bound > 0).
    mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        return Int(next() % UInt64(bound))
    }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T? {
        items.isEmpty ? nil : items[below(items.count)]
    }
}

/// Randomized robustness: mutated and generated templates rendered against random documents must
/// either render or throw `TemplateError` — never trap or hang — and rendering must be deterministic.
@Suite struct TemplateFuzzTests {
    static let tokens: [String] = [
        "{{", "}}", "{{- ", " -}}", "{{/*", "*/}}", "(", ")", "|", " | ", "$x", "$", "$y", ":=", " := ", "=", ",",
        ".", ".a", ".b", ".spec", ".items", ".metadata.name", " . ", "if ", "else ", "end", "range ", "with ",
        "break", "continue", "nil", "true", "false", "\"", "\"s\"", "`", "`raw`", "'", "'c'", "/*", "*/",
        "0x", "1e9", "-", "-1", "0", "3", "2.5", "9223372036854775807", "-9223372036854775808", "\\", "é", "\n",
        " ", "{{ end }}", "{{ else }}", "{{ if .a }}", "{{ range .items }}", "{{ with .b }}", "{{ . }}",
        "\"\\x41\"", "\"\\u00e9\"", "1_000", "0b1", "0o7", ".5", "}", "{", "[", "]",
    ]

    static let seeds: [String] = {
        var seeds = TemplateSyntaxTests.cases.map(\.source)
        seeds += TemplateFunctionTests.cases.map(\.source)
        seeds += TemplateErrorTests.parseErrors.map(\.source)
        seeds += [
            "{{ range $i, $v := .items }}{{ if gt $i 1 }}{{ break }}{{ end }}{{ $v }}{{ else }}none{{ end }}",
            "{{ with .a }}{{ .b }}{{ else with .b }}{{ . }}{{ else }}-{{ end }}",
            "{{ $x := 0 }}{{ range .items }}{{ $x = add $x 1 }}{{ end }}{{ $x }}",
            "{{ printf \"%5.2f|%-4d|%q\" .n .n .s }}",
            "{{ .a.b.c | default \"x\" | upper | trunc }}",
            "{{ toJSON . }}{{ keys . }}{{ len . }}",
        ]
        return seeds
    }()

    static let limits = TemplateLimits(maxOutputBytes: 64 * 1024, maxSteps: 20_000, maxValueDepth: 64)

    @Test func randomTemplatesNeverCrash() async throws {
        var random = FuzzRandom(seed: 0x5EED_0F_7E11_1A7E)
        let functionNames = TemplateFunctions.standard.names
        let documents = (0..<16).map { _ in Self.document(&random, depth: 0) }
        var parsed = 0
        var rendered = 0
        let iterations = 100_000
        for iteration in 0..<iterations {
            if iteration % 256 == 0 { await Task.yield() }  // share the test pool's threads with the other suites
            let source: String
            if random.chance(70), let seed = random.pick(Self.seeds) {
                source = Self.mutate(seed, &random, functionNames: functionNames)
            } else {
                source = Self.generate(&random, functionNames: functionNames)
            }
            let template: Template
            do throws(TemplateError) {
                template = try Template(source)
            } catch {
                #expect(error.line >= 1 && error.column >= 1, "bad position for \(source.debugDescription)")
                continue
            }
            parsed += 1
            guard let document = random.pick(documents) else { continue }
            let first: Result<String, TemplateError>
            do throws(TemplateError) {
                first = .success(try template.render(document, limits: Self.limits))
                rendered += 1
            } catch {
                first = .failure(error)
                #expect(error.line >= 1 && error.column >= 1, "bad position for \(source.debugDescription)")
            }
            // Determinism, and typed evaluation agreeing with rendering, on a sample.
            if iteration % 4 == 0 {
                let second: Result<String, TemplateError>
                do throws(TemplateError) {
                    second = .success(try template.render(document, limits: Self.limits))
                } catch {
                    second = .failure(error)
                }
                #expect(first == second, "non-deterministic render of \(source.debugDescription)")
                if case .success(let text) = first, let value = try? template.evaluate(document, limits: Self.limits) {
                    let expected: JSONValue = template.isSingleAction ? value : .string(text)
                    #expect(value == expected)
                    if template.isSingleAction, case .string(let printed) = JSONValue.string(value.plainText),
                       value.isPrintableScalar {
                        #expect(printed == text, "evaluate/render mismatch for \(source.debugDescription)")
                    }
                }
            }
        }
        // The corpus must exercise both paths, not only parse errors.
        #expect(parsed > iterations / 10)
        #expect(rendered > iterations / 20)
    }

    static func mutate(_ seed: String, _ random: inout FuzzRandom, functionNames: [String]) -> String {
        var scalars = Array(seed.unicodeScalars)
        let mutations = random.chance(70) ? 1 : 2 + random.below(3)
        for _ in 0..<mutations {
            let position = random.below(scalars.count + 1)
            switch random.below(7) {
            case 0:
                let scalar = Unicode.Scalar(UInt8(32 + random.below(95)))
                scalars.insert(scalar, at: position)
            case 1:
                guard !scalars.isEmpty else { continue }
                let start = random.below(scalars.count)
                let end = min(scalars.count, start + 1 + random.below(4))
                scalars.removeSubrange(start..<end)
            case 2:
                guard !scalars.isEmpty else { continue }
                let start = random.below(scalars.count)
                let end = min(scalars.count, start + 1 + random.below(12))
                scalars.insert(contentsOf: scalars[start..<end], at: position)
            case 3:
                scalars.insert(contentsOf: (random.pick(tokens) ?? "").unicodeScalars, at: position)
            case 4:
                scalars.insert(contentsOf: (" " + (random.pick(functionNames) ?? "") + " ").unicodeScalars, at: position)
            case 5:
                let wrappers = [("{{ if .a }}", "{{ end }}"), ("{{ range .items }}", "{{ end }}"),
                                ("{{ with .b }}", "{{ else }}x{{ end }}"), ("(", ")"), ("{{ (", ") }}")]
                if let (open, close) = random.pick(wrappers) {
                    let end = position + random.below(scalars.count - position + 1)
                    scalars.insert(contentsOf: close.unicodeScalars, at: end)
                    scalars.insert(contentsOf: open.unicodeScalars, at: position)
                }
            default:
                if let scalar = random.pick(["é", "\u{0}", "\u{FFFD}", "😀", "\t", "\r"] as [Unicode.Scalar]) {
                    scalars.insert(scalar, at: position)
                }
            }
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars.prefix(600))
        return result
    }

    static func generate(_ random: inout FuzzRandom, functionNames: [String]) -> String {
        var out = ""
        for _ in 0..<(1 + random.below(5)) {
            if random.chance(30) { out += random.pick(["x", " ", "\n", "ab"]) ?? "" }
            out += random.chance(20) ? "{{- " : "{{ "
            let block = random.below(6)
            switch block {
            case 0: out += "if "
            case 1: out += "range "
            case 2: out += "with "
            case 3: out += "$v := "
            default: break
            }
            out += expression(&random, functionNames: functionNames, depth: 0)
            out += random.chance(20) ? " -}}" : " }}"
            if block < 3, random.chance(90) {
                out += random.pick(["{{ . }}", "z", "{{ $ }}", block == 1 ? "{{ break }}" : "", ""]) ?? ""
                out += random.pick(["{{ end }}", "{{ else }}y{{ end }}"]) ?? ""
            }
        }
        return out
    }

    /// A random operand or call; `piped` calls leave room for a value piped in as the last argument.
    static func expression(_ random: inout FuzzRandom, functionNames: [String], depth: Int, piped: Bool = false) -> String {
        let atoms = [".", ".a", ".b.c", ".items", "$", "$.a", "1", "-2", "2.5", "\"s\"", "`r`", "true", "'x'", "0", "\"\"", ".n", ".s"]
        if !piped, depth > 3 || random.chance(45) { return random.pick(atoms) ?? "." }
        var parts: [String] = []
        if let name = random.pick(functionNames) {
            parts.append(name)
            let arity = TemplateFunctions.standard.arity(of: name) ?? .any
            let wanted = arity.minimum + (arity.maximum == nil ? random.below(3) : 0) - (piped ? 1 : 0)
            let count = random.chance(90) ? max(0, wanted) : random.below(4)
            for _ in 0..<count {
                let argument = expression(&random, functionNames: functionNames, depth: depth + 1)
                parts.append(random.chance(30) || argument.contains(" ") ? "(\(argument))" : argument)
            }
        }
        var text = parts.joined(separator: " ")
        if random.chance(25) { text += " | " + expression(&random, functionNames: functionNames, depth: depth + 1, piped: true) }
        return text
    }

    static func document(_ random: inout FuzzRandom, depth: Int) -> JSONValue {
        switch random.below(depth > 2 ? 6 : 9) {
        case 0: return .null
        case 1: return .bool(random.chance(50))
        case 2: return .int(random.pick([0, 1, -1, 3, 42, Int.max, Int.min, 100_000]) ?? 0)
        case 3: return .double(random.pick([0.0, 0.5, -2.5, 1e300, .nan, .infinity]) ?? 0)
        case 4: return .string(random.pick(["", "a", "hello world", "é😀", "500m", "1Gi", "%d", "{{"]) ?? "")
        case 5: return .string(String(repeating: "x", count: random.below(100)))
        case 6, 7:
            var fields: [String: JSONValue] = [:]
            for key in ["a", "b", "c", "items", "spec", "metadata", "name", "n", "s"] where random.chance(40) {
                fields[key] = document(&random, depth: depth + 1)
            }
            return .object(fields)
        default:
            return .array((0..<random.below(5)).map { _ in document(&random, depth: depth + 1) })
        }
    }
}

extension JSONValue {
    /// Scalars whose printed form is their `plainText` (composites print as JSON, checked elsewhere).
    fileprivate var isPrintableScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}
