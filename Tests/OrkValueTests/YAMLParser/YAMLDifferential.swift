@testable import OrkValue

/// What one input did in Orkestra's YAML parser and in the Yams oracle.
enum YAMLDifferentialOutcome: Equatable {
    /// Both accepted and produced equal trees (positions, styles, texts, offsets).
    case sameTrees
    /// Both refused; `sameMessage` when the error text and position agree too.
    case bothRefused(sameMessage: Bool)
    /// A deliberate difference: ours refuses what libyaml accepts, with the reason.
    case knownDifference(String)
    /// A bug in one or the other: the trees differ, or only one refuses.
    case mismatch(String)

    var isMismatch: Bool {
        if case .mismatch = self { return true }
        return false
    }
}

/// Runs both readers on one input and classifies the result.
enum YAMLDifferential {
    static func compare(_ text: String, file: String = "t.yaml") -> YAMLDifferentialOutcome {
        let ours = Result { () throws(YAMLSyntaxError) in try YAMLReader.documents(text, file: file) }
        guard text.unicodeScalars.first == "\u{FEFF}" else { return classify(ours, yams(text, file: file)) }
        // A leading byte order mark: ours skips it as YAML 1.2 and libyaml's own encoding detection do;
        // Yams's libyaml saw it as a character in column 1. Ours must equal Yams on the text without it.
        let withoutMark = String(String.UnicodeScalarView(text.unicodeScalars.dropFirst()))
        let outcome = classify(ours, yams(withoutMark, file: file))
        guard !outcome.isMismatch else { return outcome }
        if classify(ours, yams(text, file: file)).isMismatch {
            return .knownDifference("leading byte order mark (YAML 1.2: skipped, not a column; Yams counted it)")
        }
        return outcome
    }

    static func yams(_ text: String, file: String) -> Result<[YAMLNode], YAMLSyntaxError> {
        Result { () throws(YAMLSyntaxError) in try YamsOracleReader.documents(text, file: file) }
    }

    static func classify(_ ours: Result<[YAMLNode], YAMLSyntaxError>,
                         _ oracle: Result<[YAMLNode], YAMLSyntaxError>) -> YAMLDifferentialOutcome {
        switch (ours, oracle) {
        case (.success(let mine), .success(let theirs)):
            if mine == theirs { return .sameTrees }
            if mine.map(withoutLeadingByteOrderMarks) == theirs {
                return .knownDifference("escaped U+FEFF starting a scalar (kept; Yams's UTF-8 decoding dropped it)")
            }
            return .mismatch("trees differ: " + firstDifference(mine, theirs))
        case (.failure(let mine), .failure(let theirs)):
            return .bothRefused(sameMessage: mine.description == theirs.description)
        case (.failure(let mine), .success):
            if let reason = deliberateDifference(mine) { return .knownDifference(reason) }
            return .mismatch("only ours refuses: \(mine)")
        case (.success, .failure(let theirs)):
            return .mismatch("only Yams refuses: \(theirs)")
        }
    }

    /// Refusals that are ours on purpose (see docs/katalog-yaml.md, "The YAML parser").
    static func deliberateDifference(_ error: YAMLSyntaxError) -> String? {
        if error.message.contains("anchors do not cross documents") {
            return "alias to an anchor of an earlier document (YAML 1.2: anchors are per document; Yams kept them)"
        }
        if error.message.contains("byte order mark (U+FEFF) inside a scalar") {
            return "byte order mark inside a scalar (YAML 1.2 forbids it; libyaml kept it as text)"
        }
        return nil
    }

    /// The trees with a leading U+FEFF removed from every scalar and key, as Foundation's UTF-8
    /// decoding in Yams removed it.
    static func withoutLeadingByteOrderMarks(_ node: YAMLNode) -> YAMLNode {
        func strip(_ text: String) -> String {
            text.unicodeScalars.first == "\u{FEFF}" ? String(String.UnicodeScalarView(text.unicodeScalars.dropFirst())) : text
        }
        var copy = node
        switch node.content {
        case .scalar(var scalar):
            scalar.text = strip(scalar.text)
            copy.content = .scalar(scalar)
        case .sequence(let items):
            copy.content = .sequence(items.map(withoutLeadingByteOrderMarks))
        case .mapping(let pairs):
            copy.content = .mapping(pairs.map {
                YAMLPair(key: strip($0.key), keyPosition: $0.keyPosition, value: withoutLeadingByteOrderMarks($0.value))
            })
        }
        return copy
    }

    /// The path and values of the first difference between two forests, for failure messages.
    static func firstDifference(_ mine: [YAMLNode], _ theirs: [YAMLNode]) -> String {
        guard mine.count == theirs.count else { return "\(mine.count) documents, Yams \(theirs.count)" }
        for (index, (left, right)) in zip(mine, theirs).enumerated() where left != right {
            return difference(left, right, path: "document \(index)")
        }
        return "none found"
    }

    private static func difference(_ left: YAMLNode, _ right: YAMLNode, path: String) -> String {
        if left.position != right.position { return "\(path): position \(left.position) vs Yams \(right.position)" }
        switch (left.content, right.content) {
        case (.sequence(let a), .sequence(let b)):
            guard a.count == b.count else { return "\(path): \(a.count) items vs Yams \(b.count)" }
            for (index, (x, y)) in zip(a, b).enumerated() where x != y {
                return difference(x, y, path: "\(path)[\(index)]")
            }
        case (.mapping(let a), .mapping(let b)):
            guard a.count == b.count else { return "\(path): keys \(a.map(\.key)) vs Yams \(b.map(\.key))" }
            for (x, y) in zip(a, b) where x != y {
                if x.key != y.key || x.keyPosition != y.keyPosition {
                    return "\(path): key \(x.key)@\(x.keyPosition) vs Yams \(y.key)@\(y.keyPosition)"
                }
                return difference(x.value, y.value, path: "\(path).\(x.key)")
            }
        default:
            break
        }
        return "\(path): \(left.content) vs Yams \(right.content)"
    }
}
