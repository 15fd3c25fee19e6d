import OrkAPI
import OrkValue
import Testing

/// The API's encoder writes what the contract promises: every key (null when absent), no
/// non-finite number, integers as integers, and the exact value a decoder reads back.
@Suite struct DocumentEncoderTests {
    struct Sample: Codable, Equatable {
        var name: String
        var note: String?
        var count: Int
        var huge: UInt64
        var rate: Double
        var ratio: Double?
        var tags: [String]
        var nested: [String: Int]
        var raw: JSONDocument
    }

    @Test func absentOptionalsAreNullAndEveryKeyIsWritten() throws {
        let sample = Sample(name: "a", note: nil, count: 3, huge: 5, rate: 1.5, ratio: nil, tags: ["x"],
                            nested: ["k": 1], raw: JSONDocument(["deep": [1, "two", .null]]))
        let value = try DocumentEncoder.encode(sample)
        #expect(value == [
            "name": "a", "note": .null, "count": 3, "huge": 5, "rate": 1.5, "ratio": .null, "tags": ["x"],
            "nested": ["k": 1], "raw": ["deep": [1, "two", .null]],
        ])
    }

    @Test func nonFiniteNumbersAreNullAndLargeCountersClamp() throws {
        let sample = Sample(name: "", note: "n", count: .min, huge: .max, rate: .nan, ratio: .infinity, tags: [],
                            nested: [:], raw: JSONDocument(.null))
        let value = try DocumentEncoder.encode(sample)
        #expect(value["rate"] == .null && value["ratio"] == .null)
        #expect(value["huge"] == .int(.max))
        #expect(value["count"] == .int(.min))
    }

    @Test func whatIsEncodedDecodesToTheSameValue() throws {
        let sample = Sample(name: "web", note: "n", count: 42, huge: 7, rate: 0.125, ratio: 2, tags: ["a", "b"],
                            nested: ["x": 1, "y": 2], raw: JSONDocument(["a": ["b": true]]))
        let value = try DocumentEncoder.encode(sample)
        #expect(try DocumentDecoder.decode(Sample.self, from: value) == sample)
        // …and through the serialised text the servers send.
        let text = value.prettyPrinted()
        #expect(try DocumentDecoder.decode(Sample.self, from: JSONValue.parse(text)) == sample)
    }

    @Test func aBodyAndItsEnvelopeShareOneObject() throws {
        let answered = Answered(ErrorBody(error: "boom"), pod: PodRef(name: "p", ip: "10.0.0.1"), leader: nil)
        let value = try DocumentEncoder.encode(answered)
        #expect(value == ["error": "boom", "pod": ["name": "p", "ip": "10.0.0.1"], "leader": .null])
        #expect(try DocumentDecoder.decode(Answered<ErrorBody>.self, from: value) == answered)
    }

    @Test func aRenamedKeyIsAMissingField() throws {
        var value = try DocumentEncoder.encode(ErrorBody(error: "x"))
        if case .object(var fields) = value {
            fields["message"] = fields.removeValue(forKey: "error")
            value = .object(fields)
        }
        #expect(throws: DocumentError(path: ["error"], problem: .missing)) {
            try DocumentDecoder.decode(ErrorBody.self, from: value)
        }
    }
}
