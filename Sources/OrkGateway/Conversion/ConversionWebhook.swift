import OrkKatalog
import OrkStats
import OrkValue

/// `/convert`: answers ConversionReview v1 requests with the Katalog's conversion paths.
/// The first object that cannot be converted fails the whole review (as the API server requires:
/// all objects or none), with a message naming the object and what to add.
public struct ConversionWebhook: Sendable {
    public let index: KatalogIndex
    public let stats: GatewayStatsRecorder
    private let converters: [String: ObjectConverter]
    /// Entries whose paths do not compile: conversions for them fail with this message.
    private let broken: [String: String]

    public init(index: KatalogIndex, stats: GatewayStatsRecorder) {
        self.index = index
        self.stats = stats
        var converters: [String: ObjectConverter] = [:], broken: [String: String] = [:]
        for entry in index.katalog.crds where entry.conversion != nil {
            do { converters[entry.key] = try ObjectConverter(entry: entry) } catch { broken[entry.key] = error.message }
        }
        self.converters = converters
        self.broken = broken
    }

    /// The ConversionReview answering `body`; throws (HTTP 400) when the body is not a ConversionReview.
    public func review(_ body: JSONValue) throws(WebhookError) -> JSONValue {
        guard let request = body["request"], case .object = request else { throw WebhookError("ConversionReview has no request") }
        guard let uid = request["uid"]?.stringValue else { throw WebhookError("ConversionReview request has no uid") }
        guard let desired = request["desiredAPIVersion"]?.stringValue else {
            throw WebhookError("ConversionReview request \(uid) has no desiredAPIVersion")
        }
        let objects = request["objects"]?.arrayValue ?? []
        let clock = ContinuousClock()
        let start = clock.now
        var converted: [JSONValue] = []
        var failure: String?
        var counted: String?
        for object in objects {
            let apiVersion = object["apiVersion"]?.stringValue ?? "", kind = object["kind"]?.stringValue ?? ""
            guard let entry = index.entry(apiVersion: apiVersion, kind: kind) else {
                failure = "\(kind) \(apiVersion) is not a CRD of Katalog \(index.katalog.metadata.name)"
                break
            }
            counted = entry.key
            if let message = broken[entry.key] { failure = message; break }
            guard let converter = converters[entry.key] else {
                failure = "Katalog entry \(entry.key) declares no conversion"
                break
            }
            do { converted.append(try converter.convert(object, to: desired)) } catch { failure = error.message; break }
        }
        let elapsed = clock.now - start
        if let counted {
            stats.record(counted, .conversion(succeeded: failure == nil), elapsed: elapsed)
            if let entry = index.katalog.crd(counted) {
                let (source, target) = Self.versions(of: objects, desired: desired, served: entry.api.versions.map(\.name))
                stats.metrics.recordConversion(kind: entry.api.kind, sourceVersion: source, targetVersion: target)
            }
        }
        var response: [String: JSONValue] = ["uid": .string(uid)]
        if let failure {
            response["convertedObjects"] = []
            response["result"] = ["status": "Failure", "message": .string(failure)]
        } else {
            response["convertedObjects"] = .array(converted)
            response["result"] = ["status": "Success"]
        }
        return ["apiVersion": .string(body["apiVersion"]?.stringValue ?? "apiextensions.k8s.io/v1"),
                "kind": "ConversionReview", "response": .object(response)]
    }

    /// The `source_version` and `target_version` labels of a review: the objects' version (`mixed`
    /// when they differ) and the desired one, each only when the CRD serves it (else `other`: the
    /// labels never take a value a request invented).
    static func versions(of objects: [JSONValue], desired: String, served: [String]) -> (source: String, target: String) {
        func version(_ apiVersion: String) -> String {
            let name = apiVersion.split(separator: "/").last.map(String.init) ?? ""
            return served.contains(name) ? name : "other"
        }
        let sources = Set(objects.map { version($0["apiVersion"]?.stringValue ?? "") })
        let source = sources.count == 1 ? sources.first ?? "other" : "mixed"
        return (source, version(desired))
    }
}
