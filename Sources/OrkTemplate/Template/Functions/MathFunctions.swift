import OrkValue

/// `add sub mul div mod min max clamp abs`: integer arithmetic when every operand is an integer
/// (overflow is an error), float arithmetic otherwise. Numeric strings are accepted and null
/// counts as 0. Division or modulo by zero is an error.
extension TemplateBuiltins {
    static let math: [TemplateFunction] = [
        fold("add", .atLeast(2), { $0.addingReportingOverflow($1) }, { $0 + $1 }),
        TemplateFunction("sub", .exactly(2)) { _, args throws(TemplateFunctionError) in
            try arithmetic(try args.number(0), try args.number(1), { $0.subtractingReportingOverflow($1) }) { $0 - $1 }
        },
        fold("mul", .atLeast(2), { $0.multipliedReportingOverflow(by: $1) }, { $0 * $1 }),
        TemplateFunction("div", .exactly(2)) { _, args throws(TemplateFunctionError) in
            let divisor = try args.number(1)
            guard divisor.doubleValue != 0 else { throw TemplateFunctionError("division by zero") }
            return try arithmetic(try args.number(0), divisor, { $0.dividedReportingOverflow(by: $1) }) { $0 / $1 }
        },
        TemplateFunction("mod", .exactly(2)) { _, args throws(TemplateFunctionError) in
            let divisor = try args.number(1)
            guard divisor.doubleValue != 0 else { throw TemplateFunctionError("modulo by zero") }
            return try arithmetic(try args.number(0), divisor, { $0.remainderReportingOverflow(dividingBy: $1) }) {
                $0.truncatingRemainder(dividingBy: $1)
            }
        },
        extremum("min") { $0 < 0 },
        extremum("max") { $0 > 0 },
        TemplateFunction("clamp", .exactly(3)) { _, args throws(TemplateFunctionError) in
            let low = try args.number(0), high = try args.number(1), value = try args.number(2)
            guard try compare(low, high) <= 0 else { throw TemplateFunctionError("clamp: minimum is greater than maximum") }
            let result = try compare(value, low) < 0 ? low : (try compare(value, high) > 0 ? high : value)
            return allInts([low, high, value]) ? result.json : .double(result.doubleValue)
        },
        TemplateFunction("abs", .exactly(1)) { _, args throws(TemplateFunctionError) in
            switch try args.number(0) {
            case .int(let value):
                guard value != Int.min else { throw TemplateFunctionError("integer overflow") }
                return .int(value < 0 ? -value : value)
            case .double(let value):
                return .double(Swift.abs(value))
            }
        },
    ]

    private typealias IntOperation = @Sendable (Int, Int) -> (partialValue: Int, overflow: Bool)
    private typealias DoubleOperation = @Sendable (Double, Double) -> Double

    private static func arithmetic(_ a: TemplateNumber, _ b: TemplateNumber, _ intOperation: IntOperation,
                                   _ doubleOperation: DoubleOperation) throws(TemplateFunctionError) -> JSONValue {
        if case .int(let x) = a, case .int(let y) = b {
            let (result, overflow) = intOperation(x, y)
            guard !overflow else { throw TemplateFunctionError("integer overflow") }
            return .int(result)
        }
        let result = doubleOperation(a.doubleValue, b.doubleValue)
        guard result.isFinite else { throw TemplateFunctionError("result is not a finite number") }
        return .double(result)
    }

    private static func fold(_ name: String, _ arity: TemplateFunctionArity, _ intOperation: @escaping IntOperation,
                             _ doubleOperation: @escaping DoubleOperation) -> TemplateFunction {
        TemplateFunction(name, arity) { _, args throws(TemplateFunctionError) in
            var accumulator = try args.number(0)
            for index in 1..<Swift.max(1, args.count) {
                switch try arithmetic(accumulator, try args.number(index), intOperation, doubleOperation) {
                case .int(let value): accumulator = .int(value)
                case let other: accumulator = .double(other.doubleValue ?? 0)
                }
            }
            return accumulator.json
        }
    }

    private static func compare(_ a: TemplateNumber, _ b: TemplateNumber) throws(TemplateFunctionError) -> Int {
        try TemplateValues.compare(a.json, b.json)
    }

    private static func allInts(_ numbers: [TemplateNumber]) -> Bool {
        numbers.allSatisfy { if case .int = $0 { return true } else { return false } }
    }

    private static func extremum(_ name: String, _ better: @escaping @Sendable (Int) -> Bool) -> TemplateFunction {
        TemplateFunction(name, .atLeast(1)) { _, args throws(TemplateFunctionError) in
            var numbers: [TemplateNumber] = []
            for index in args.indices { numbers.append(try args.number(index)) }
            guard var best = numbers.first else { return .null }
            for number in numbers.dropFirst() {
                if better(try compare(number, best)) { best = number }
            }
            return allInts(numbers) ? best.json : .double(best.doubleValue)
        }
    }
}
