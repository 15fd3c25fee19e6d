import Testing
import OrkValue

@Suite struct Base64Tests {
    /// RFC 4648 §10.
    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                      ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")])
    func rfcVectors(_ plain: String, _ encoded: String) {
        #expect(Base64.encode(plain.utf8) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
        #expect(Base64.decodeLenient(encoded) == Array(plain.utf8))
        let unpadded = String(encoded.filter { $0 != "=" })
        #expect(Base64.encode(plain.utf8, alphabet: .url, padded: false) == unpadded)
        #expect(Base64.decodeLenient(unpadded) == Array(plain.utf8))
    }

    @Test func alphabetsDifferInTheLastTwoCharacters() {
        let bytes: [UInt8] = [0xfb, 0xff, 0xbf]
        #expect(Base64.encode(bytes) == "+/+/")
        #expect(Base64.encode(bytes, alphabet: .url) == "-_-_")
        #expect(Base64.decode("+/+/") == bytes)
        #expect(Base64.decode("-_-_") == nil, "the strict decoder takes the standard alphabet only")
        #expect(Base64.decodeLenient("-_-_") == bytes && Base64.decodeLenient("+/-_") == bytes)
    }

    @Test func everyLengthRoundTrips() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for length in 0...bytes.count {
            let prefix = Array(bytes.prefix(length))
            #expect(Base64.decode(Base64.encode(prefix)) == prefix)
            #expect(Base64.decodeLenient(Base64.encode(prefix, alphabet: .url, padded: false)) == prefix)
        }
    }

    @Test(arguments: ["Zg", "Zg=", "Z===", "Zg==Zg==", "Zm9v!", "Zm9=v", "=Zm9", "Zm 9v", "Zm9vY"])
    func strictDecodeRefusesMalformed(_ text: String) {
        #expect(Base64.decode(text) == nil, "\(text)")
    }

    @Test func strictDecodeIgnoresLineBreaksAsGoDoes() {
        #expect(Base64.decode("Zm9v\r\nYmFy\n") == Array("foobar".utf8))
    }

    @Test(arguments: ["Z", "Zm9vY", "Zm9v!", "Zm 9v"])
    func lenientDecodeRefusesWhatNoEncoderProduces(_ text: String) {
        #expect(Base64.decodeLenient(text) == nil, "\(text)")
    }
}
