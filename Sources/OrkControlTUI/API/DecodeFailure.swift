import Foundation

/// Turns a `DecodingError` into one line that names the JSON path and what was wrong.
enum DecodeFailure {
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "invalid JSON: \(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the body" : String(text.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "unexpected JSON: \(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context):
            return "unexpected JSON: \(path(context.codingPath)) is not \(type)"
        case .valueNotFound(let type, let context):
            return "unexpected JSON: \(path(context.codingPath)) is null, expected \(type)"
        case .dataCorrupted(let context):
            return "invalid JSON at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "invalid JSON: \(error)"
        }
    }

    /// Decodes `T` from `body` or returns the failure description.
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) -> Result<T, FetchFailure> {
        do {
            return .success(try JSONDecoder().decode(T.self, from: Data(body)))
        } catch {
            return .failure(.invalidBody(describe(error)))
        }
    }
}
