import Testing
@testable import OrkValue

/// Orkestra's YAML parser against the Yams reader it replaced (libyaml, kept as a test-only oracle):
/// equal trees (positions, styles, texts) or a refusal in both, for the repository's YAML and for
/// generated and mutated streams. `ORK_FUZZ_ITERATIONS` sets how many of each (default 1,000 generated
/// streams and 600 mutated files, a few seconds; scripts can run tens of thousands).
@Suite(.timeLimit(.minutes(5)))
struct YAMLDifferentialTests {
    /// Tallies of one run, printed so a long run shows what it covered.
    struct Tally: CustomStringConvertible {
        var inputs = 0
        var sameTrees = 0
        var bothRefused = 0
        var sameMessages = 0
        var known: [String: Int] = [:]
        var mismatches: [String] = []
        var refusals: [String: Int] = [:]

        mutating func record(_ outcome: YAMLDifferentialOutcome, input: String, name: String) {
            inputs += 1
            switch outcome {
            case .sameTrees: sameTrees += 1
            case .bothRefused(let sameMessage):
                bothRefused += 1
                if sameMessage { sameMessages += 1 }
                if case .failure(let error) = Result(catching: { () throws(YAMLSyntaxError) in try YAMLReader.documents(input, file: "t") }) {
                    refusals[error.message, default: 0] += 1
                }
            case .knownDifference(let reason): known[reason, default: 0] += 1
            case .mismatch(let detail):
                if mismatches.count < 5 { mismatches.append("\(name): \(detail)\n--- input ---\n\(input.debugDescription)") }
                else { mismatches.append(name) }
            }
        }

        var description: String {
            "\(inputs) inputs: \(sameTrees) equal trees, \(bothRefused) refused by both (\(sameMessages) with the same"
                + " message and position), \(known.values.reduce(0, +)) known differences \(known), \(mismatches.count) mismatches"
        }

        /// The most frequent refusals, to see what a generator mostly produces.
        var topRefusals: String {
            refusals.sorted { $0.value > $1.value }.prefix(8).map { "\($0.value)× \($0.key)" }.joined(separator: "\n")
        }
    }

    @Test func repositoryYAMLParsesAsYamsDid() {
        var tally = Tally()
        let files = YAMLCorpus.yamlFiles()
        #expect(files.count >= 40, "found \(files.count) YAML files under \(YAMLCorpus.root.path)")
        for entry in files + YAMLCorpus.documentationBlocks() + YAMLCorpus.swiftTestLiterals() {
            tally.record(YAMLDifferential.compare(entry.text, file: entry.name), input: entry.text, name: entry.name)
        }
        print("YAML differential, repository: \(tally)")
        #expect(tally.mismatches.isEmpty, "\(tally.mismatches.joined(separator: "\n\n"))")
        #expect(tally.sameTrees >= files.count / 2)
    }

    @Test func mutatedRepositoryYAMLAgreesWithYams() {
        let corpus = YAMLCorpus.yamlFiles() + YAMLCorpus.documentationBlocks()
        guard !corpus.isEmpty else {
            Issue.record("no YAML found under \(YAMLCorpus.root.path)")
            return
        }
        var random = YAMLFuzzRandom(seed: 0x59A4_1C0D)
        var tally = Tally()
        for iteration in 0..<YAMLFuzzBudget.iterations(default: 600) {
            let entry = corpus[iteration % corpus.count]
            let text = YAMLMutator.mutate(entry.text, using: &random)
            tally.record(YAMLDifferential.compare(text), input: text, name: "\(entry.name) mutation \(iteration)")
        }
        print("YAML differential, mutated repository files: \(tally)")
        #expect(tally.mismatches.isEmpty, "\(tally.mismatches.joined(separator: "\n\n"))")
    }

    @Test func generatedStreamsAgreeWithYams() {
        var tally = Tally()
        var mutations = YAMLFuzzRandom(seed: 0xD1FF)
        for seed in 0..<UInt64(YAMLFuzzBudget.iterations(default: 1_000)) {
            var generator = YAMLDocumentGenerator(seed: seed)
            var text = generator.stream()
            if seed % 3 == 2 { text = YAMLMutator.mutate(text, using: &mutations) }
            tally.record(YAMLDifferential.compare(text), input: text, name: "seed \(seed)")
        }
        print("YAML differential, generated streams: \(tally)\n\(tally.topRefusals)")
        #expect(tally.mismatches.isEmpty, "\(tally.mismatches.joined(separator: "\n\n"))")
        #expect(tally.sameTrees > tally.inputs / 5, "the generator should mostly produce YAML both accept")
    }
}
