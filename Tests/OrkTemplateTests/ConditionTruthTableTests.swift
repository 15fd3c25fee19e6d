import Foundation
import Testing
import OrkTemplate
import OrkValue

/// Evaluates every row of the truth table in docs/conditions.md, so the document is the contract.
@Suite struct ConditionTruthTableTests {
    struct Row: CustomStringConvertible {
        var line: Int
        var op: RuleOperator
        var negate: Bool
        var operand: JSONValue?
        /// nil = missing.
        var actual: JSONValue?
        var templateError: Bool
        var expected: String
        var source: String

        var description: String { "docs/conditions.md:\(line): \(source)" }
    }

    static let docPath: String = {
        // Tests/OrkTemplateTests/ConditionTruthTableTests.swift → package root.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/conditions.md").path
    }()

    /// Splits a Markdown table row on `|`, honouring `\|` as a literal pipe.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaping = false
        for ch in line {
            if escaping {
                current.append(ch == "|" ? "|" : "\\\(ch)")
                escaping = false
            } else if ch == "\\" {
                escaping = true
            } else if ch == "|" {
                cells.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        if escaping { current.append("\\") }
        cells.append(current)
        // Drop what lies outside the leading and trailing pipes.
        return Array(cells.dropFirst().dropLast()).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func json(_ cell: String, line: Int) throws -> JSONValue {
        guard cell.count >= 2, cell.hasPrefix("`"), cell.hasSuffix("`") else {
            throw ParseError(description: "line \(line): expected a `json` cell, got \(cell)")
        }
        return try JSONValue.parse(String(cell.dropFirst().dropLast()))
    }

    struct ParseError: Error, CustomStringConvertible { let description: String }

    static func loadRows() throws -> [Row] {
        let text = try String(contentsOfFile: docPath, encoding: .utf8)
        var rows: [Row] = []
        var columns: [String]? = nil
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine)
            let number = offset + 1
            guard line.hasPrefix("|") else {
                columns = nil
                continue
            }
            let cells = cells(line)
            if columns == nil {
                let header = cells.map { $0.lowercased() }
                if Set(["operator", "operand", "actual", "result"]).isSubset(of: Set(header)) {
                    columns = header
                }
                continue
            }
            guard let columns, !cells.allSatisfy({ $0.allSatisfy { $0 == "-" } }) else { continue }
            guard cells.count == columns.count else {
                throw ParseError(description: "line \(number): \(cells.count) cells, header has \(columns.count)")
            }
            var cell: [String: String] = [:]
            for (name, value) in zip(columns, cells) { cell[name] = value }
            guard let opName = cell["operator"], let op = RuleOperator(name: opName) else {
                throw ParseError(description: "line \(number): unknown operator")
            }
            let operandCell = cell["operand"] ?? ""
            let actualCell = cell["actual"] ?? ""
            var operand: JSONValue? = .none
            if operandCell != "(none)" { operand = .some(try json(operandCell, line: number)) }
            var actual: JSONValue? = nil
            var templateError = false
            switch actualCell {
            case "missing": break
            case "template error": templateError = true
            default: actual = try json(actualCell, line: number)
            }
            let expected = cell["result"] ?? ""
            guard ["pass", "fail", "error"].contains(expected) else {
                throw ParseError(description: "line \(number): result must be pass, fail or error")
            }
            rows.append(Row(line: number, op: op, negate: cell["negate"] == "yes", operand: operand, actual: actual,
                            templateError: templateError, expected: expected, source: line))
        }
        return rows
    }

    static func kind(_ outcome: ConditionOutcome) -> String {
        switch outcome {
        case .pass: return "pass"
        case .fail: return "fail"
        case .error: return "error"
        }
    }

    static func condition(for row: Row, negate: Bool) -> (Condition, JSONValue) {
        let field = row.templateError ? "{{ fail }}" : "spec.x"
        var spec: [String: JSONValue] = [:]
        if let actual = row.actual { spec["x"] = actual }
        return (Condition(field: field, op: row.op, operand: row.operand, negate: negate),
                .object(["spec": .object(spec)]))
    }

    @Test func everyRowOfTheDocumentedTableHolds() throws {
        let rows = try Self.loadRows()
        #expect(rows.count > 200, "the truth table should have its ~240 rows; parsed \(rows.count)")
        for row in rows {
            let (condition, data) = Self.condition(for: row, negate: row.negate)
            let outcome = ruleEvaluator.evaluate(condition, in: data)
            #expect(Self.kind(outcome) == row.expected, "\(row) → \(outcome)")
        }
    }

    @Test func everyOperatorHasRows() throws {
        let rows = try Self.loadRows()
        let covered = Set(rows.map(\.op))
        for op in RuleOperator.allCases {
            #expect(covered.contains(op), "no truth-table row for \(op.rawValue)")
        }
        #expect(rows.contains { $0.negate }, "the negation table is missing")
    }

    /// Invariants on top of the table: negate flips pass/fail and keeps errors; notExists is !exists;
    /// a static problem exists for every row that errors for a reason other than its template.
    @Test func rowsRespectNegationAndStaticChecks() throws {
        for row in try Self.loadRows() where !row.negate {
            let (plain, data) = Self.condition(for: row, negate: false)
            let (negated, _) = Self.condition(for: row, negate: true)
            let outcome = ruleEvaluator.evaluate(plain, in: data)
            #expect(ruleEvaluator.evaluate(negated, in: data) == outcome.negated, "\(row)")
            if row.op == .exists || row.op == .notExists {
                var flipped = plain
                flipped.op = row.op == .exists ? .notExists : .exists
                #expect(ruleEvaluator.evaluate(flipped, in: data) == outcome.negated, "\(row)")
            }
            if outcome.isError && !row.templateError {
                // Only a search that gives up depends on the input; everything else is visible statically.
                let dynamic = "\(outcome)".contains("gave up")
                #expect(dynamic || !plain.staticProblems().isEmpty, "\(row): error without a static problem")
            } else if !row.templateError {
                let operandProblems = plain.staticProblems().filter { !$0.contains("empty list") }
                #expect(operandProblems.isEmpty, "\(row): evaluates but has static problems \(operandProblems)")
            }
        }
    }
}
