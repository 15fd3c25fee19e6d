import Testing
@testable import OrkGateway

/// `ork-gateway`'s documented environment: the Go original's names it takes, and the ones it refuses.
@Suite struct GatewayEnvironmentTests {
    static func configuration(_ environment: [String: String]) throws -> GatewayConfiguration {
        try GatewayConfiguration.fromEnvironment(environment, hostName: "h", podNamespace: "ns")
    }

    @Test func theChartsFileNamesAreTheCertificateFiles() throws {
        let configuration = try Self.configuration(["TLS_CERT_FILE": "/tls/tls.crt", "TLS_KEY_FILE": "/tls/tls.key"])
        #expect(configuration.tlsCert == "/tls/tls.crt" && configuration.tlsKey == "/tls/tls.key")
        #expect(throws: GatewayConfigurationError.self) {
            try Self.configuration(["TLS_CERT": "/a.crt", "TLS_CERT_FILE": "/b.crt", "TLS_KEY": "/a.key"])
        }
    }

    @Test func autoRotationCanBeAskedForButNotTurnedOff() throws {
        #expect(try Self.configuration(["TLS_AUTO_ROTATE": "true"]).tlsCert == nil)
        let off = #expect(throws: GatewayConfigurationError.self) { try Self.configuration(["TLS_AUTO_ROTATE": "false"]) }
        #expect(off?.description.contains("set TLS_CERT and TLS_KEY") == true)
        #expect(throws: GatewayConfigurationError.self) { try Self.configuration(["TLS_AUTO_ROTATE": "sometimes"]) }
    }

    @Test(arguments: ["ENABLE_ADMISSION_WEBHOOK", "ENABLE_CONVERSION", "CONVERSION_WINDOW", "WEBHOOK_CONTROLLER_SYNC_INTERVAL"])
    func anUnsupportedVariableStopsTheGatewayWithItsReason(name: String) {
        let error = #expect(throws: GatewayConfigurationError.self) { try Self.configuration([name: "1"]) }
        #expect(error?.description.hasPrefix("\(name) is not supported: ") == true)
    }
}
