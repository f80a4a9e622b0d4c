{{/*
The router's own environment, after the common one of concert-sale-lib.env (SERVER_PORT, K_SINK). Names are the
relaxed-binding forms of its router.* settings.
*/}}
{{- define "zeebe-cloud-events-router.env" -}}
{{- $zeebe := .Values.zeebe -}}
{{ include "concert-sale-lib.secretEnv" (dict "env" "SALE_ADMIN_PASSWORD" "secret" .Values.adminPasswordSecret) }}
{{- if eq $zeebe.mode "saas" }}
- name: ROUTER_ZEEBE_CLUSTER_ID
  value: {{ required "zeebe.saas.clusterId is required with zeebe.mode saas" $zeebe.saas.clusterId | quote }}
- name: ROUTER_ZEEBE_REGION
  value: {{ required "zeebe.saas.region is required with zeebe.mode saas" $zeebe.saas.region | quote }}
- name: ROUTER_ZEEBE_AUTHORIZATION_SERVER_URL
  value: {{ $zeebe.saas.authorizationServerUrl | quote }}
- name: ROUTER_ZEEBE_AUDIENCE
  value: {{ $zeebe.saas.audience | quote }}
{{- $_ := required "zeebe.credentials.secretName is required with zeebe.mode saas" $zeebe.credentials.secretName }}
{{- else if eq $zeebe.mode "selfManaged" }}
- name: ROUTER_ZEEBE_GRPC_ADDRESS
  value: {{ $zeebe.selfManaged.grpcAddress | quote }}
- name: ROUTER_ZEEBE_REST_ADDRESS
  value: {{ $zeebe.selfManaged.restAddress | quote }}
- name: ROUTER_ZEEBE_PREFER_REST_OVER_GRPC
  value: {{ $zeebe.selfManaged.preferRestOverGrpc | quote }}
{{- with $zeebe.selfManaged.authorizationServerUrl }}
- name: ROUTER_ZEEBE_AUTHORIZATION_SERVER_URL
  value: {{ . | quote }}
{{- end }}
{{- with $zeebe.selfManaged.audience }}
- name: ROUTER_ZEEBE_AUDIENCE
  value: {{ . | quote }}
{{- end }}
{{- else }}
{{- fail (printf "zeebe.mode must be selfManaged or saas, not %q" $zeebe.mode) }}
{{- end }}
{{- with $zeebe.credentials.secretName }}
{{ include "concert-sale-lib.secretEnv" (dict "env" "ROUTER_ZEEBE_CLIENT_ID" "secret" (dict "name" . "key" $zeebe.credentials.clientIdKey)) }}
{{ include "concert-sale-lib.secretEnv" (dict "env" "ROUTER_ZEEBE_CLIENT_SECRET" "secret" (dict "name" . "key" $zeebe.credentials.clientSecretKey)) }}
{{- end }}
- name: ROUTER_ZEEBE_REQUEST_TIMEOUT
  value: {{ $zeebe.requestTimeout | quote }}
- name: ROUTER_MESSAGES_TIME_TO_LIVE
  value: {{ .Values.messages.timeToLive | quote }}
- name: ROUTER_MESSAGES_CORRELATION_KEY_FALLBACK
  value: {{ .Values.messages.correlationKeyFallback | quote }}
- name: ROUTER_TRIGGERS_MODE
  value: {{ .Values.triggers.mode | quote }}
{{- if eq .Values.triggers.mode "knative" }}
- name: ROUTER_TRIGGERS_BROKER
  value: {{ .Values.global.broker.name | quote }}
{{- /* the release's namespace is the pod's: Knative allows the downward API only behind a feature flag */}}
- name: ROUTER_TRIGGERS_NAMESPACE
  value: {{ .Release.Namespace | quote }}
- name: ROUTER_TRIGGERS_NAME_PREFIX
  value: {{ .Values.triggers.namePrefix | quote }}
{{- $ref := include "concert-sale-lib.addressableRef" . | fromYaml }}
- name: ROUTER_TRIGGERS_SUBSCRIBER_API_VERSION
  value: {{ $ref.apiVersion | quote }}
- name: ROUTER_TRIGGERS_SUBSCRIBER_KIND
  value: {{ $ref.kind | quote }}
- name: ROUTER_TRIGGERS_SUBSCRIBER_NAME
  value: {{ $ref.name | quote }}
- name: ROUTER_TRIGGERS_DELIVERY_RETRY
  value: {{ .Values.global.delivery.retry | quote }}
- name: ROUTER_TRIGGERS_DELIVERY_BACKOFF_POLICY
  value: {{ .Values.global.delivery.backoffPolicy | quote }}
- name: ROUTER_TRIGGERS_DELIVERY_BACKOFF_DELAY
  value: {{ .Values.global.delivery.backoffDelay | quote }}
- name: ROUTER_TRIGGERS_DELIVERY_DEAD_LETTER_SINK
  value: {{ .Values.global.delivery.deadLetterSink | quote }}
{{- end }}
{{- /* map keys keep their case and dots only in bracket notation, which environment variable names cannot carry */}}
{{- $json := dict }}
{{- range $name, $value := .Values.messages.variables }}
{{- $_ := set $json (printf "router.messages.variables[%s]" $name) $value }}
{{- end }}
{{- range $type, $code := .Values.bpmnErrors }}
{{- $_ := set $json (printf "router.bpmn-errors[%s]" $type) $code }}
{{- end }}
{{- if $json }}
- name: SPRING_APPLICATION_JSON
  value: {{ toJson $json | quote }}
{{- end }}
{{- end }}
