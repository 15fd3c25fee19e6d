import Foundation
import Testing
import OrkTemplate

/// docs/templates.md and the function registry must agree.
@Suite struct TemplateDocsTests {
    static func documentation() throws -> String {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/templates.md")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The part of the document after `## Functions`.
    static func functionReference() throws -> String {
        let text = try documentation()
        guard let range = text.range(of: "\n## Functions\n") else { return "" }
        return String(text[range.upperBound...])
    }

    /// Function names in the first column of the reference tables (`| \`name ARGS\` | …`).
    static func documentedNames() throws -> [String] {
        try functionReference().split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| `") else { return nil }
            let name = line.dropFirst(3).prefix { $0.isLetter || $0.isNumber }
            return name.isEmpty ? nil : String(name)
        }
    }

    @Test func everyRegisteredFunctionIsDocumented() throws {
        let documented = Set(try Self.documentedNames())
        for name in TemplateFunctions.standard.names {
            #expect(documented.contains(name), "docs/templates.md does not document \(name)")
        }
    }

    @Test func everyDocumentedFunctionExists() throws {
        let names = try Self.documentedNames()
        #expect(names.count == Set(names).count, "a function is documented twice")
        for name in names {
            #expect(TemplateFunctions.standard.contains(name), "docs/templates.md documents unknown function \(name)")
        }
    }

    @Test func everyExampleParses() throws {
        let reference = try Self.functionReference()
        var examples: [String] = []
        var inCode = false
        var current = ""
        for character in reference {
            if character == "`" {
                if inCode, current.contains("{{") { examples.append(current.replacingOccurrences(of: "\\|", with: "|")) }
                inCode.toggle()
                current = ""
            } else if inCode {
                current.append(character)
            }
        }
        #expect(examples.count > 80)
        for example in examples {
            #expect(throws: Never.self, "example does not parse: \(example)") { try Template(example) }
        }
    }
}

extension TemplateDocsTests {
    /// Examples written as `{{ … }}` → `result` hold against `TemplateFixture.data` (⏎ is a
    /// newline; … abbreviates the middle of a long result).
    @Test func documentedResultsHold() throws {
        let reference = try Self.functionReference()
        let pattern = try NSRegularExpression(pattern: "`(\\{\\{[^`]*\\}\\})` → `([^`]*)`")
        let text = reference as NSString
        let matches = pattern.matches(in: reference, range: NSRange(location: 0, length: text.length))
        #expect(matches.count > 50)
        for match in matches {
            let source = text.substring(with: match.range(at: 1)).replacingOccurrences(of: "\\|", with: "|")
            let expected = text.substring(with: match.range(at: 2)).replacingOccurrences(of: "⏎", with: "\n")
            let actual = try TemplateFixture.render(source)
            if let ellipsis = expected.range(of: "…") {
                #expect(actual.hasPrefix(expected[..<ellipsis.lowerBound]) && actual.hasSuffix(expected[ellipsis.upperBound...]),
                        "\(source) renders \(actual.debugDescription)")
            } else {
                #expect(actual == expected, "\(source) renders \(actual.debugDescription)")
            }
        }
    }
}
