import Testing
import OrkValue

/// RFC 6902 (JSON Patch), RFC 6901 (JSON Pointer) and RFC 7386 (JSON Merge Patch), with the RFCs' own examples.
@Suite struct JSONPatchTests {
    struct PatchCase: CustomTestStringConvertible, Sendable {
        var name: String
        var document: String
        var patch: String
        var expected: String?   // nil: the patch must fail
        var testDescription: String { name }
    }

    static let rfc6902Examples: [PatchCase] = [
        .init(name: "A.1 add an object member", document: #"{"foo":"bar"}"#,
              patch: #"[{"op":"add","path":"/baz","value":"qux"}]"#, expected: #"{"baz":"qux","foo":"bar"}"#),
        .init(name: "A.2 add an array element", document: #"{"foo":["bar","baz"]}"#,
              patch: #"[{"op":"add","path":"/foo/1","value":"qux"}]"#, expected: #"{"foo":["bar","qux","baz"]}"#),
        .init(name: "A.3 remove an object member", document: #"{"baz":"qux","foo":"bar"}"#,
              patch: #"[{"op":"remove","path":"/baz"}]"#, expected: #"{"foo":"bar"}"#),
        .init(name: "A.4 remove an array element", document: #"{"foo":["bar","qux","baz"]}"#,
              patch: #"[{"op":"remove","path":"/foo/1"}]"#, expected: #"{"foo":["bar","baz"]}"#),
        .init(name: "A.5 replace a value", document: #"{"baz":"qux","foo":"bar"}"#,
              patch: #"[{"op":"replace","path":"/baz","value":"boo"}]"#, expected: #"{"baz":"boo","foo":"bar"}"#),
        .init(name: "A.6 move a value", document: #"{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}"#,
              patch: #"[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"#,
              expected: #"{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"#),
        .init(name: "A.7 move an array element", document: #"{"foo":["all","grass","cows","eat"]}"#,
              patch: #"[{"op":"move","from":"/foo/1","path":"/foo/3"}]"#, expected: #"{"foo":["all","cows","eat","grass"]}"#),
        .init(name: "A.8 test a value: success", document: #"{"baz":"qux","foo":["a",2,"c"]}"#,
              patch: #"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"#,
              expected: #"{"baz":"qux","foo":["a",2,"c"]}"#),
        .init(name: "A.9 test a value: error", document: #"{"baz":"qux"}"#,
              patch: #"[{"op":"test","path":"/baz","value":"bar"}]"#, expected: nil),
        .init(name: "A.10 add a nested member object", document: #"{"foo":"bar"}"#,
              patch: #"[{"op":"add","path":"/child","value":{"grandchild":{}}}]"#,
              expected: #"{"child":{"grandchild":{}},"foo":"bar"}"#),
        .init(name: "A.11 ignore unrecognized elements", document: #"{"foo":"bar"}"#,
              patch: #"[{"op":"add","path":"/baz","value":"qux","xyz":123}]"#, expected: #"{"baz":"qux","foo":"bar"}"#),
        .init(name: "A.12 add to a nonexistent target", document: #"{"foo":"bar"}"#,
              patch: #"[{"op":"add","path":"/baz/bat","value":"qux"}]"#, expected: nil),
        .init(name: "A.14 ~ escape ordering", document: #"{"/":9,"~1":10}"#,
              patch: #"[{"op":"test","path":"/~01","value":10}]"#, expected: #"{"/":9,"~1":10}"#),
        .init(name: "A.15 comparing strings and numbers", document: #"{"/":9,"~1":10}"#,
              patch: #"[{"op":"test","path":"/~01","value":"10"}]"#, expected: nil),
        .init(name: "A.16 add an array value", document: #"{"foo":["bar"]}"#,
              patch: #"[{"op":"add","path":"/foo/-","value":["abc","def"]}]"#, expected: #"{"foo":["bar",["abc","def"]]}"#),
    ]

    static let edgeCases: [PatchCase] = [
        .init(name: "replace the whole document", document: #"{"a":1}"#,
              patch: #"[{"op":"replace","path":"","value":[1]}]"#, expected: "[1]"),
        .init(name: "add at the root replaces", document: #"{"a":1}"#,
              patch: #"[{"op":"add","path":"","value":{"b":2}}]"#, expected: #"{"b":2}"#),
        .init(name: "add replaces an existing member", document: #"{"a":1}"#,
              patch: #"[{"op":"add","path":"/a","value":2}]"#, expected: #"{"a":2}"#),
        .init(name: "add at the array end by index", document: #"{"a":[1]}"#,
              patch: #"[{"op":"add","path":"/a/1","value":2}]"#, expected: #"{"a":[1,2]}"#),
        .init(name: "add past the array end fails", document: #"{"a":[1]}"#,
              patch: #"[{"op":"add","path":"/a/2","value":2}]"#, expected: nil),
        .init(name: "leading zero index fails", document: #"{"a":[1,2]}"#,
              patch: #"[{"op":"replace","path":"/a/01","value":3}]"#, expected: nil),
        .init(name: "negative index fails", document: #"{"a":[1,2]}"#,
              patch: #"[{"op":"remove","path":"/a/-1"}]"#, expected: nil),
        .init(name: "dash only appends", document: #"{"a":[1,2]}"#,
              patch: #"[{"op":"remove","path":"/a/-"}]"#, expected: nil),
        .init(name: "huge index fails", document: #"{"a":[1,2]}"#,
              patch: #"[{"op":"remove","path":"/a/99999999999999999999999"}]"#, expected: nil),
        .init(name: "remove a missing member fails", document: #"{"a":1}"#,
              patch: #"[{"op":"remove","path":"/b"}]"#, expected: nil),
        .init(name: "replace a missing member fails", document: #"{"a":1}"#,
              patch: #"[{"op":"replace","path":"/b","value":1}]"#, expected: nil),
        .init(name: "remove the root fails", document: #"{"a":1}"#,
              patch: #"[{"op":"remove","path":""}]"#, expected: nil),
        .init(name: "move into own child fails", document: #"{"a":{"b":1}}"#,
              patch: #"[{"op":"move","from":"/a","path":"/a/b/c"}]"#, expected: nil),
        .init(name: "move onto itself", document: #"{"a":1}"#,
              patch: #"[{"op":"move","from":"/a","path":"/a"}]"#, expected: #"{"a":1}"#),
        .init(name: "move from a missing path fails", document: #"{"a":1}"#,
              patch: #"[{"op":"move","from":"/x","path":"/y"}]"#, expected: nil),
        .init(name: "copy", document: #"{"a":{"b":[1]}}"#,
              patch: #"[{"op":"copy","from":"/a/b","path":"/c"}]"#, expected: #"{"a":{"b":[1]},"c":[1]}"#),
        .init(name: "copy from a missing path fails", document: #"{"a":1}"#,
              patch: #"[{"op":"copy","from":"/x","path":"/y"}]"#, expected: nil),
        .init(name: "test compares numbers by value", document: #"{"a":1}"#,
              patch: #"[{"op":"test","path":"/a","value":1.0}]"#, expected: #"{"a":1}"#),
        .init(name: "test compares objects regardless of order", document: #"{"a":{"x":1,"y":[true,null]}}"#,
              patch: #"[{"op":"test","path":"/a","value":{"y":[true,null],"x":1}}]"#, expected: #"{"a":{"x":1,"y":[true,null]}}"#),
        .init(name: "test of a missing path fails", document: #"{}"#,
              patch: #"[{"op":"test","path":"/a","value":null}]"#, expected: nil),
        .init(name: "escaped slash in a key", document: #"{"a/b":{"c~d":1}}"#,
              patch: #"[{"op":"replace","path":"/a~1b/c~0d","value":2}]"#, expected: #"{"a/b":{"c~d":2}}"#),
        .init(name: "bad escape fails", document: #"{"a":1}"#,
              patch: #"[{"op":"remove","path":"/a~2"}]"#, expected: nil),
        .init(name: "pointer without a leading slash fails", document: #"{"a":1}"#,
              patch: #"[{"op":"remove","path":"a"}]"#, expected: nil),
        .init(name: "unknown op fails", document: #"{"a":1}"#,
              patch: #"[{"op":"frobnicate","path":"/a"}]"#, expected: nil),
        .init(name: "missing op fails", document: #"{"a":1}"#, patch: #"[{"path":"/a"}]"#, expected: nil),
        .init(name: "missing value fails", document: #"{"a":1}"#, patch: #"[{"op":"add","path":"/b"}]"#, expected: nil),
        .init(name: "non-object operation fails", document: #"{"a":1}"#, patch: #"[42]"#, expected: nil),
        .init(name: "descend into a scalar fails", document: #"{"a":1}"#,
              patch: #"[{"op":"add","path":"/a/b","value":1}]"#, expected: nil),
        .init(name: "empty key is a member", document: #"{"":1}"#,
              patch: #"[{"op":"replace","path":"/","value":2}]"#, expected: #"{"":2}"#),
        .init(name: "a failing later op discards earlier ones", document: #"{"a":1}"#,
              patch: #"[{"op":"add","path":"/b","value":2},{"op":"remove","path":"/zz"}]"#, expected: nil),
        .init(name: "nested array in object", document: #"{"a":[{"b":[1,2]}]}"#,
              patch: #"[{"op":"add","path":"/a/0/b/0","value":0},{"op":"remove","path":"/a/0/b/2"}]"#,
              expected: #"{"a":[{"b":[0,1]}]}"#),
    ]

    @Test(arguments: rfc6902Examples + edgeCases)
    func jsonPatch(_ example: PatchCase) throws {
        let document = try JSONValue.parse(example.document)
        guard case .array(let operations) = try JSONValue.parse(example.patch) else {
            Issue.record("patch is not an array"); return
        }
        if let expected = example.expected {
            let result = try JSONPatch.apply(operations, to: document)
            #expect(result == (try JSONValue.parse(expected)))
        } else {
            #expect(throws: JSONPatchError.self) { try JSONPatch.apply(operations, to: document) }
        }
    }

    @Test func errorsNameTheFailingOperation() throws {
        let operations: [JSONValue] = [["op": "add", "path": "/a", "value": 1], ["op": "remove", "path": "/x"]]
        do {
            _ = try JSONPatch.apply(operations, to: [:])
            Issue.record("expected a failure")
        } catch {
            #expect(error.operationIndex == 1)
            #expect(error.description.contains("operation 1"))
        }
    }

    @Test func copyAmplificationIsBounded() throws {
        // Copying the document into itself under two keys doubles it every time.
        let operations: [JSONValue] = (0..<64).map { ["op": "copy", "from": "", "path": .string($0 % 2 == 0 ? "/a" : "/b")] }
        #expect(throws: JSONPatchError.self) { try JSONPatch.apply(operations, to: ["a": [1, 2, 3]]) }
        let few = [JSONValue](repeating: ["op": "copy", "from": "", "path": "/a"], count: 3)
        #expect(try JSONPatch.apply(few, to: ["a": 1]).value(atDotted: "a.a.a.a") == 1)
    }

    @Test func pointersRoundTrip() throws {
        let pointer = try JSONPointer(parsing: "/a~1b/c~0d/0/")
        #expect(pointer.tokens == ["a/b", "c~d", "0", ""])
        #expect(pointer.description == "/a~1b/c~0d/0/")
        #expect(try JSONPointer(parsing: "").tokens.isEmpty)
        let doc: JSONValue = ["foo": ["bar", "baz"], "": 0, "a/b": 1, "m~n": 8, " ": 7]
        // RFC 6901 section 5 examples.
        #expect(try JSONPointer(parsing: "/foo/0").resolve(in: doc) == "bar")
        #expect(try JSONPointer(parsing: "/").resolve(in: doc) == 0)
        #expect(try JSONPointer(parsing: "/a~1b").resolve(in: doc) == 1)
        #expect(try JSONPointer(parsing: "/m~0n").resolve(in: doc) == 8)
        #expect(try JSONPointer(parsing: "/ ").resolve(in: doc) == 7)
        #expect(try JSONPointer(parsing: "/foo/2").resolve(in: doc) == nil)
    }

    struct MergeCase: CustomTestStringConvertible, Sendable {
        var target: String
        var patch: String
        var expected: String
        var testDescription: String { "\(target) + \(patch)" }
    }

    /// RFC 7386 appendix A.
    static let rfc7386Examples: [MergeCase] = [
        .init(target: #"{"a":"b"}"#, patch: #"{"a":"c"}"#, expected: #"{"a":"c"}"#),
        .init(target: #"{"a":"b"}"#, patch: #"{"b":"c"}"#, expected: #"{"a":"b","b":"c"}"#),
        .init(target: #"{"a":"b"}"#, patch: #"{"a":null}"#, expected: #"{}"#),
        .init(target: #"{"a":"b","b":"c"}"#, patch: #"{"a":null}"#, expected: #"{"b":"c"}"#),
        .init(target: #"{"a":["b"]}"#, patch: #"{"a":"c"}"#, expected: #"{"a":"c"}"#),
        .init(target: #"{"a":"c"}"#, patch: #"{"a":["b"]}"#, expected: #"{"a":["b"]}"#),
        .init(target: #"{"a":{"b":"c"}}"#, patch: #"{"a":{"b":"d","c":null}}"#, expected: #"{"a":{"b":"d"}}"#),
        .init(target: #"{"a":[{"b":"c"}]}"#, patch: #"{"a":[1]}"#, expected: #"{"a":[1]}"#),
        .init(target: #"["a","b"]"#, patch: #"["c","d"]"#, expected: #"["c","d"]"#),
        .init(target: #"{"a":"b"}"#, patch: #"["c"]"#, expected: #"["c"]"#),
        .init(target: #"{"a":"foo"}"#, patch: "null", expected: "null"),
        .init(target: #"{"a":"foo"}"#, patch: #""bar""#, expected: #""bar""#),
        .init(target: #"{"e":null}"#, patch: #"{"a":1}"#, expected: #"{"a":1,"e":null}"#),
        .init(target: #"[1,2]"#, patch: #"{"a":"b","c":null}"#, expected: #"{"a":"b"}"#),
        .init(target: #"{}"#, patch: #"{"a":{"bb":{"ccc":null}}}"#, expected: #"{"a":{"bb":{}}}"#),
    ]

    @Test(arguments: rfc7386Examples)
    func mergePatch(_ example: MergeCase) throws {
        let result = JSONMergePatch.apply(try JSONValue.parse(example.patch), to: try JSONValue.parse(example.target))
        #expect(result == (try JSONValue.parse(example.expected)))
    }
}
