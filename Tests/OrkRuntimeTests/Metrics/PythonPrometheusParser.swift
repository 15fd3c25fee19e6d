import Foundation
import OrkValue

/// Parses Prometheus text with the reference Python parser (`prometheus_client.parser`,
/// installed with pip on first use) and returns its view as JSON:
/// `[{name, type, samples: [{name, labels, value}]}]` (values as strings, `+Inf`/`NaN` kept).
enum PythonPrometheusParser {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = """
    import json, math, sys
    from prometheus_client.parser import text_string_to_metric_families
    text = open(sys.argv[1], encoding="utf-8").read()
    out = []
    for family in text_string_to_metric_families(text):
        out.append({"name": family.name, "type": family.type, "documentation": family.documentation,
                    "samples": [{"name": s.name, "labels": s.labels, "value": repr(float(s.value))} for s in family.samples]})
    print(json.dumps(out))
    """

    /// Runs `python3 arguments…`; returns (status, stdout, stderr).
    static func python(_ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// Makes `prometheus_client` importable, installing it with pip when it is not (once per
    /// process: tests run in parallel and pip must not race itself).
    static func ensureInstalled() throws {
        try installation.get()
    }

    private static let installation: Result<Void, Failure> = {
        do {
            if try python(["-c", "import prometheus_client"]).0 == 0 { return .success(()) }
            let (status, _, errors) = try python(["-m", "pip", "install", "--quiet", "prometheus-client"])
            guard status == 0, try python(["-c", "import prometheus_client"]).0 == 0 else {
                return .failure(Failure(description: "prometheus_client is not importable and `python3 -m pip install prometheus-client` failed: \(errors)"))
            }
            return .success(())
        } catch {
            return .failure(Failure(description: "cannot run python3: \(error)"))
        }
    }()

    /// The parser's families; throws with the parser's error when it rejects `text`.
    static func parse(_ text: String) throws -> [JSONValue] {
        try ensureInstalled()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ork-metrics-\(UUID().uuidString).txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output, errors) = try python(["-c", script, path])
        guard status == 0 else { throw Failure(description: "prometheus_client rejected the text: \(errors)") }
        guard let families = try JSONValue.parse(output).arrayValue else {
            throw Failure(description: "unexpected parser output: \(output)")
        }
        return families
    }
}
