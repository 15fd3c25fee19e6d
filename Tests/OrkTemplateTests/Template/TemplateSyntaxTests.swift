import Testing
import OrkTemplate

@Suite struct TemplateSyntaxTests {
    static let cases: [RenderCase] = [
        // Text, fields, root and missing values
        RenderCase("plain text", "plain text"),
        RenderCase("", ""),
        RenderCase("{{ .metadata.name }}-web", "shop-web"),
        RenderCase("{{.metadata.name}}", "shop"),
        RenderCase("{{ $.metadata.namespace }}", "prod"),
        RenderCase("{{ .spec.missing }}", ""),
        RenderCase("{{ .spec.missing.deeper.still }}", ""),
        RenderCase("{{ .spec.nothing.x }}", ""),
        RenderCase("{{ .nope }}|{{ $.nope.nope }}", "|"),
        RenderCase("{{ .metadata.labels }}", #"{"app":"shop","tier":"web"}"#),
        RenderCase("{{ .spec.items }}", #"["a","b","c"]"#),
        RenderCase("{{ .spec.replicas }} {{ .spec.ratio }} {{ .spec.enabled }}", "3 0.5 true"),
        RenderCase("{{ . }}", #"{"a":1}"#, data: ["a": 1]),
        RenderCase("{{ .metadata.name\n}}", "shop"),
        RenderCase("a }} b", "a }} b"),
        RenderCase("{ {{ .metadata.name }} }", "{ shop }"),
        // Trim markers and comments
        RenderCase("a  {{- .spec.replicas -}}  b", "a3b"),
        RenderCase("a \n\t{{- .spec.replicas }} b", "a3 b"),
        RenderCase("a {{ .spec.replicas -}}\n\n b", "a 3b"),
        RenderCase("a {{-3}}", "a -3"),
        RenderCase("{{ 3 -}} \n x", "3x"),
        RenderCase("a{{/* comment */}}b", "ab"),
        RenderCase("a {{- /* comment */ -}} b", "ab"),
        RenderCase("a{{/* multi\nline\ncomment */}}b", "ab"),
        RenderCase("{{- /* only */ -}}", ""),
        // Literals
        RenderCase(#"{{ "a\tb\n" }}"#, "a\tb\n"),
        RenderCase(#"{{ "\u00e9\x41\101\"\\" }}"#, "éAA\"\\"),
        RenderCase("{{ `raw \\n {{ text` }}", "raw \\n {{ text"),
        RenderCase("{{ 'a' }} {{ '\\n' }} {{ 'é' }}", "97 10 233"),
        RenderCase("{{ 42 }} {{ -7 }} {{ +5 }} {{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }}", "42 -7 5 31 15 15 5 1000"),
        RenderCase("{{ 1.5 }} {{ 1e3 }} {{ .25 }} {{ -2.5e-1 }} {{ 3.0 }}", "1.5 1000 0.25 -0.25 3"),
        RenderCase("{{ true }} {{ false }}", "true false"),
        RenderCase(#"{{ default "x" nil }}"#, "x"),
        // Pipelines and parentheses
        RenderCase(#"{{ .spec.image | default "nginx" }}"#, "nginx:1.25"),
        RenderCase(#"{{ .spec.none | default "nginx" }}"#, "nginx"),
        RenderCase(#"{{ .metadata.name | upper | printf "%s-%s" "x" }}"#, "x-SHOP"),
        RenderCase(#"{{ (dict "a" (dict "b" 7)).a.b }}"#, "7"),
        RenderCase(#"{{ (index .spec.items 1) }}{{ (.metadata).name }}"#, "bshop"),
        RenderCase(#"{{ ((.metadata.labels)).tier }}"#, "web"),
        RenderCase(#"{{ len (list 1 2 3) | add 1 }}"#, "4"),
        RenderCase("{{ list }}", "[]"),
        RenderCase("{{ len list }}", "0"),
        // and / or are lazy, as in Go
        RenderCase("{{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 \"\" \"z\" }} {{ or 0 \"\" }}", "0 2 z "),
        RenderCase("{{ or 1 (div 1 0) }} {{ and 0 (div 1 0) }}", "1 0"),
        RenderCase("{{ 0 | and 1 }} {{ 5 | or 0 }}", "0 5"),
        // if / else if / else
        RenderCase("{{ if .spec.enabled }}on{{ end }}", "on"),
        RenderCase("{{ if .spec.disabled }}on{{ else }}off{{ end }}", "off"),
        RenderCase("{{ if .spec.disabled }}1{{ else if .spec.zero }}2{{ else if .spec.items }}3{{ else }}4{{ end }}", "3"),
        RenderCase("{{ if .spec.disabled }}1{{ else if .spec.zero }}2{{ else }}4{{ end }}", "4"),
        RenderCase("{{ if $x := .spec.replicas }}{{ $x }}{{ else }}none{{ end }}", "3"),
        RenderCase("{{ if not .spec.missing }}missing{{ end }}", "missing"),
        // Truthiness
        RenderCase("{{ if 0 }}t{{ else }}f{{ end }}{{ if 0.0 }}t{{ else }}f{{ end }}{{ if \"\" }}t{{ else }}f{{ end }}", "fff"),
        RenderCase("{{ if .spec.empty }}t{{ else }}f{{ end }}{{ if .spec.emptyMap }}t{{ else }}f{{ end }}{{ if .spec.nothing }}t{{ else }}f{{ end }}", "fff"),
        RenderCase("{{ if 1 }}t{{ end }}{{ if \"0\" }}t{{ end }}{{ if list 0 }}t{{ end }}{{ if dict \"a\" nil }}t{{ end }}{{ if -0.5 }}t{{ end }}", "ttttt"),
        // range
        RenderCase("{{ range .spec.items }}[{{ . }}]{{ end }}", "[a][b][c]"),
        RenderCase("{{ range $i, $v := .spec.items }}{{ $i }}={{ $v }};{{ end }}", "0=a;1=b;2=c;"),
        RenderCase("{{ range $v := .spec.items }}{{ $v }}{{ end }}", "abc"),
        RenderCase("{{ range $k, $v := .metadata.labels }}{{ $k }}={{ $v }};{{ end }}", "app=shop;tier=web;"),
        RenderCase("{{ range .metadata.labels }}{{ . }},{{ end }}", "shop,web,"),
        RenderCase("{{ range .spec.empty }}x{{ else }}none{{ end }}", "none"),
        RenderCase("{{ range .spec.missing }}x{{ else }}none{{ end }}", "none"),
        RenderCase("{{ range .spec.emptyMap }}x{{ else }}none{{ end }}", "none"),
        RenderCase("{{ range .spec.nums }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }}{{ end }}", "12"),
        RenderCase("{{ range .spec.nums }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ . }}{{ end }}", "134"),
        RenderCase("{{ range .spec.items }}{{ range $.spec.nums }}{{ if gt . 1 }}{{ break }}{{ end }}{{ . }}{{ end }}{{ . }}{{ end }}", "1a1b1c"),
        RenderCase("{{ range 3 }}{{ . }}{{ end }}|{{ range 0 }}x{{ else }}empty{{ end }}", "012|empty"),
        RenderCase("{{ range .spec.items }}{{ $.metadata.name }}{{ end }}", "shopshopshop"),
        RenderCase("{{ range $i, $e := list (list 1 2) (list 3) }}{{ range $e }}{{ $i }}{{ . }} {{ end }}{{ end }}", "01 02 13 "),
        // with / else with / else
        RenderCase("{{ with .spec.image }}img={{ . }}{{ end }}", "img=nginx:1.25"),
        RenderCase("{{ with .spec.missing }}x{{ else }}none {{ .metadata.name }}{{ end }}", "none shop"),
        RenderCase("{{ with .spec.missing }}a{{ else with .spec.image }}{{ . }}{{ else }}z{{ end }}", "nginx:1.25"),
        RenderCase("{{ with .spec.missing }}a{{ else with .spec.zero }}b{{ else }}z{{ end }}", "z"),
        RenderCase("{{ with $m := .metadata }}{{ $m.name }}/{{ .namespace }}{{ end }}", "shop/prod"),
        // Variables and scope
        RenderCase("{{ $x := 1 }}{{ $x = 2 }}{{ $x }}", "2"),
        RenderCase("{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}", "21"),
        RenderCase("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2"),
        RenderCase("{{ $n := 0 }}{{ range .spec.items }}{{ $n = add $n 1 }}{{ end }}{{ $n }}", "3"),
        RenderCase("{{ $x := .metadata }}{{ $x.name }} {{ $x.labels.tier }}", "shop web"),
        RenderCase("{{ $x := 5 }}{{ $x := add $x 1 }}{{ $x }}", "6"),
        RenderCase("{{ $ }}", #"{"k":"v"}"#, data: ["k": "v"]),
        RenderCase("{{ $x := 1 -}}\n{{ $x }}", "1"),
        // printf
        RenderCase(#"{{ printf "%s-%d" .metadata.name .spec.replicas }}"#, "shop-3"),
        RenderCase(#"{{ printf "%v|%q|%5s|%-5s|%05d|%x|%X|%%" "a" "b" "c" "d" 42 255 "hi" }}"#, #"a|"b"|    c|d    |00042|ff|6869|%"#),
        RenderCase(#"{{ printf "%.2f %f %t %c %o %b %+d %e" 3.14159 1 true 65 8 5 7 1500.0 }}"#, "3.14 1.000000 true A 10 101 +7 1.500000e+03"),
        RenderCase(#"{{ printf "%d %s" 1 }}"#, "1 %!s(MISSING)"),
        RenderCase(#"{{ printf "%d" 1 2 }}"#, "1%!(EXTRA int=2)"),
        RenderCase(#"{{ printf "%d" "x" }}"#, "%!d(string=x)"),
        RenderCase(#"{{ printf "%v %v" .spec.items .spec.missing }}"#, #"["a","b","c"] "#),
        RenderCase(#"{{ printf "%6.2f|%-8.3f|%08.3f" 3.14159 2.5 -1.5 }}"#, "  3.14|2.500   |-001.500"),
        RenderCase(#"{{ printf "%g %g %.3g" 0.5 100000 3.14159 }}"#, "0.5 100000 3.14"),
    ]

    @Test(arguments: cases)
    func renders(_ testCase: RenderCase) throws {
        let rendered = try TemplateFixture.render(testCase.source, testCase.data ?? TemplateFixture.data)
        #expect(rendered == testCase.expected)
    }

    @Test func parseOnceRenderMany() throws {
        let template = try Template("{{ .name }}-{{ .n }}")
        for n in 0..<100 {
            #expect(try template.render(["name": "x", "n": .int(n)]) == "x-\(n)")
        }
    }

    @Test func rendersConcurrently() async throws {
        let template = try Template(#"{{ range .items }}{{ . | upper }}{{ end }}"#)
        try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<8 {
                group.addTask { try template.render(["items": ["a", .string("\(index)")]]) }
            }
            var results: [String] = []
            for try await result in group { results.append(result) }
            #expect(Set(results) == Set((0..<8).map { "A\($0)" }))
        }
    }
}
