{{/* The chart name, or nameOverride. */}}
{{- define "orkestra.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The prefix of every resource name: the release name when it already names the chart. */}}
{{- define "orkestra.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "orkestra.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "orkestra.runtimeName" -}}{{ include "orkestra.fullname" . }}-runtime{{- end -}}
{{- define "orkestra.gatewayName" -}}{{ include "orkestra.fullname" . }}-gateway{{- end -}}

{{/* Labels of every resource: Helm's recommended set, deletion protection, commonLabels. */}}
{{- define "orkestra.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "orkestra.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: orkestra
{{- if .Values.deletionProtection }}
orkestra.io/deletion-protection: "true"
{{- end }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one component ("runtime" or "gateway"). */}}
{{- define "orkestra.selectorLabels" -}}
app.kubernetes.io/name: {{ include "orkestra.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The image reference of a component: repository:tag, tag defaulting to the appVersion. */}}
{{- define "orkestra.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{/* The ConfigMap holding the Katalog. */}}
{{- define "orkestra.katalogConfigMap" -}}
{{- if .Values.runtime.katalog.existingConfigMap -}}
{{- .Values.runtime.katalog.existingConfigMap -}}
{{- else -}}
{{- include "orkestra.fullname" . }}-katalog
{{- end -}}
{{- end -}}

{{/* The Katalog file inside the containers. */}}
{{- define "orkestra.katalogPath" -}}
{{- printf "%s/%s" (.Values.runtime.katalog.mountPath | trimSuffix "/") .Values.runtime.katalog.configMapKey -}}
{{- end -}}

{{/* The Secret the gateway serves: cert-manager's, an existing one, or none (self-generated). */}}
{{- define "orkestra.gatewayTLSSecret" -}}
{{- if .Values.certManager.enabled -}}
{{- include "orkestra.gatewayName" . }}-cert
{{- else -}}
{{- .Values.gateway.tls.existingSecret -}}
{{- end -}}
{{- end -}}

{{/* Pod anti-affinity of one component: soft, hard or none; an explicit affinity wins. */}}
{{- define "orkestra.affinity" -}}
{{- if .values.affinity -}}
{{ toYaml .values.affinity }}
{{- else if eq .values.antiAffinity "hard" -}}
podAntiAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels:
          {{- include "orkestra.selectorLabels" . | nindent 10 }}
{{- else if eq .values.antiAffinity "soft" -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "orkestra.selectorLabels" . | nindent 12 }}
{{- end -}}
{{- end -}}

{{/* The downward-API environment every Orkestra process reads: its namespace, pod name and IP. */}}
{{- define "orkestra.podEnv" -}}
- name: NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
{{- end -}}

{{/* policy/v1 PodDisruptionBudget where the cluster serves it (1.21+), else policy/v1beta1. */}}
{{- define "orkestra.pdbAPIVersion" -}}
{{- if .Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget" -}}
policy/v1
{{- else -}}
policy/v1beta1
{{- end -}}
{{- end -}}

{{/* Pod annotations of one component: a checksum of an inline Katalog (an upgrade with a new
Katalog restarts the pods) and the component's podAnnotations. */}}
{{- define "orkestra.podAnnotations" -}}
{{- $annotations := dict -}}
{{- $katalog := .root.Values.runtime.katalog -}}
{{- if and $katalog.inline (not $katalog.existingConfigMap) -}}
{{- $_ := set $annotations "checksum/katalog" ($katalog.inline | sha256sum) -}}
{{- end -}}
{{- range $key, $value := .values.podAnnotations -}}
{{- $_ := set $annotations $key $value -}}
{{- end -}}
{{- with $annotations -}}
{{ toYaml . }}
{{- end -}}
{{- end -}}


{{/* The pod spec fields both Deployments share: identity, pull secrets, priority, security
context and scheduling. Takes (dict "root" $ "component" NAME "values" .Values.NAME). */}}
{{- define "orkestra.podScheduling" -}}
serviceAccountName: {{ .values.serviceAccountName }}
terminationGracePeriodSeconds: {{ .values.terminationGracePeriodSeconds }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with (include "orkestra.affinity" .) }}
affinity:
  {{- . | nindent 2 }}
{{- end }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The probes of both containers on their port named http: /startup until start-up is done,
/health for liveness, /ready for readiness (both binaries serve these and the -z aliases). */}}
{{- define "orkestra.probes" -}}
{{- range $probe, $path := dict "startupProbe" "/startup" "livenessProbe" "/health" "readinessProbe" "/ready" }}
{{ $probe }}:
  httpGet:
    path: {{ $path }}
    port: http
  {{- $settings := get $.probes (trimSuffix "Probe" $probe) }}
  periodSeconds: {{ $settings.periodSeconds }}
  failureThreshold: {{ $settings.failureThreshold }}
{{- end }}
{{- end -}}
