{{/*
The service's NetworkPolicy (global.networkPolicy.enabled): its pods accept traffic only from what needs it.

- workload "knative": every request reaches a Knative Service's pods through Knative Serving's data path, the
  activator (knative-serving) or the ingress's gateways (global.networkPolicy.serving), whoever sent it: the
  Broker's deliveries, the other services' calls and, for the gateway, the public's requests alike. Only those
  namespaces are let in (on every port: the queue-proxy's serving, health and metrics ports).
- workload "deployment": the callers reach the pods directly, so each is named: the Broker's data plane
  (global.networkPolicy.eventing) when the service consumes events, the sale's services that call its API
  (networkPolicy.callers), the Ingress controller (global.networkPolicy.publicIngress) for the public gateway; on the
  container port only.
- both: global.networkPolicy.monitoring (who scrapes /actuator) on the container port, and networkPolicy.extraIngress
  as written.
*/}}
{{- define "concert-sale-lib.receivesEvents" -}}
{{- $triggers := .Values.triggers | default dict -}}
{{- if hasKey $triggers "enabled" -}}
{{- if $triggers.enabled }}true{{ end -}}
{{- else if eq (toString $triggers.mode) "knative" -}}
true
{{- end -}}
{{- end }}

{{- define "concert-sale-lib.networkPolicy" -}}
{{- $policy := .Values.global.networkPolicy -}}
{{- if $policy.enabled }}
{{- $own := .Values.networkPolicy -}}
{{- $port := .Values.containerPort -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "concert-sale-lib.name" . }}
  labels:
    {{- include "concert-sale-lib.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "concert-sale-lib.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
  ingress:
    {{- if eq .Values.workload "knative" }}
    # Knative Serving's activator and the ingress's gateways: every request to a Knative Service comes through them
    - from:
        {{- required "global.networkPolicy.serving: where Knative Serving's activator and ingress run" $policy.serving | toYaml | nindent 8 }}
    {{- end }}
    {{- if include "concert-sale-lib.receivesEvents" . }}
    # the Broker's data plane delivering the events of the Triggers
    - from:
        {{- required "global.networkPolicy.eventing: where the Broker's data plane runs" $policy.eventing | toYaml | nindent 8 }}
      {{- if ne .Values.workload "knative" }}
      ports:
        - port: {{ $port }}
          protocol: TCP
      {{- end }}
    {{- end }}
    {{- if ne .Values.workload "knative" }}
    {{- with $own.callers }}
    # the sale's services that call this one's API
    - from:
        {{- range . }}
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: {{ . }}
              app.kubernetes.io/part-of: concert-sale
        {{- end }}
      ports:
        - port: {{ $port }}
          protocol: TCP
    {{- end }}
    {{- if $own.public }}
    # the public shop and API, from the Ingress controller in front of the Service
    - from:
        {{- required "global.networkPolicy.publicIngress: where the Ingress controller runs" $policy.publicIngress | toYaml | nindent 8 }}
      ports:
        - port: {{ $port }}
          protocol: TCP
    {{- end }}
    {{- end }}
    {{- with $policy.monitoring }}
    # metrics scraping
    - from:
        {{- toYaml . | nindent 8 }}
      ports:
        - port: {{ $port }}
          protocol: TCP
    {{- end }}
    {{- with $own.extraIngress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}
{{- end }}
