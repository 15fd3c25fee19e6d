import OrkAPI
import OrkValue

/// Parses and decodes response bodies, turning every failure into one line that names the JSON
/// path and what was wrong (`DocumentError`), for the endpoint's DOWN reason and the Errors view.
enum DecodeFailure {
    /// Nesting refused past this depth. The contract's deepest documents (a CR's child tree and
    /// raw status) nest far less; decoding and drawing recurse once per level.
    static let maximumDepth = 64

    /// The text of a decoding failure: a `DocumentError`'s description, else what the error says.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DocumentError { return error.description }
        if let error = error as? JSONParseError { return DocumentError(path: [], problem: .syntax(error)).description }
        if let error = error as? DecodingError {
            switch error {
            case .keyNotFound(let key, let context): return DocumentError(context.codingPath + [key], .missing).description
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                return DocumentError(context.codingPath, .other(context.debugDescription)).description
            @unknown default: return "\(error)"
            }
        }
        return "\(error)"
    }

    /// Decodes `T` from `body`, or the failure with its path.
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) -> Result<T, FetchFailure> {
        document(type, from: body).map(\.value)
    }

    /// Decodes `T` from `body` and keeps the parsed JSON (what `--once --format json` prints).
    static func document<T: Decodable>(_ type: T.Type, from body: [UInt8]) -> Result<(value: T, json: JSONValue), FetchFailure> {
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes: body, maxDepth: maximumDepth)
        } catch {
            return .failure(.invalidBody(describe(error)))
        }
        do {
            return .success((try DocumentDecoder.decode(T.self, from: json), json))
        } catch {
            return .failure(.invalidBody(describe(error)))
        }
    }
}
