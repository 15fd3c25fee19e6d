import Testing
import OrkTemplate

@Suite struct TemplateErrorTests {
    static let parseErrors: [ErrorCase] = [
        ErrorCase("{{ foo }}", 1, 4, #"function "foo" not defined"#),
        ErrorCase("ok\n  {{ .a | nope 1 }}", 2, 11, #"function "nope" not defined"#),
        ErrorCase("a\n  {{ .x", 2, 3, #"unclosed action: missing "}}""#),
        ErrorCase("{{", 1, 1, #"unclosed action: missing "}}""#),
        ErrorCase("{{ .a }", 1, 7, #"unexpected "}" in action"#),
        ErrorCase("{{ .a {{ .b }}", 1, 7, #"unexpected "{{" inside action started at 1:1 (missing "}}"?)"#),
        ErrorCase("x{{ if .x }}a", 1, 2, "unclosed {{if}}: missing {{end}}"),
        ErrorCase("{{ range .x }}a{{ else }}b", 1, 1, "unclosed {{range}}: missing {{end}}"),
        ErrorCase("{{ with .x }}", 1, 1, "unclosed {{with}}: missing {{end}}"),
        ErrorCase("{{ if .a }}{{ if .b }}{{ end }}", 1, 1, "unclosed {{if}}: missing {{end}}"),
        ErrorCase("a{{ end }}", 1, 2, "unexpected {{end}}"),
        ErrorCase("{{ else }}", 1, 1, "unexpected {{else}}"),
        ErrorCase("{{ if .x }}{{ else }}{{ else }}{{ end }}", 1, 22, "unexpected {{else}} after {{else}} in {{if}}"),
        ErrorCase("{{ with .x }}{{ else if .y }}{{ end }}", 1, 14, "{{else if}} is not allowed in {{with}}"),
        ErrorCase("{{ range .x }}{{ else with .y }}{{ end }}", 1, 15, "{{else with}} is not allowed in {{range}}"),
        ErrorCase("{{ end 1 }}", 1, 8, #"unexpected number 1 in {{end}}"#),
        ErrorCase("{{ $x }}", 1, 4, #"undefined variable "$x""#),
        ErrorCase("{{ $x = 1 }}", 1, 4, #"undefined variable "$x""#),
        ErrorCase("{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}", 1, 39, #"undefined variable "$y""#),
        ErrorCase("{{ $x := $x }}", 1, 10, #"undefined variable "$x""#),
        ErrorCase("{{ $ = 1 }}", 1, 4, "cannot assign to $"),
        ErrorCase(#"{{ toLower "a" "b" }}"#, 1, 4, "wrong number of args for toLower: want 1 got 2"),
        ErrorCase(#"{{ "a" | replace "x" }}"#, 1, 10, "wrong number of args for replace: want 3 got 2"),
        ErrorCase("{{ eq 1 }}", 1, 4, "wrong number of args for eq: want at least 2 got 1"),
        ErrorCase("{{ slice }}", 1, 4, "wrong number of args for slice: want 1 to 3 got 0"),
        ErrorCase("{{ printf (upper) }}", 1, 12, "wrong number of args for upper: want 1 got 0"),
        ErrorCase(#"{{ .x | "a" }}"#, 1, 9, #"non-function string "a" in pipeline stage 2"#),
        ErrorCase("{{ .x | .y }}", 1, 9, #"non-function ".y" in pipeline stage 2"#),
        ErrorCase("{{ .x 1 }}", 1, 4, #"can't give argument to non-function ".x""#),
        ErrorCase(#"{{ "a" "b" }}"#, 1, 4, #"can't give argument to non-function string "a""#),
        ErrorCase("{{ .a | }}", 1, 7, #"missing command after "|""#),
        ErrorCase("{{ ( .x }}", 1, 9, "unclosed left paren"),
        ErrorCase("{{ (len .x }}", 1, 12, "unclosed left paren"),
        ErrorCase("{{ .x ) }}", 1, 7, #"unexpected ")""#),
        ErrorCase("{{ }}", 1, 4, "missing value for command"),
        ErrorCase("{{ if }}{{ end }}", 1, 7, "missing value for if"),
        ErrorCase("{{ range }}{{ end }}", 1, 10, "missing value for range"),
        ErrorCase("{{ () }}", 1, 5, "missing value for parenthesized pipeline"),
        ErrorCase("{{ break }}", 1, 1, "{{break}} outside {{range}}"),
        ErrorCase("{{ if 1 }}{{ continue }}{{ end }}", 1, 11, "{{continue}} outside {{range}}"),
        ErrorCase(#"{{ "abc }}"#, 1, 4, "unterminated quoted string"),
        ErrorCase("{{ \"a\nb\" }}", 1, 4, "unterminated quoted string"),
        ErrorCase("{{ `abc }}", 1, 4, "unterminated raw quoted string"),
        ErrorCase("{{ 'ab' }}", 1, 4, "invalid character constant: more than one character"),
        ErrorCase(#"{{ "\q" }}"#, 1, 4, #"unknown escape sequence \q"#),
        ErrorCase(#"{{ "\x4" }}"#, 1, 4, "invalid escape sequence: expected 2 hex digits"),
        ErrorCase(#"{{ "\ud800" }}"#, 1, 4, "escape sequence is invalid Unicode code point"),
        ErrorCase("{{ 1x }}", 1, 4, #"bad number syntax: "1x""#),
        ErrorCase("{{ 1.2.3 }}", 1, 4, #"bad number syntax: "1.2.3""#),
        ErrorCase("{{ 09 }}", 1, 4, #"bad number syntax: "09""#),
        ErrorCase("{{ 99999999999999999999 }}", 1, 4, #"bad number syntax: "99999999999999999999""#),
        ErrorCase("{{/* x }}", 1, 1, "unclosed comment"),
        ErrorCase("{{/* x */ .a }}", 1, 10, "comment ends before closing delimiter"),
        ErrorCase("{{ nil }}", 1, 4, "nil is not a command"),
        ErrorCase("{{ 3 | nil }}", 1, 8, "nil is not a command"),
        ErrorCase("{{ .a.b nil }}", 1, 4, #"can't give argument to non-function ".a""#),
        ErrorCase("{{ range $a, $b, $c := .x }}{{ end }}", 1, 16, "too many declarations in range"),
        ErrorCase("{{ range $a, $b .x }}{{ end }}", 1, 17, #"expected ":=" or "=" after range variables"#),
        ErrorCase("{{ if $x, $y := .x }}{{ end }}", 1, 9, "too many declarations in if"),
        ErrorCase("{{ $x, $y := .x }}", 1, 6, "too many declarations in command"),
        ErrorCase(#"{{ define "x" }}{{ end }}"#, 1, 1, "{{define}} is not supported"),
        ErrorCase(#"{{ template "x" }}"#, 1, 1, "{{template}} is not supported"),
        ErrorCase(#"{{ printf"%d" 1 }}"#, 1, 10, #"unexpected string "%d" in operand (missing space?)"#),
        ErrorCase("{{ .a(1) }}", 1, 6, #"unexpected "(" in operand (missing space?)"#),
        ErrorCase(#"{{ "a".b }}"#, 1, 7, #"unexpected ".b" after string "a""#),
        ErrorCase("{{ list.a }}", 1, 8, #"unexpected ".a" after function list; use (list).a"#),
        ErrorCase("{{ if | }}{{ end }}", 1, 7, #"missing value for if"#),
        ErrorCase("{{ .a := 1 }}", 1, 7, #"unexpected ":=" in operand"#),
        ErrorCase("{{ : }}", 1, 4, #"expected ":=" after ":""#),
        ErrorCase("{{ # }}", 1, 4, ##"unexpected "#" in action"##),
        ErrorCase("{{ - }}", 1, 4, #"unexpected "-" in action"#),
        ErrorCase("{{ ä }}", 1, 4, #"function "ä" not defined"#),
        ErrorCase("{{ .x | if }}", 1, 9, #"unexpected keyword "if" in operand"#),
        ErrorCase("é\n\tüx{{ if }}{{ end }}", 2, 10, "missing value for if"),
    ]

    @Test(arguments: parseErrors)
    func reportsParseErrors(_ testCase: ErrorCase) {
        do {
            _ = try Template(testCase.source)
            Issue.record("expected a parse error for \(testCase.source.debugDescription)")
        } catch {
            #expect(error == TemplateError(line: testCase.line, column: testCase.column, message: testCase.message))
        }
    }

    static let renderErrors: [ErrorCase] = [
        ErrorCase("{{ div 1 0 }}", 1, 4, "error calling div: division by zero"),
        ErrorCase("{{ mod 7 0 }}", 1, 4, "error calling mod: modulo by zero"),
        ErrorCase("{{ div 1.5 0.0 }}", 1, 4, "error calling div: division by zero"),
        ErrorCase("line\n{{ .a }} {{ add 9223372036854775807 1 }}", 2, 13, "error calling add: integer overflow"),
        ErrorCase("{{ mul 9223372036854775807 2 }}", 1, 4, "error calling mul: integer overflow"),
        ErrorCase("{{ sub -9223372036854775807 2 }}", 1, 4, "error calling sub: integer overflow"),
        ErrorCase("{{ div (sub -9223372036854775807 1) -1 }}", 1, 4, "error calling div: integer overflow"),
        ErrorCase("{{ abs (sub -9223372036854775807 1) }}", 1, 4, "error calling abs: integer overflow"),
        ErrorCase("{{ index .spec.items 10 }}", 1, 4, "error calling index: index out of range: 10"),
        ErrorCase("{{ index .spec.items -1 }}", 1, 4, "error calling index: index out of range: -1"),
        ErrorCase(#"{{ index .spec.items "a" }}"#, 1, 4, #"error calling index: argument 1: expected an integer, got string "a""#),
        ErrorCase("{{ index .metadata 1 }}", 1, 4, "error calling index: cannot index map with int"),
        ErrorCase("{{ slice .spec.items 2 1 }}", 1, 4, "error calling slice: slice bounds out of range [2:1] with length 3"),
        ErrorCase("{{ .metadata.name.first }}", 1, 4, "can't evaluate field first in type string"),
        ErrorCase("{{ if true }}\n  {{ .spec.items.x }}{{ end }}", 2, 6, "can't evaluate field x in type list"),
        ErrorCase("{{ (list 1).x }}", 1, 12, "can't evaluate field x in type list"),
        ErrorCase(#"{{ repeat 2000000 "x" }}"#, 1, 4, "error calling repeat: result exceeds the limit of 1048576 bytes"),
        ErrorCase(#"{{ repeat -1 "x" }}"#, 1, 4, "error calling repeat: negative repeat count -1"),
        ErrorCase(#"{{ toInt "abc" }}"#, 1, 4, #"error calling toInt: cannot convert "abc" to int"#),
        ErrorCase(#"{{ add 1 "x" }}"#, 1, 4, #"error calling add: argument 2: expected a number, got string "x""#),
        ErrorCase(#"{{ lt "a" 1 }}"#, 1, 4, "error calling lt: incompatible types for comparison: string and int"),
        ErrorCase(#"{{ len 3 }}"#, 1, 4, "error calling len: len of type int"),
        ErrorCase(#"{{ dict "a" }}"#, 1, 4, "error calling dict: dict expects key/value pairs, got 1 arguments"),
        ErrorCase(#"{{ fromJSON "{" }}"#, 1, 4, "error calling fromJSON: invalid JSON at byte 1: expected a string key"),
        ErrorCase(#"{{ b64dec "@@" }}"#, 1, 4, "error calling b64dec: illegal base64 data"),
        ErrorCase(#"{{ parseQuantity "1Xi" }}"#, 1, 4, #"error calling parseQuantity: invalid quantity "1Xi""#),
        ErrorCase(#"{{ range .metadata.name }}{{ end }}"#, 1, 10, #"range can't iterate over string "shop""#),
        ErrorCase(#"{{ range $i, $v := 3 }}{{ end }}"#, 1, 10, "can't use 2 variables to range over an integer"),
        ErrorCase("{{ range 100000000 }}{{ end }}", 1, 10, "template exceeded its work budget of 1000000 steps"),
        ErrorCase(#"{{ range 2000 }}{{ repeat 1000 "x" }}{{ end }}"#, 1, 20, "output exceeds the limit of 1048576 bytes"),
        ErrorCase("{{ $s := repeat 1000000 \"x\" }}{{ $s }}\n{{ $s }}", 2, 4, "output exceeds the limit of 1048576 bytes"),
        ErrorCase("{{ $s := repeat 1048000 \"x\" }}{{ $s }}{{ range 100 }}\n  abcdefghijklmnopqrstuvwxyz{{ end }}", 1, 54, "output exceeds the limit of 1048576 bytes"),
        ErrorCase(#"{{ truncateName 0 "x" }}"#, 1, 4, "error calling truncateName: maximum length must be positive, got 0"),
        ErrorCase(#"{{ clamp 5 1 3 }}"#, 1, 4, "error calling clamp: clamp: minimum is greater than maximum"),
        ErrorCase(#"{{ join "," .metadata }}"#, 1, 4, "error calling join: argument 2: expected a list, got map"),
        ErrorCase(#"{{ upper .metadata }}"#, 1, 4, "error calling upper: argument 1: expected a string, got map"),
        ErrorCase(#"{{ keys .spec.items }}"#, 1, 4, "error calling keys: argument 1: expected a map, got list"),
    ]

    @Test(arguments: renderErrors)
    func reportsRenderErrors(_ testCase: ErrorCase) throws {
        _ = try Template(testCase.source)
        #expect(TemplateFixture.error(testCase.source) == TemplateError(line: testCase.line, column: testCase.column,
                                                                          message: testCase.message))
    }

    @Test func boundsNesting() throws {
        let parens = String(repeating: "(", count: 101) + "1" + String(repeating: ")", count: 101)
        #expect(TemplateFixture.error("{{ \(parens) }}")?.message == "template nested too deeply (more than 100 levels)")
        let ifs = String(repeating: "{{ if 1 }}", count: 101) + String(repeating: "{{ end }}", count: 101)
        #expect(TemplateFixture.error(ifs)?.message == "template nested too deeply (more than 100 levels)")
        let fine = String(repeating: "{{ if 1 }}", count: 100) + "x" + String(repeating: "{{ end }}", count: 100)
        #expect(try TemplateFixture.render(fine) == "x")
        let elseIfs = "{{ if 0 }}" + String(repeating: "{{ else if 0 }}", count: 5000) + "{{ else }}deep{{ end }}"
        #expect(try TemplateFixture.render(elseIfs) == "deep")
    }

    @Test func boundsValueGrowth() {
        // Doubling a shared list: printing or comparing it would be exponential work.
        let doubling = "{{ $x := list 1 }}{{ range 40 }}{{ $x = list $x $x }}{{ end }}{{ toJSON $x }}"
        #expect(TemplateFixture.error(doubling) != nil)
        let deep = "{{ $x := list }}{{ range 10000 }}{{ $x = list $x }}{{ end }}{{ $x }}"
        #expect(TemplateFixture.error(deep)?.message == "error calling list: value nested deeper than 512 levels")
        let equal = "{{ $x := list 1 }}{{ range 60 }}{{ $x = list $x $x }}{{ end }}{{ eq $x (list $x) }}"
        #expect(TemplateFixture.error(equal) != nil)
    }

    @Test func largeTemplatesStayLinear() throws {
        let comments = String(repeating: "a{{/* c */}}", count: 20_000)
        let template = try Template(comments)
        #expect(template.isStatic)
        #expect(try template.render(nil).utf8.count == 20_000)
        let actions = String(repeating: "{{ .metadata.name }}-", count: 20_000)
        #expect(try TemplateFixture.render(actions).utf8.count == 100_000)
    }

    @Test func customLimits() throws {
        let template = try Template("{{ range .n }}x{{ end }}")
        let small = TemplateLimits(maxOutputBytes: 5, maxSteps: 1000)
        #expect(try template.render(["n": 5], limits: small) == "xxxxx")
        #expect(throws: TemplateError.self) { try template.render(["n": 6], limits: small) }
        #expect(throws: TemplateError.self) { try template.render(["n": 100_000], limits: TemplateLimits(maxSteps: 100)) }
    }

    @Test func errorDescriptionHasPosition() {
        #expect(TemplateError(line: 2, column: 7, message: "boom").description == "2:7: boom")
    }
}
