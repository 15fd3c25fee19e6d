import Foundation
import Testing
@testable import OrkKube

@Suite struct KubeConfigLoaderTests {
    static let first = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
          - name: dev
            cluster: {server: "https://127.0.0.1:6443/", certificate-authority: ca.crt}
          - name: prod
            cluster: {server: "https://prod:6443", insecure-skip-tls-verify: true}
        users:
          - name: admin
            user: {token: abc}
          - name: cert
            user: {client-certificate-data: Y2VydA==, client-key-data: a2V5}
          - name: exec
            user: {exec: {command: aws-iam-authenticator}}
        contexts:
          - name: dev
            context: {cluster: dev, user: admin, namespace: team}
          - name: prod
            context: {cluster: prod, user: cert}
          - name: cloud
            context: {cluster: prod, user: exec}
        """
    static let second = """
        current-context: prod
        clusters:
          - name: dev
            cluster: {server: "https://shadowed:1"}
        users:
          - name: filetoken
            user: {tokenFile: /var/token}
        contexts:
          - name: other
            context: {cluster: dev, user: filetoken}
        """

    let files = MemoryFiles(files: ["/k/a": first, "/k/b": second, "/k/ca.crt": "CA PEM"])

    @Test func mergesKubeconfigListFirstWins() throws {
        let loader = KubeConfigLoader(environment: ["KUBECONFIG": "/k/a:/k/missing:/k/b"], fileSystem: files)
        let config = try #require(try loader.resolve())
        #expect(config.server == "https://127.0.0.1:6443")
        #expect(config.namespace == "team")
        #expect(config.credentials == .token("abc"))
        #expect(config.certificateAuthorityPEM == Array("CA PEM".utf8))
        let other = try #require(try loader.resolve(context: "other"))
        #expect(other.server == "https://127.0.0.1:6443")  // cluster "dev" from the first file wins
        #expect(other.credentials == .tokenFile("/var/token"))
    }

    @Test func theContextsOfTheMergedFilesAreListedInOrder() throws {
        let loader = KubeConfigLoader(environment: ["KUBECONFIG": "/k/a:/k/missing:/k/b", "HOME": "/home/x"], fileSystem: files)
        let paths = try #require(try loader.kubeconfigPaths())
        #expect(paths == ["/k/a", "/k/b"])
        #expect(try loader.contextNames(paths: paths) == ["dev", "prod", "cloud", "other"])
        #expect(try loader.kubeconfigPaths(explicit: "/k/b") == ["/k/b"])
        #expect(throws: KubeConfigError.self) { try loader.kubeconfigPaths(explicit: "/k/missing") }
        #expect(try KubeConfigLoader(environment: ["HOME": "/nowhere"], fileSystem: files).kubeconfigPaths() == nil)
    }

    @Test func inlineClientCertificatesAndInsecureClusters() throws {
        let config = try KubeConfigLoader(environment: [:], fileSystem: files).load(paths: ["/k/a"], context: "prod")
        #expect(config.insecureSkipTLSVerify)
        #expect(config.clientCertificatePEM == Array("cert".utf8))
        #expect(config.clientKeyPEM == Array("key".utf8))
        #expect(config.namespace == "default")
    }

    @Test func unsupportedAuthIsAClearError() {
        // An exec block without apiVersion is refused as kubectl refuses it (ExecCredentialTests has the rest).
        #expect(throws: KubeConfigError("user \"exec\": exec plugin apiVersion \"\" is not supported; use "
                                        + "client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1")) {
            try KubeConfigLoader(environment: [:], fileSystem: files).load(paths: ["/k/a"], context: "cloud")
        }
        #expect(throws: KubeConfigError("context \"nope\" is not in kubeconfig /k/a (contexts: cloud, dev, prod)")) {
            try KubeConfigLoader(environment: [:], fileSystem: files).load(paths: ["/k/a"], context: "nope")
        }
    }

    @Test func nothingConfiguredMeansSandbox() throws {
        #expect(try KubeConfigLoader(environment: ["HOME": "/home/none"], fileSystem: files).resolve() == nil)
        let home = MemoryFiles(files: ["/home/me/.kube/config": Self.first, "/home/me/.kube/ca.crt": "CA"])
        #expect(try KubeConfigLoader(environment: ["HOME": "/home/me"], fileSystem: home).resolve()?.server
                == "https://127.0.0.1:6443")
        #expect(throws: KubeConfigError.self) {
            try KubeConfigLoader(environment: ["KUBECONFIG": "/nope"], fileSystem: files).resolve()
        }
    }

    @Test func inClusterServiceAccount() throws {
        let dir = KubeConfigLoader.serviceAccountDirectory
        let pod = MemoryFiles(files: ["\(dir)/token": "t", "\(dir)/ca.crt": "CA", "\(dir)/namespace": "orkestra-system\n"])
        let env = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443", "HOME": "/nowhere"]
        let config = try #require(try KubeConfigLoader(environment: env, fileSystem: pod).resolve())
        #expect(config.server == "https://10.0.0.1:443")
        #expect(config.namespace == "orkestra-system")
        #expect(config.credentials == .tokenFile("\(dir)/token"))
        let v6 = try KubeConfigLoader(environment: ["KUBERNETES_SERVICE_HOST": "fd00::1"], fileSystem: pod).inCluster()
        #expect(v6.server == "https://[fd00::1]:443")
    }
}
