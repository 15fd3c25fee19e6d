import Testing
@testable import OrkRuntime

/// `ork run`'s documented environment: the Go original's names it takes, and the ones it refuses.
@Suite struct RuntimeEnvironmentTests {
    static func configuration(_ environment: [String: String], podNamespace: String? = nil) throws -> RuntimeConfiguration {
        try RuntimeConfiguration.fromEnvironment(environment, hostName: "host", podNamespace: podNamespace)
    }

    @Test func theNamespaceIsNamespaceThenOrkNamespaceAndTheLeaseMayLiveElsewhere() throws {
        #expect(try Self.configuration([:], podNamespace: "pods").namespace == "pods")
        #expect(try Self.configuration(["ORK_NAMESPACE": "ork"], podNamespace: "pods").namespace == "ork")
        #expect(try Self.configuration(["NAMESPACE": "ork", "ORK_NAMESPACE": "ork"]).namespace == "ork")
        let split = try Self.configuration(["NAMESPACE": "ork", "LEADER_ELECTION_NAMESPACE": "leases"])
        #expect(split.namespace == "ork" && split.leaseNamespaceInUse == "leases")
        var flagged = split
        flagged.namespace = "from-flag"  // what --namespace does
        #expect(flagged.leaseNamespaceInUse == "leases", "--namespace does not move a Lease LEADER_ELECTION_NAMESPACE placed")
        #expect(try Self.configuration(["NAMESPACE": "ork"]).leaseNamespaceInUse == "ork")
        #expect(throws: RuntimeConfigurationError.self) { try Self.configuration(["NAMESPACE": "a", "ORK_NAMESPACE": "b"]) }
    }

    @Test func theGoOriginalsQueueAndThresholdNamesReachTheDefaults() throws {
        let configuration = try Self.configuration(["MAX_QUEUE_DEPTH": "300", "DEGRADE_THRESHOLD": "9"])
        #expect(configuration.reconciler.maxDepth.value == 300)
        #expect(configuration.reconciler.failureThreshold.value == 9)
    }

    @Test func shardingIsOffByDefaultAndNeedsLeaderElection() throws {
        #expect(try Self.configuration([:]).sharding == false)
        #expect(try Self.configuration(["ORK_SHARDING": "on"]).sharding == true)
        #expect(try Self.configuration(["ORK_SHARDING": "Off"]).sharding == false)
        let wrong = #expect(throws: RuntimeConfigurationError.self) { try Self.configuration(["ORK_SHARDING": "maybe"]) }
        #expect(wrong?.message == "ORK_SHARDING=\"maybe\" must be on or off")
        let alone = try Self.configuration(["ORK_SHARDING": "on", "LEADER_ELECTION": "false"])
        #expect(throws: RuntimeConfigurationError.self) { try alone.validate() }
        try Self.configuration(["ORK_SHARDING": "on"]).validate()
    }

    @Test(arguments: ["ENABLE_ADMISSION_WEBHOOK", "ENABLE_CONVERSION", "CONVERSION_WINDOW", "ORK_ENV",
                      "SRV_READ_TIMEOUT", "SRV_WRITE_TIMEOUT"])
    func anUnsupportedVariableStopsTheRuntimeWithItsReason(name: String) {
        let error = #expect(throws: RuntimeConfigurationError.self) { try Self.configuration([name: "30"]) }
        #expect(error?.message.hasPrefix("\(name) is not supported: ") == true)
    }
}
