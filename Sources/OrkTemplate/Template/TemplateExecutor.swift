import OrkValue

/// Walks a parsed template against one data document, writing the output. One executor per
/// render; it owns the variable slots, the output buffer and the work budget.
struct TemplateExecutor {
    enum Flow { case normal, breakLoop, continueLoop }

    let root: JSONValue
    var variables: [JSONValue]
    var output = ""
    var context: TemplateCallContext

    init(root: JSONValue, slotCount: Int, limits: TemplateLimits) {
        self.root = root
        self.variables = slotCount > 0 ? Array(repeating: .null, count: slotCount) : []
        self.context = TemplateCallContext(limits: limits)
    }

    // MARK: Nodes

    mutating func execute(_ nodes: [TemplateNode], dot: JSONValue) throws(TemplateError) -> Flow {
        for node in nodes {
            switch node {
            case .text(let text, let location):
                try step(at: location)
                try write(text, at: location)
            case .output(let pipeline):
                try step(at: pipeline.location)
                let value = try evaluate(pipeline, dot: dot)
                try print(value, at: pipeline.location)
            case .assign(let pipeline):
                try step(at: pipeline.location)
                let value = try evaluate(pipeline, dot: dot)
                assign(value, to: pipeline.variables)
            case .conditional(let conditional):
                let flow = try execute(conditional, dot: dot)
                if flow != .normal { return flow }
            case .range(let range):
                let flow = try execute(range, dot: dot)
                if flow != .normal { return flow }
            case .breakLoop:
                return .breakLoop
            case .continueLoop:
                return .continueLoop
            }
        }
        return .normal
    }

    private mutating func execute(_ conditional: TemplateConditional, dot: JSONValue) throws(TemplateError) -> Flow {
        for branch in conditional.branches {
            try step(at: branch.pipeline.location)
            let value = try evaluate(branch.pipeline, dot: dot)
            assign(value, to: branch.pipeline.variables)
            if TemplateValues.isTruthy(value) {
                return try execute(branch.body, dot: conditional.isWith ? value : dot)
            }
        }
        return try execute(conditional.elseBody, dot: dot)
    }

    private mutating func execute(_ range: TemplateRange, dot: JSONValue) throws(TemplateError) -> Flow {
        let location = range.pipeline.location
        try step(at: location)
        let collection = try evaluate(range.pipeline, dot: dot)
        let slots = range.pipeline.variables
        switch collection {
        case .array(let items) where !items.isEmpty:
            for (offset, item) in items.enumerated() {
                if try iterate(range, key: .int(offset), element: item) == .breakLoop { break }
            }
        case .object(let fields) where !fields.isEmpty:
            try charge(fields.count, at: location)
            for key in fields.keys.sorted() {
                if try iterate(range, key: .string(key), element: fields[key] ?? .null) == .breakLoop { break }
            }
        case .int(let count) where count > 0:
            guard slots.count < 2 else {
                throw TemplateError(at: location, "can't use 2 variables to range over an integer")
            }
            for counter in 0..<count {
                if try iterate(range, key: .int(counter), element: .int(counter)) == .breakLoop { break }
            }
        case .array, .object, .int, .null:
            return try execute(range.elseBody, dot: dot)
        case .bool, .double, .string:
            throw TemplateError(at: location, "range can't iterate over \(collection.typeName) \(TemplateValues.preview(collection))")
        }
        return .normal
    }

    private mutating func iterate(_ range: TemplateRange, key: JSONValue, element: JSONValue) throws(TemplateError) -> Flow {
        try step(at: range.pipeline.location)
        let slots = range.pipeline.variables
        if slots.count == 1 {
            assign(element, to: slots)
        } else if slots.count == 2 {
            setVariable(slots[0], key)
            setVariable(slots[1], element)
        }
        return try execute(range.body, dot: element)
    }

    // MARK: Pipelines and expressions

    mutating func evaluate(_ pipeline: TemplatePipeline, dot: JSONValue) throws(TemplateError) -> JSONValue {
        var value = try evaluate(pipeline.head, dot: dot)
        for stage in pipeline.stages {
            value = try call(stage, dot: dot, piped: value)
        }
        return value
    }

    mutating func evaluate(_ expression: TemplateExpression, dot: JSONValue) throws(TemplateError) -> JSONValue {
        switch expression {
        case .literal(let value):
            return value
        case .dot:
            return dot
        case .root:
            return root
        case .variable(let slot):
            return slot < variables.count ? variables[slot] : .null
        case .fields(.dot, let names, let location):
            return try TemplateExecutor.fields(names, of: dot, at: location)
        case .fields(let base, let names, let location):
            return try TemplateExecutor.fields(names, of: try evaluate(base, dot: dot), at: location)
        case .call(let call):
            return try self.call(call, dot: dot, piped: nil)
        case .pipeline(let pipeline):
            return try evaluate(pipeline, dot: dot)
        }
    }

    /// Follows a field chain: a missing key, or any field of null, is null.
    private static func fields(_ names: [String], of base: JSONValue,
                               at location: TemplateLocation) throws(TemplateError) -> JSONValue {
        var value = base
        for name in names {
            switch value {
            case .object(let fields):
                value = fields[name] ?? .null
            case .null:
                return .null
            default:
                throw TemplateError(at: location, "can't evaluate field \(name) in type \(value.typeName)")
            }
        }
        return value
    }

    private mutating func call(_ call: TemplateCall, dot: JSONValue, piped: JSONValue?) throws(TemplateError) -> JSONValue {
        try step(at: call.location)
        switch call.function.kind {
        case .and, .or:
            let stopWhen = call.function.kind.isOr
            var value = JSONValue.null
            for argument in call.arguments {
                value = try evaluate(argument, dot: dot)
                if TemplateValues.isTruthy(value) == stopWhen { return value }
            }
            return piped ?? value
        case .regular(let body):
            var arguments: [JSONValue] = []
            arguments.reserveCapacity(call.arguments.count + (piped == nil ? 0 : 1))
            for argument in call.arguments {
                arguments.append(try evaluate(argument, dot: dot))
            }
            if let piped { arguments.append(piped) }
            do throws(TemplateFunctionError) {
                let result = try body(&context, arguments)
                try context.charge(TemplateValues.weight(arguments) &+ TemplateValues.weight(result))
                if case .string(let text) = result { try context.checkSize(text.utf8.count) }
                return result
            } catch {
                throw TemplateError(at: call.location, "error calling \(call.function.name): \(error.message)")
            }
        }
    }

    // MARK: Output and variables

    private mutating func print(_ value: JSONValue, at location: TemplateLocation) throws(TemplateError) {
        switch value {
        case .null:
            return
        case .string(let text):
            try write(text, at: location)
        case .int(let number):
            try write(String(number), at: location)
        case .bool, .double:
            try write(value.plainText, at: location)
        case .array, .object:
            do throws(TemplateFunctionError) {
                var writer = TemplateJSONWriter(limit: context.limits.maxOutputBytes, initial: output.utf8.count)
                try writer.write(value, to: &output, context: &context)
            } catch {
                throw TemplateError(at: location, error.message)
            }
        }
    }

    private mutating func write(_ text: String, at location: TemplateLocation) throws(TemplateError) {
        let (total, overflow) = output.utf8.count.addingReportingOverflow(text.utf8.count)
        guard !overflow, total <= context.limits.maxOutputBytes else {
            throw TemplateError(at: location, "output exceeds the limit of \(context.limits.maxOutputBytes) bytes")
        }
        output += text
    }

    private mutating func assign(_ value: JSONValue, to slots: [Int]) {
        for slot in slots { setVariable(slot, value) }
    }

    private mutating func setVariable(_ slot: Int, _ value: JSONValue) {
        if slot >= 0, slot < variables.count { variables[slot] = value }
    }

    @inline(__always)
    private mutating func step(at location: TemplateLocation) throws(TemplateError) {
        try charge(1, at: location)
    }

    private mutating func charge(_ units: Int, at location: TemplateLocation) throws(TemplateError) {
        do throws(TemplateFunctionError) {
            try context.charge(units)
        } catch {
            throw TemplateError(at: location, error.message)
        }
    }
}

extension TemplateFunction.Kind {
    var isOr: Bool { if case .or = self { return true } else { return false } }
}
