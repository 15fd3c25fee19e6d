import OrkAPI
import Testing
@testable import OrkRuntime

/// A running CRD's state on a replica that does not reconcile it: a standby says who leads; a
/// sharded member still waiting for its shard Lease says that, and is never called a standby.
@Suite struct CRDHealthRoleTests {
    @Test func aStandbyNamesTheLeaderAndAWaitingMemberItsShardLease() {
        let health = CRDHealth(failureThreshold: 3)
        health.setPhase(.running)
        #expect(health.state(isLeader: true, leader: nil) == (.healthy, nil))
        #expect(health.state(isLeader: false, leader: "runtime-a") == (.pending, "standby: runtime-a leads"))
        #expect(health.state(isLeader: false, leader: nil) == (.pending, "standby: no leader elected yet"))
        #expect(health.state(isLeader: false, leader: "runtime-a", sharded: true)
                == (.pending, "waiting for this member's shard Lease"))
        #expect(health.state(isLeader: true, leader: "runtime-a", sharded: true) == (.healthy, nil))
    }
}
