import Foundation
import Testing
import OrkKatalog
import OrkValue

/// Realistic entries of every child kind, rendered for one CR and built into the objects the
/// runtime applies. Set ORK_UPDATE_GOLDEN=1 to rewrite the golden files (then read every one).
enum ManifestFixtures {
    static let cr: JSONValue = [
        "apiVersion": "demo.orkestra.io/v1alpha1", "kind": "Website",
        "metadata": ["name": "hello", "namespace": "web", "uid": "6f1c2b9e-2f4a-4c1e-9d3b-5a7e8c0d1f23"],
        "spec": ["image": "nginx:1.27", "replicas": 3, "port": 8080, "host": "hello.example.com", "size": "5Gi"],
    ]

    static var owner: ChildOwner { get throws { try ChildOwner(cr: cr) } }

    static func render(_ entry: ChildEntry) throws -> RenderedChild {
        try CompiledChild(entry).render(cr)
    }

    /// One realistic entry per kind (the name of the golden file is the kind).
    static let entries: [ChildEntry] = [
        ChildEntry(kind: .deployments, name: "{{ .metadata.name }}-web", labels: ["app.kubernetes.io/name": "web"], fields: [
            "image": "{{ .spec.image }}", "replicas": "{{ .spec.replicas }}", "port": "{{ .spec.port }}",
            "imagePullPolicy": "ifnotpresent",
            "env": [["name": "LOG_LEVEL", "value": "info"], ["name": "PASSWORD", "valueFrom": ["secretKeyRef": ["name": "hello-secret", "key": "password"]]]],
            "envFrom": [["configMapRef": ["name": "hello-config"]]],
            "resources": ["requests": ["cpu": "100m", "memory": "128Mi"], "limits": ["cpu": 1, "memory": "256Mi"]],
            "readinessProbe": ["httpGet": ["path": "/healthz", "port": 8080], "periodSeconds": 5],
            "volumes": [["name": "content", "configMap": ["name": "hello-config"]]],
            "volumeMounts": [["name": "content", "mountPath": "/usr/share/nginx/html", "readOnly": true]],
            "securityContext": ["runAsNonRoot": true, "allowPrivilegeEscalation": false],
            "podSecurityContext": ["fsGroup": 101],
            "serviceAccountName": "hello-sa", "imagePullSecrets": ["registry-creds"],
            "nodeSelector": ["kubernetes.io/os": "linux"],
            "tolerations": [["key": "dedicated", "operator": "Equal", "value": "web", "effect": "NoSchedule"]],
            "podLabels": ["tier": "frontend"], "podAnnotations": ["prometheus.io/scrape": "true"],
            "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": 1, "maxUnavailable": 0]],
            "minReadySeconds": 5, "priorityClassName": "high",
        ]),
        ChildEntry(kind: .statefulSets, name: "{{ .metadata.name }}-db", fields: [
            "image": "postgres:16.3", "replicas": 1, "containerName": "postgres",
            "ports": [["name": "pg", "containerPort": 5432]],
            "env": [["name": "PGDATA", "value": "/var/lib/postgresql/data/pgdata"]],
            "volumeMounts": [["name": "data", "mountPath": "/var/lib/postgresql/data"]],
            "volumeClaimTemplates": [["metadata": ["name": "data"], "spec": [
                "accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "{{ .spec.size }}"]]]]],
            "podManagementPolicy": "parallel",
            "updateStrategy": ["type": "RollingUpdate"],
        ]),
        ChildEntry(kind: .jobs, name: "{{ .metadata.name }}-migrate", fields: [
            "image": "{{ .spec.image }}", "command": ["/bin/sh", "-c"], "args": ["echo migrating {{ .metadata.name }}"],
            "ttlSecondsAfterFinished": 600, "activeDeadlineSeconds": 300, "workingDir": "/work",
        ]),
        ChildEntry(kind: .cronJobs, fields: [
            "image": "busybox:1.36", "command": ["sh", "-c", "date"], "schedule": "*/15 * * * *",
            "concurrencyPolicy": "forbid", "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
            "startingDeadlineSeconds": 120, "restartPolicy": "OnFailure", "backoffLimit": 2,
        ]),
        ChildEntry(kind: .services, name: "{{ .metadata.name }}", fields: [
            "port": 80, "targetPort": "{{ .spec.port }}",
        ]),
        ChildEntry(kind: .configMaps, fields: [
            "data": ["index.html": "<h1>{{ .metadata.name }}</h1>", "replicas": "{{ .spec.replicas }}"],
            "binaryData": ["logo.png": "iVBORw0KGgo="],
        ]),
        ChildEntry(kind: .secrets, fields: [
            "stringData": ["password": "s3cret-{{ .metadata.name }}"], "data": ["token": "dG9rZW4="],
        ]),
        ChildEntry(kind: .serviceAccounts, fields: ["automountServiceAccountToken": false, "imagePullSecrets": ["registry-creds"]]),
        ChildEntry(kind: .roles, fields: [
            "rules": [["resources": ["configmaps"], "verbs": ["get", "list", "watch"]],
                      ["apiGroups": ["apps"], "resources": ["deployments"], "resourceNames": ["hello-web"], "verbs": ["get", "patch"]]],
        ]),
        ChildEntry(kind: .roleBindings, fields: [
            "roleRef": ["name": "{{ .metadata.name }}-role"], "subjects": [["name": "{{ .metadata.name }}-sa"]],
        ]),
        ChildEntry(kind: .clusterRoles, fields: [
            "rules": [["resources": ["nodes"], "verbs": ["get", "list"]], ["nonResourceURLs": ["/healthz"], "verbs": ["get"]]],
        ]),
        ChildEntry(kind: .clusterRoleBindings, fields: [
            "roleRef": ["kind": "ClusterRole", "name": "{{ .metadata.name }}-clusterrole"],
            "subjects": [["kind": "ServiceAccount", "name": "{{ .metadata.name }}-sa"], ["kind": "group", "name": "ops"]],
        ]),
        ChildEntry(kind: .ingresses, fields: [
            "host": "{{ .spec.host }}", "serviceName": "{{ .metadata.name }}", "servicePort": 80, "className": "nginx",
            "tls": [["hosts": ["{{ .spec.host }}"], "secretName": "{{ .metadata.name }}-tls"]],
        ]),
        ChildEntry(kind: .persistentVolumeClaims, fields: ["storage": "{{ .spec.size }}", "storageClassName": "standard"]),
        ChildEntry(kind: .podDisruptionBudgets, fields: ["minAvailable": "50%"]),
        ChildEntry(kind: .horizontalPodAutoscalers, fields: [
            "minReplicas": 2, "maxReplicas": 10, "targetCPUUtilization": 70, "targetMemoryUtilization": 80,
            "scaleTargetRef": ["name": "{{ .metadata.name }}-web"],
        ]),
        ChildEntry(kind: .networkPolicies, fields: [
            "ingress": [["from": [["podSelector": ["matchLabels": ["app": "gateway"]]]], "ports": [["port": 8080, "protocol": "TCP"]]]],
        ]),
        ChildEntry(kind: .custom, name: "{{ .metadata.name }}-cert", fields: [
            "apiVersion": "cert-manager.io/v1", "kind": "Certificate", "plural": "certificates",
            "spec": ["secretName": "{{ .metadata.name }}-tls", "dnsNames": ["{{ .spec.host }}"],
                     "issuerRef": ["name": "letsencrypt", "kind": "ClusterIssuer"]],
        ]),
    ]

    /// Every fixture child, built with all fixtures as siblings.
    static func manifests(builder: ChildManifestBuilder = .init()) throws -> [(ChildKind, ChildManifest)] {
        let children = try entries.map(render)
        let owner = try owner
        return try children.map { ($0.kind, try builder.manifest(for: $0, owner: owner, siblings: children)) }
    }
}

@Suite struct ChildManifestGoldenTests {
    static let directory = Repo.path("Tests/OrkKatalogTests/Golden/manifests")

    @Test func fixturesCoverEveryKind() {
        #expect(Set(ManifestFixtures.entries.map(\.kind)) == Set(ChildKind.allCases))
    }

    @Test(arguments: ChildKind.allCases) func matchesGoldenFile(_ kind: ChildKind) throws {
        let manifests = try ManifestFixtures.manifests()
        let manifest = try #require(manifests.first { $0.0 == kind }?.1)
        let text = manifest.object.prettyPrinted() + "\n"
        let path = "\(Self.directory)/\(kind.rawValue).json"
        if ProcessInfo.processInfo.environment["ORK_UPDATE_GOLDEN"] == "1" {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == golden, "\(kind.rawValue) differs from \(path)")
        // The golden text parses back to the same object.
        #expect(try JSONValue.parse(golden) == manifest.object)
    }
}
