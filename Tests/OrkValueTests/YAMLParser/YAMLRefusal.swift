@testable import OrkValue

/// The error `YAMLReader` refuses `text` with, or nil when it reads it (the limit tests' one question).
func yamlRefusal(_ text: String) -> YAMLSyntaxError? {
    do {
        _ = try YAMLReader.documents(text, file: "t.yaml")
        return nil
    } catch {
        return error
    }
}
