{{/* The chart's name, or nameOverride. */}}
{{- define "tillwire.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Resources are named <fullname>-<component>; 45 characters leave room for the longest component. */}}
{{- define "tillwire.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 45 | trimSuffix "-" -}}
{{- else if contains (include "tillwire.name" .) .Release.Name -}}
{{- .Release.Name | trunc 45 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "tillwire.name" .) | trunc 45 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "tillwire.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{ include "tillwire.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "tillwire.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tillwire.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels and selector of one component (a service or web app): (list $ "<component>"). */}}
{{- define "tillwire.componentLabels" -}}
{{ include "tillwire.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "tillwire.componentSelector" -}}
{{ include "tillwire.selectorLabels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "tillwire.image" -}}
{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}
{{- end -}}

{{- define "tillwire.secretName" -}}
{{- default (printf "%s-secrets" (include "tillwire.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "tillwire.terminalCaSecretName" -}}
{{- default (printf "%s-terminal-ca" (include "tillwire.fullname" .)) .Values.terminalCa.existingSecret -}}
{{- end -}}

{{/* A dependency's URL: its in-cluster Service when one is named, else its `url`: (list "<scheme>" <values> <namespace>). */}}
{{- define "tillwire.dependencyUrl" -}}
{{- $scheme := index . 0 -}}
{{- $dependency := index . 1 -}}
{{- $service := $dependency.inCluster.service -}}
{{- if $service -}}
{{ $scheme }}://{{ $service }}.{{ default (index . 2) $dependency.inCluster.namespace }}.svc:{{ $dependency.inCluster.port }}
{{- else -}}
{{ required (printf "%s.url or %s.inCluster.service is required" $scheme $scheme) $dependency.url }}
{{- end -}}
{{- end -}}

{{/* Where the other pods reach a gRPC server: the chart's Service of that component. */}}
{{- define "tillwire.grpcUrl" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
dns:///{{ include "tillwire.fullname" $root }}-{{ $component }}.{{ $root.Release.Namespace }}.svc:{{ index $root.Values.config (index . 2) }}
{{- end -}}

{{/*
The environment of a service pod beside the ConfigMap: its node id, and the secrets. NATS_URL and
REDIS_URL come from the Secret only when it holds them (they then carry credentials).
*/}}
{{- define "tillwire.env" -}}
- name: TILLWIRE_NODE_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- range $name := list "DATABASE_URL" "JWT_SECRET" "CA_KEY_PASSPHRASE" "NATS_URL" "REDIS_URL" }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "tillwire.secretName" $ }}
      key: {{ $name }}
      {{- if or (eq $name "NATS_URL") (eq $name "REDIS_URL") }}
      optional: true
      {{- end }}
{{- end }}
{{- end -}}

{{/* What every pod of the chart shares: (list $ "<component>"). */}}
{{- define "tillwire.podSettings" -}}
{{- $root := index . 0 -}}
automountServiceAccountToken: false
terminationGracePeriodSeconds: {{ $root.Values.terminationGracePeriodSeconds }}
securityContext:
  {{- toYaml $root.Values.podSecurityContext | nindent 2 }}
{{- if $root.Values.topologySpread.enabled }}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: {{ $root.Values.topologySpread.topologyKey }}
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "tillwire.componentSelector" . | nindent 8 }}
{{- end }}
{{- with $root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
