import Foundation

/// `ork-bench`: benchmarks printed as absolute numbers and ratios to goals. Never fails on timing.
///   ork-bench templates [--katalog FILE] [--seconds N]
///   ork-bench sandbox [--seconds N] [--concurrency N] [--watchers N]
///   ork-bench gateway --url https://127.0.0.1:PORT [--rate N] [--seconds N]
///   ork-bench peer-writes --katalog FILE --namespace NS [--mode apply|create] [--concurrency N]
let benchmarks = "templates, sandbox, runtime-load, runtime-ready, runtime-edits, gateway, peer-writes"
var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    print("usage: ork-bench BENCHMARK [--option value …]; benchmarks: \(benchmarks)")
    exit(2)
}
arguments.removeFirst()
var options: [String: String] = [:]
while let flag = arguments.first {
    arguments.removeFirst()
    guard flag.hasPrefix("--"), let value = arguments.first else {
        print("bad option \(flag)")
        exit(2)
    }
    arguments.removeFirst()
    options[String(flag.dropFirst(2))] = value
}
switch command {
case "templates":
    var bench = TemplateBenchmark()
    if let file = options["katalog"] { bench.katalogFile = file }
    if let seconds = options["seconds"].flatMap(Double.init) { bench.seconds = seconds }
    exit(bench.run())
case "sandbox":
    var bench = SandboxBenchmark()
    if let seconds = options["seconds"].flatMap(Double.init) { bench.seconds = seconds }
    if let value = options["concurrency"].flatMap(Int.init) { bench.concurrency = max(1, value) }
    if let value = options["watchers"].flatMap(Int.init) { bench.watchers = max(1, value) }
    do {
        exit(try await bench.run())
    } catch {
        print("sandbox benchmark failed: \(error)")
        exit(1)
    }
case "runtime-load", "runtime-ready", "runtime-edits":
    guard let server = options["server"], let katalog = options["katalog"] else {
        print("\(command) needs --server URL --katalog FILE")
        exit(2)
    }
    var load = RuntimeLoad(server: server, katalogFile: katalog)
    if let value = options["crs"].flatMap(Int.init) { load.crs = max(1, value) }
    if let value = options["namespace"] { load.namespace = value }
    do {
        switch command {
        case "runtime-load": try await load.load()
        case "runtime-ready": try await load.waitReady(timeout: options["timeout"].flatMap(Double.init) ?? 600)
        default: try await load.edits(samples: options["samples"].flatMap(Int.init) ?? 100)
        }
    } catch {
        print("\(command) failed: \(error)")
        exit(1)
    }
    exit(0)
case "peer-writes":
    guard let katalog = options["katalog"], let namespace = options["namespace"] else {
        print("peer-writes needs --katalog FILE --namespace NS")
        exit(2)
    }
    var writes = PeerWrites(katalogFile: katalog, namespace: namespace)
    if let value = options["concurrency"].flatMap(Int.init) { writes.concurrency = max(1, value) }
    if let value = options["mode"] {
        guard let mode = PeerWrites.Mode(rawValue: value) else {
            print("--mode is apply or create, not \(value)")
            exit(2)
        }
        writes.mode = mode
    }
    do {
        try await writes.run()
    } catch {
        print("peer-writes failed: \(error)")
        exit(1)
    }
    // Idle until stopped: the benchmark reads its CPU time and peak RSS as it does an operator's.
    while true { try? await Task.sleep(for: .seconds(3600)) }
case "gateway":
    guard let url = options["url"] else {
        print("gateway needs --url https://127.0.0.1:PORT")
        exit(2)
    }
    var load = GatewayLoad(url: url)
    if let value = options["rate"].flatMap(Int.init) { load.rate = max(1, value) }
    if let value = options["seconds"].flatMap(Double.init) { load.seconds = value }
    do {
        exit(try await load.run())
    } catch {
        print("gateway benchmark failed: \(error)")
        exit(1)
    }
default:
    print("unknown benchmark \(command); available: \(benchmarks)")
    exit(2)
}
