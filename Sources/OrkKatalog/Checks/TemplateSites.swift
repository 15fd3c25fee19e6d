import OrkValue

/// A `{{ }}` template written somewhere in a Katalog: its text, where its content starts in the file,
/// and the CRD and field it belongs to.
struct TemplateSite {
    var source: String
    var scalar: YAMLScalar
    var position: SourcePosition
    var crd: String?
    var field: String

    /// The file position of a 1-based line/column inside the template text.
    func filePosition(line: Int, column: Int) -> SourcePosition {
        var result = position
        if line <= 1 {
            result.column += scalar.contentColumnOffset + max(column, 1) - 1
        } else {
            result.line += scalar.contentLineOffset + line - 1
            result.column = max(column, 1) + (scalar.style == .block ? position.column + 1 : 0)
        }
        return result
    }
}

/// Finds every template string under `spec.crds`, skipping free-text keys.
enum TemplateSiteCollector {
    /// Keys whose values are prose or literal data, never templates.
    static let proseKeys: Set<String> = ["description"]

    static func collect(in root: YAMLNode) -> [TemplateSite] {
        guard let crds = root["spec"]?["crds"]?.pairs else { return [] }
        var sites: [TemplateSite] = []
        for pair in crds {
            walk(pair.value, field: "spec.crds.\(pair.key)", crd: pair.key, into: &sites)
        }
        return sites
    }

    static func walk(_ node: YAMLNode, field: String, crd: String, into sites: inout [TemplateSite]) {
        switch node.content {
        case .scalar(let scalar):
            if scalar.text.contains("{{") {
                sites.append(TemplateSite(source: scalar.text, scalar: scalar, position: node.position, crd: crd,
                                          field: field))
            }
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                walk(item, field: "\(field)[\(index)]", crd: crd, into: &sites)
            }
        case .mapping(let pairs):
            for pair in pairs where !proseKeys.contains(pair.key) {
                walk(pair.value, field: "\(field).\(pair.key)", crd: crd, into: &sites)
            }
        }
    }
}
