import Foundation
import OrkGateway
import Testing

/// The API server verifies webhook certificates with Go's crypto/x509: run exactly that on the
/// generated material (skipped when no Go toolchain is installed).
@Suite(.enabled(if: GoVerifier.available, "needs a Go toolchain (ORK_GO or /usr/bin/go)"))
struct TLSGoVerifyTests {
    @Test func goAcceptsTheServingCertificateForEveryNameAndRefusesOthers() throws {
        let now = Date()
        let material = try CertificateAuthority.generateMaterial(dnsNames: TLSFixtures.dnsNames, ipAddresses: ["127.0.0.1"],
                                                                 validity: TLSFixtures.day, now: now)
        let names = TLSFixtures.dnsNames + ["127.0.0.1"]
        #expect(try GoVerifier.verify(bundle: material.caBundlePEM, leaf: material.certificateChainPEM, at: now, names: names) == "ok")
        #expect(try GoVerifier.verify(bundle: material.caBundlePEM, leaf: material.certificateChainPEM, at: now,
                                      names: ["other.example"]) != "ok")
        #expect(try GoVerifier.verify(bundle: material.caBundlePEM, leaf: material.certificateChainPEM,
                                      at: now.addingTimeInterval(2 * TLSFixtures.day), names: names) != "ok", "expired")
    }

    @Test func anOverlapBundleVerifiesTheOldAndTheNewCertificate() throws {
        let now = Date()
        let old = try CertificateAuthority.generateMaterial(dnsNames: TLSFixtures.dnsNames, validity: TLSFixtures.day, now: now)
        let new = try CertificateAuthority.generateMaterial(dnsNames: TLSFixtures.dnsNames, validity: TLSFixtures.day,
                                                            previousCAs: [old.caBundlePEM], now: now)
        let name = [TLSFixtures.dnsNames[2]]
        #expect(try GoVerifier.verify(bundle: new.caBundlePEM, leaf: old.certificateChainPEM, at: now, names: name) == "ok")
        #expect(try GoVerifier.verify(bundle: new.caBundlePEM, leaf: new.certificateChainPEM, at: now, names: name) == "ok")
        #expect(try GoVerifier.verify(bundle: old.caBundlePEM, leaf: new.certificateChainPEM, at: now, names: name) != "ok")
    }
}

/// Runs a small Go program that verifies a leaf against a CA bundle for server auth.
enum GoVerifier {
    static let go = ProcessInfo.processInfo.environment["ORK_GO"] ?? "/usr/bin/go"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: go) }

    static let program = """
    package main

    import (
    \t"crypto/x509"
    \t"encoding/pem"
    \t"fmt"
    \t"os"
    \t"strconv"
    \t"time"
    )

    func main() {
    \tca, _ := os.ReadFile(os.Args[1])
    \tleafPEM, _ := os.ReadFile(os.Args[2])
    \tat, _ := strconv.ParseInt(os.Args[3], 10, 64)
    \tpool := x509.NewCertPool()
    \tif !pool.AppendCertsFromPEM(ca) {
    \t\tfmt.Println("no CA in bundle")
    \t\treturn
    \t}
    \tblock, _ := pem.Decode(leafPEM)
    \tif block == nil {
    \t\tfmt.Println("no leaf")
    \t\treturn
    \t}
    \tleaf, err := x509.ParseCertificate(block.Bytes)
    \tif err != nil {
    \t\tfmt.Println("parse:", err)
    \t\treturn
    \t}
    \tfor _, name := range os.Args[4:] {
    \t\topts := x509.VerifyOptions{DNSName: name, Roots: pool, CurrentTime: time.Unix(at, 0),
    \t\t\tKeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
    \t\tif _, err := leaf.Verify(opts); err != nil {
    \t\t\tfmt.Println(name, err)
    \t\t\treturn
    \t\t}
    \t}
    \tfmt.Println("ok")
    }
    """

    /// "ok", or Go's reason for refusing.
    static func verify(bundle: String, leaf: String, at: Date, names: [String]) throws -> String {
        let directory = try TLSFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let main = directory.appendingPathComponent("main.go"), ca = directory.appendingPathComponent("ca.pem")
        let leafFile = directory.appendingPathComponent("leaf.pem")
        try Data(program.utf8).write(to: main)
        try Data(bundle.utf8).write(to: ca)
        try Data(leaf.utf8).write(to: leafFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: go)
        process.arguments = ["run", main.path, ca.path, leafFile.path, String(Int(at.timeIntervalSince1970))] + names
        var environment = ProcessInfo.processInfo.environment
        environment["GOTOOLCHAIN"] = "local"
        environment["GOFLAGS"] = "-mod=mod"
        environment["GOPROXY"] = "off"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
