{{/* A component's HorizontalPodAutoscaler, when enabled: (list $ "<component>" <its values>). */}}
{{- define "tillwire.autoscaler" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $autoscaling := index . 2 "autoscaling" -}}
{{- if $autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "tillwire.fullname" $root }}-{{ $component }}
  labels:
    {{- include "tillwire.componentLabels" (list $root $component) | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "tillwire.fullname" $root }}-{{ $component }}
  minReplicas: {{ $autoscaling.minReplicas }}
  maxReplicas: {{ $autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end -}}

{{/* A component's PodDisruptionBudget, when enabled: (list $ "<component>" <its values>). */}}
{{- define "tillwire.disruptionBudget" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $budget := index . 2 "podDisruptionBudget" -}}
{{- if $budget.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "tillwire.fullname" $root }}-{{ $component }}
  labels:
    {{- include "tillwire.componentLabels" (list $root $component) | nindent 4 }}
spec:
  maxUnavailable: {{ $budget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "tillwire.componentSelector" (list $root $component) | nindent 6 }}
{{- end }}
{{- end -}}
