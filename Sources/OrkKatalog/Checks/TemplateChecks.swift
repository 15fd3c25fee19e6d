import OrkTemplate
import OrkValue

/// Parses every template of a Katalog once and reports syntax errors (unknown functions, unbalanced
/// braces, bad pipelines) at their file position.
struct TemplateChecks {
    let context: LoaderContext
    let functions: TemplateFunctions

    func run(root: YAMLNode) {
        for site in TemplateSiteCollector.collect(in: root) {
            do {
                _ = try Template(site.source, functions: functions)
            } catch {
                context.currentCRD = site.crd
                context.error("template: \(error.message)", at: site.filePosition(line: error.line, column: error.column),
                              field: site.field)
                context.currentCRD = nil
            }
        }
    }
}
