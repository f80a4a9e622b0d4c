{{/* The common part of each service chart's NOTES.txt. */}}
{{- define "concert-sale-lib.notes" -}}
{{- $name := include "concert-sale-lib.name" . -}}
{{ $name }} {{ .Chart.AppVersion }} runs in namespace {{ .Release.Namespace }} as a
{{- if eq .Values.workload "knative" }} Knative Service ({{ .Values.knative.visibility | default "public" }}).
{{- else }} Deployment of {{ .Values.deployment.replicas }} with a Service on port 80.
{{- end }}

Events go to {{ if eq .Values.events.sink "broker" }}{{ include "concert-sale-lib.brokerUrl" . }}{{ else }}the address of Broker "{{ .Values.global.broker.name }}", injected by a SinkBinding{{ end }}.
{{- if and .Values.triggers .Values.triggers.enabled }}
{{ len .Values.triggers.types }} Triggers on Broker "{{ .Values.global.broker.name }}" deliver the event types it consumes to /events.
{{- end }}

Look at it:
  kubectl get {{ if eq .Values.workload "knative" }}ksvc{{ else }}deployment,service{{ end }},triggers -n {{ .Release.Namespace }} -l app.kubernetes.io/instance={{ .Release.Name }}
  kubectl logs -n {{ .Release.Namespace }} -l app.kubernetes.io/name={{ $name }} -c {{ $name }} --tail=100
{{- if .Values.database.enabled }}

It keeps its state in PostgreSQL at {{ .Values.global.database.host }}:{{ .Values.global.database.port }}/{{ .Values.global.database.name }} (user {{ .Values.global.database.user }}, password from Secret {{ .Values.global.database.passwordSecret.name }}).
{{- end }}
{{- end }}
