import Testing
import OrkTemplate
import OrkValue

@Suite struct TemplateFunctionTests {
    static let cases: [RenderCase] = [
        // Comparison and logic
        RenderCase("{{ eq 1 1 }} {{ eq 1 2 }} {{ eq 1 2 3 1 }} {{ eq 1 1.0 }} {{ eq \"a\" \"a\" }} {{ eq \"1\" 1 }}", "true false true true true false"),
        RenderCase("{{ eq .spec.missing nil }} {{ eq .spec.nothing 0 }} {{ eq .spec.items (list \"a\" \"b\" \"c\") }} {{ eq .metadata.labels (dict \"app\" \"shop\" \"tier\" \"web\") }}", "true false true true"),
        RenderCase("{{ ne 1 2 }} {{ ne \"a\" \"a\" }}", "true false"),
        RenderCase("{{ lt 1 2 }} {{ lt 2 1.5 }} {{ le 2 2 }} {{ gt \"b\" \"a\" }} {{ ge 1.5 2 }} {{ lt .spec.missing 1 }} {{ gt .spec.missing \"\" }}", "true false true true false true false"),
        RenderCase("{{ and true 1 \"x\" }} {{ or false 0 }} {{ not 0 }} {{ not \"x\" }}", "x 0 true false"),
        // Go built-ins
        RenderCase("{{ len .spec.items }} {{ len .metadata.labels }} {{ len \"héllo\" }} {{ len .spec.missing }}", "3 2 6 0"),
        RenderCase("{{ index .spec.items 1 }} {{ index .metadata.labels \"tier\" }} {{ index .metadata \"labels\" \"app\" }} {{ index .spec.missing 3 }} {{ index \"abc\" 1 }} {{ index .metadata.labels \"none\" }}|", "b web shop  98 |"),
        RenderCase("{{ index .spec.items }}", #"["a","b","c"]"#),
        RenderCase("{{ slice .spec.items 1 }} {{ slice .spec.items 1 2 }} {{ slice \"hello\" 1 3 }} {{ slice .spec.items }} {{ slice .spec.missing 1 }}|", #"["b","c"] ["b"] el ["a","b","c"] |"#),
        RenderCase(#"{{ print "a" "b" 1 2 "c" 3.5 true }}"#, "ab1 2c3.5 true"),
        RenderCase(#"{{ println "a" 1 }}"#, "a 1\n"),
        RenderCase(#"{{ printf "%s=%v" "k" (list 1) }}"#, "k=[1]"),
        // Strings
        RenderCase(#"{{ toLower "HeLLo" }} {{ lower "ÄB" }} {{ toUpper "abc" }} {{ upper "straße" }}"#, "hello äb ABC STRASSE"),
        RenderCase(#"{{ title "hello wide world-x" }}"#, "Hello Wide World-X"),
        RenderCase(#"[{{ trim "  a b \n" }}][{{ trimSpace .spec.padded }}][{{ trim .spec.missing }}]"#, "[a b][hi][]"),
        RenderCase(#"{{ trimPrefix "v" "v1.2" }} {{ trimPrefix "x" "v1.2" }} {{ trimSuffix ".git" "repo.git" }} {{ "app-web" | trimPrefix "app-" }}"#, "1.2 v1.2 repo web"),
        RenderCase(#"{{ hasPrefix "ng" .spec.image }} {{ hasSuffix "25" .spec.image }} {{ hasPrefix "x" .spec.image }} {{ contains ":" .spec.image }} {{ contains "zz" .spec.image }} {{ contains "" "a" }}"#, "true true false true false true"),
        RenderCase(#"{{ replace "a" "b" "banana" }} {{ replace "" "-" "abc" }} {{ replace "na" "" "banana" }} {{ "x.y.z" | replace "." "/" }}"#, "bbnbnb -a-b-c- ba x/y/z"),
        RenderCase(#"{{ split "," "a,b,,c" }} {{ split "" "héj" }} {{ len (split "," "") }}"#, #"["a","b","","c"] ["h","é","j"] 1"#),
        RenderCase(#"{{ join "," .spec.items }} {{ join "-" (list 1 2.5 true nil) }} {{ join "," .spec.missing }}| {{ join "," "solo" }}"#, "a,b,c 1-2.5-true- | solo"),
        RenderCase(#"{{ repeat 3 "ab" }}|{{ repeat 0 "x" }}|{{ "-" | repeat 2 }}"#, "ababab||--"),
        RenderCase(#"{{ camelToKebab "myAppName" }} {{ camelToKebab "HTTPServer" }} {{ camelToKebab "simple" }} {{ camelToKebab "getV2Api" }}"#, "my-app-name http-server simple get-v2-api"),
        RenderCase(#"{{ truncate 3 "abcdef" }} {{ truncate 10 "abc" }} {{ truncate -2 "abcdef" }} {{ truncate 2 "äöü" }}|{{ truncate 0 "x" }}|"#, "abc abc ef äö||"),
        RenderCase(#"{{ quote "a\"b" }} {{ quote 3 }} {{ quote .spec.missing }} {{ squote "it" }} {{ quote "tab\there\x01" }}"#, #""a\"b" "3" "" 'it' "tab\there\x01""#),
        RenderCase(#"{{ indent 2 "a\nb" }}|{{ nindent 4 "x" }}|{{ indent 0 "y" }}"#, "  a\n  b|\n    x|y"),
        // Math
        RenderCase("{{ add 1 2 }} {{ add 1 2 3 4 }} {{ add 1 0.5 }} {{ add \"2\" 3 }} {{ add .spec.missing 4 }} {{ add 0.1 0.2 }}", "3 10 1.5 5 4 0.30000000000000004"),
        RenderCase("{{ sub 10 3 }} {{ sub 1 2.5 }} {{ 1 | sub 10 }} {{ mul 2 3 4 }} {{ mul 1.5 2 }}", "7 -1.5 9 24 3"),
        RenderCase("{{ div 7 2 }} {{ div -7 2 }} {{ div 7.0 2 }} {{ mod 7 3 }} {{ mod -7 3 }} {{ mod 7.5 2 }}", "3 -3 3.5 1 -1 1.5"),
        RenderCase("{{ min 3 1 2 }} {{ max 3 1 2 }} {{ min 1 0.5 }} {{ max 4 }} {{ max -1 -1.5 }}", "1 3 0.5 4 -1"),
        RenderCase("{{ clamp 1 10 15 }} {{ clamp 1 10 -3 }} {{ clamp 1 10 5 }} {{ clamp 0 1 0.5 }} {{ .spec.replicas | clamp 1 2 }}", "10 1 5 0.5 2"),
        RenderCase("{{ abs -3 }} {{ abs 2.5 }} {{ abs -0.5 }} {{ abs \"-4\" }}", "3 2.5 0.5 4"),
        RenderCase("{{ typeOf (add 1 2) }} {{ typeOf (add 1 2.0) }} {{ typeOf (div 6 3) }} {{ typeOf (max 1 2) }} {{ typeOf (max 1 2.0) }}", "int float int int float"),
        // Defaults
        RenderCase(#"{{ default "x" .spec.missing }} {{ default "x" .spec.image }} {{ default 2 .spec.zero }} {{ default "d" .spec.blank }} {{ default "only" }}"#, "x nginx:1.25 2 d only"),
        RenderCase(#"{{ coalesce .spec.missing .spec.blank "c" "d" }} {{ coalesce .spec.zero .spec.replicas }} {{ coalesce }}|{{ coalesce 0 "" }}|"#, "c 3 ||"),
        RenderCase(#"{{ empty .spec.missing }} {{ empty .spec.items }} {{ empty .spec.empty }} {{ notEmpty .spec.image }} {{ notEmpty .spec.zero }}"#, "true false true true false"),
        RenderCase(#"{{ ternary "yes" "no" .spec.enabled }} {{ ternary "yes" "no" .spec.missing }} {{ .spec.disabled | ternary 1 2 }}"#, "yes no 2"),
        // Types
        RenderCase(#"{{ toInt "42" }} {{ toInt 3.9 }} {{ toInt -3.9 }} {{ toInt "2.7" }} {{ toInt true }} {{ toInt .spec.missing }} {{ typeOf (toInt "5") }}"#, "42 3 -3 2 1 0 int"),
        RenderCase(#"{{ toFloat "2.5" }} {{ toFloat 3 }} {{ typeOf (toFloat 3) }} {{ toFloat .spec.missing }} {{ toFloat false }}"#, "2.5 3 float 0 0"),
        RenderCase(#"{{ toBool "true" }} {{ toBool "0" }} {{ toBool 1 }} {{ toBool 0 }} {{ toBool .spec.missing }} {{ toBool "yes" }} {{ toBool .spec.items }}"#, "true false true false false true true"),
        RenderCase(#"{{ toString 3 }} {{ typeOf (toString 3) }} {{ toString .spec.items }} {{ toString .spec.missing }}|{{ toString 1.5 }}"#, #"3 string ["a","b","c"] |1.5"#),
        RenderCase(#"{{ typeOf .spec.missing }} {{ typeOf true }} {{ typeOf 1 }} {{ typeOf 1.5 }} {{ typeOf "s" }} {{ typeOf .spec.items }} {{ typeOf .metadata }}"#, "null bool int float string list map"),
        // Data
        RenderCase(#"{{ toBase64 "hello" }} {{ b64enc "a" }} {{ b64enc "ab" }} {{ b64enc "" }}|{{ toBase64 3 }}"#, "aGVsbG8= YQ== YWI= |Mw=="),
        RenderCase(#"{{ fromBase64 "aGVsbG8=" }} {{ b64dec "YQ==" }} {{ b64dec "YWI=" }} {{ b64dec "aGVs\nbG8=" }}"#, "hello a ab hello"),
        RenderCase(#"{{ toJSON .metadata.labels }} {{ toJson "a\"b" }} {{ toJSON .spec.missing }} {{ toJSON 1.5 }} {{ toJSON (list 1 "x" nil) }}"#, #"{"app":"shop","tier":"web"} "a\"b" null 1.5 [1,"x",null]"#),
        RenderCase(#"{{ (fromJSON .spec.json).a }} {{ index (fromJSON "[1,2]") 1 }} {{ typeOf (fromJSON "3") }} {{ fromJSON "null" }}|"#, "[1,2] 2 int |"),
        RenderCase(#"{{ sha256sum "" }}"#, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        // Quantities
        RenderCase(#"{{ parseQuantity "500m" }} {{ parseQuantity "1Gi" }} {{ parseQuantity "2k" }} {{ parseQuantity "1.5" }} {{ parseQuantity "100Mi" }} {{ parseQuantity "1e3" }} {{ parseQuantity "250u" }} {{ parseQuantity "-1Ki" }} {{ parseQuantity 3 }}"#, "0.5 1073741824 2000 1.5 104857600 1000 0.00025 -1024 3"),
        RenderCase(#"{{ typeOf (parseQuantity "1") }} {{ parseQuantity .spec.missing }} {{ parseQuantity "5n" }} {{ parseQuantity "1E" }} {{ parseQuantity ".5Ki" }}"#, "float 0 5e-09 1e+18 512"),
        RenderCase(#"{{ formatQuantity 0.5 }} {{ formatQuantity 1073741824 }} {{ formatQuantity 1500 }} {{ formatQuantity 2000 }} {{ formatQuantity 2048 }} {{ formatQuantity 0 }} {{ formatQuantity 0.000001 }} {{ formatQuantity "1536Mi" }} {{ formatQuantity -0.25 }}"#, "500m 1Gi 1500 2k 2Ki 0 1u 1536Mi -250m"),
        RenderCase(#"{{ addQuantity "500m" "1" }} {{ addQuantity "1Gi" "512Mi" }} {{ addQuantity "100m" "200m" }} {{ addQuantity 1 2 "1k" }}"#, "1500m 1536Mi 300m 1003"),
        // Kubernetes helpers
        RenderCase(#"{{ get .children.deployment "status" "readyReplicas" }} {{ get .children.missing "status" "x" }}|{{ get .spec "items" 1 }} {{ get .spec "items" "2" }} {{ get .spec "items" 9 }}|{{ get .metadata "labels" "app" }}"#, "1 |b c |shop"),
        RenderCase(#"{{ truncateName "short" }} {{ len (truncateName (repeat 70 "a")) }} {{ truncateName 12 "abcdefghijklmnop" }} {{ truncateName 5 "abcdefghijklmnop" }}"#, "short 63 abc-f39dac6c f39da"),
        RenderCase(#"{{ slugify "Hello, World!" }} {{ slugify "--My_App  v2--" }} {{ slugify "Ünïcode" }} {{ dnsLabel "My App" }} {{ len (dnsLabel (repeat 80 "Ab ")) }}"#, "hello-world my-app-v2 n-code my-app 62"),
        RenderCase(#"{{ hasCondition . "Ready" }} {{ hasCondition . "Degraded" }} {{ hasCondition . "Nope" }} {{ hasCondition .children.deployment "Available" }} {{ hasCondition .spec.missing "Ready" }} {{ hasCondition .status.conditions "Ready" }} {{ hasCondition .status "Ready" }}"#, "true false false false false true true"),
        RenderCase(#"{{ conditionStatus . "Ready" }} {{ conditionReason . "Degraded" }} {{ conditionReason .children.deployment "Available" }} {{ conditionStatus . "Nope" }}|"#, "True Fine MinimumReplicasUnavailable |"),
        RenderCase(#"{{ replicasReady . }} {{ replicasReady .children.deployment }} {{ replicasReady .spec.missing }} {{ replicasReady (dict "status" (dict "readyReplicas" 1)) }} {{ replicasReady (dict "spec" (dict "replicas" 0)) }}"#, "true false false true true"),
        // Collections
        RenderCase(#"{{ list 1 "a" nil }} {{ len (list) }} {{ list .spec.items }}"#, #"[1,"a",null] 0 [["a","b","c"]]"#),
        RenderCase(#"{{ dict "b" 1 "a" (list 2) }} {{ dict }} {{ (dict "k" "v").k }} {{ dict 1 2 }} {{ dict "a" 1 "a" 2 }}"#, #"{"a":[2],"b":1} {} v {"1":2} {"a":2}"#),
        RenderCase(#"{{ hasKey .metadata.labels "app" }} {{ hasKey .metadata.labels "x" }} {{ hasKey .spec.missing "x" }} {{ hasKey .spec.nothing "a" }}"#, "true false false false"),
        RenderCase(#"{{ keys .metadata.labels }} {{ keys .spec.missing }} {{ keys (dict "z" 1) (dict "a" 2 "z" 3) }} {{ range keys .metadata.labels }}{{ . }}{{ end }}"#, #"["app","tier"] [] ["a","z"] apptier"#),
    ]

    @Test(arguments: cases)
    func rendersFunction(_ testCase: RenderCase) throws {
        let rendered = try TemplateFixture.render(testCase.source, testCase.data ?? TemplateFixture.data)
        #expect(rendered == testCase.expected)
    }

    @Test func sha256Function() throws {
        #expect(try TemplateFixture.render(#"{{ sha256sum "abc" }}"#)
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try TemplateFixture.render(#"{{ sha256sum .metadata.labels }}"#)
            == ContentHash.sha256(#"{"app":"shop","tier":"web"}"#))
    }

    @Test func truncateNameIsStableAndDistinct() throws {
        let a = try TemplateFixture.render("{{ truncateName (printf \"%s-%s\" (repeat 60 \"x\") \"one\") }}")
        let b = try TemplateFixture.render("{{ truncateName (printf \"%s-%s\" (repeat 60 \"x\") \"two\") }}")
        #expect(a.utf8.count <= 63 && b.utf8.count <= 63)
        #expect(a != b)
        #expect(a == (try TemplateFixture.render("{{ truncateName (printf \"%s-%s\" (repeat 60 \"x\") \"one\") }}")))
        #expect(!a.contains("--"))
    }

    @Test func everyStandardFunctionHasATestCase() {
        let sources = Self.cases.map(\.source).joined(separator: " ")
            + TemplateErrorTests.renderErrors.map(\.source).joined(separator: " ")
        for name in TemplateFunctions.standard.names {
            #expect(sources.contains("{{ \(name) ") || sources.contains("(\(name) ") || sources.contains("| \(name)"),
                    "no test case calls \(name)")
        }
    }

    @Test func userFunctions() throws {
        var functions = TemplateFunctions.standard
        try functions.register("double", arity: .exactly(1)) { args throws(TemplateFunctionError) in
            guard let value = args.first?.intValue else { throw TemplateFunctionError("not an int") }
            return .int(value * 2)
        }
        #expect(functions.contains("double"))
        #expect(!TemplateFunctions.standard.contains("double"))
        #expect(try Template("{{ .n | double }}", functions: functions).render(["n": 21]) == "42")
        #expect(throws: TemplateError(line: 1, column: 4, message: "error calling double: not an int")) {
            try Template("{{ double \"x\" }}", functions: functions).render(nil)
        }
        #expect(throws: TemplateError(line: 1, column: 4, message: "wrong number of args for double: want 1 got 0")) {
            try Template("{{ double }}", functions: functions)
        }
        #expect(throws: TemplateFunctionError.self) { try functions.register("if", arity: .any) { _ in .null } }
        #expect(throws: TemplateFunctionError.self) { try functions.register("a-b", arity: .any) { _ in .null } }
        let only = try TemplateFunctions.empty.adding("hi", arity: .any) { _ in "hi" }
        #expect(only.names == ["hi"])
        #expect(throws: TemplateError(line: 1, column: 4, message: #"function "upper" not defined"#)) {
            try Template("{{ upper \"a\" }}", functions: only)
        }
    }

    @Test func registryListsTheLibrary() {
        let names = TemplateFunctions.standard.names
        #expect(names == names.sorted())
        for name in ["eq", "printf", "default", "sha256sum", "parseQuantity", "truncateName", "dict", "keys", "and", "or"] {
            #expect(TemplateFunctions.standard.contains(name))
        }
        #expect(TemplateFunctions.standard.arity(of: "replace") == .exactly(3))
        #expect(TemplateFunctionArity.between(1, 3).description == "1 to 3")
    }
}
