{{/*
The router's own environment, after the common one of concert-sale-lib.env (SERVER_PORT, K_SINK). Names are the
relaxed-binding forms of its router.* settings.
*/}}
{{- define "zeebe-cloud-events-router.env" -}}
{{- $zeebe := .Values.zeebe -}}
{{- $method := include "zeebe-cloud-events-router.authMethod" . -}}
{{- $credentials := $zeebe.credentials -}}
{{- $tls := $zeebe.tls -}}
{{ include "concert-sale-lib.secretEnv" (dict "env" "SALE_ADMIN_PASSWORD" "secret" .Values.adminPasswordSecret) }}
- name: ROUTER_ZEEBE_AUTH_METHOD
  value: {{ $method | quote }}
{{- if eq $zeebe.mode "saas" }}
{{- if ne $method "oauth" }}
{{- fail (printf "Camunda SaaS takes OAuth only: zeebe.auth.method must be oauth or empty, not %q" $method) }}
{{- end }}
- name: ROUTER_ZEEBE_CLUSTER_ID
  value: {{ required "zeebe.saas.clusterId is required with zeebe.mode saas" $zeebe.saas.clusterId | quote }}
- name: ROUTER_ZEEBE_REGION
  value: {{ required "zeebe.saas.region is required with zeebe.mode saas" $zeebe.saas.region | quote }}
- name: ROUTER_ZEEBE_AUTHORIZATION_SERVER_URL
  value: {{ $zeebe.saas.authorizationServerUrl | quote }}
- name: ROUTER_ZEEBE_AUDIENCE
  value: {{ $zeebe.saas.audience | quote }}
{{- $_ := required "zeebe.credentials.secretName is required with zeebe.mode saas" $credentials.secretName }}
{{- else if eq $zeebe.mode "selfManaged" }}
{{- $selfManaged := $zeebe.selfManaged }}
- name: ROUTER_ZEEBE_GRPC_ADDRESS
  value: {{ $selfManaged.grpcAddress | quote }}
- name: ROUTER_ZEEBE_REST_ADDRESS
  value: {{ $selfManaged.restAddress | quote }}
- name: ROUTER_ZEEBE_PREFER_REST_OVER_GRPC
  value: {{ $selfManaged.preferRestOverGrpc | quote }}
{{- if eq $method "oauth" }}
- name: ROUTER_ZEEBE_AUTHORIZATION_SERVER_URL
  value: {{ required "zeebe.selfManaged.authorizationServerUrl (the token endpoint) is required with zeebe.auth.method oauth" $selfManaged.authorizationServerUrl | quote }}
- name: ROUTER_ZEEBE_AUDIENCE
  value: {{ required "zeebe.selfManaged.audience is required with zeebe.auth.method oauth" $selfManaged.audience | quote }}
{{- with $selfManaged.scope }}
- name: ROUTER_ZEEBE_SCOPE
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- if and $tls.gatewayCa.secretName (not (or (hasPrefix "https://" $selfManaged.grpcAddress) (hasPrefix "https://" $selfManaged.restAddress))) }}
{{- fail "zeebe.tls.gatewayCa is for a gateway with TLS: zeebe.selfManaged.grpcAddress and restAddress are http://" }}
{{- end }}
{{- else }}
{{- fail (printf "zeebe.mode must be selfManaged or saas, not %q" $zeebe.mode) }}
{{- end }}
{{- if eq $method "basic" }}
{{- $secret := required "zeebe.credentials.secretName (a Secret with keys usernameKey and passwordKey: a user of the orchestration cluster) is required with zeebe.auth.method basic" $credentials.secretName }}
{{ include "concert-sale-lib.secretEnv" (dict "env" "ROUTER_ZEEBE_USERNAME" "secret" (dict "name" $secret "key" $credentials.usernameKey)) }}
{{ include "concert-sale-lib.secretEnv" (dict "env" "ROUTER_ZEEBE_PASSWORD" "secret" (dict "name" $secret "key" $credentials.passwordKey)) }}
{{- else if eq $method "oauth" }}
{{- $secret := required "zeebe.credentials.secretName (a Secret with keys clientIdKey and clientSecretKey) is required with zeebe.auth.method oauth" $credentials.secretName }}
{{ include "concert-sale-lib.secretEnv" (dict "env" "ROUTER_ZEEBE_CLIENT_ID" "secret" (dict "name" $secret "key" $credentials.clientIdKey)) }}
{{ include "concert-sale-lib.secretEnv" (dict "env" "ROUTER_ZEEBE_CLIENT_SECRET" "secret" (dict "name" $secret "key" $credentials.clientSecretKey)) }}
{{- else if $credentials.secretName }}
{{- fail (printf "zeebe.credentials.secretName is set, but zeebe.auth.method is %q: set it to basic or oauth" $method) }}
{{- end }}
{{- with $tls.gatewayCa.secretName }}
- name: ROUTER_ZEEBE_CA_CERTIFICATE_PATH
  value: {{ printf "%s/%s" (include "zeebe-cloud-events-router.gatewayCaDir" $) $tls.gatewayCa.key | quote }}
{{- end }}
{{- with $tls.authorizationServerTruststore.secretName }}
{{- if ne $method "oauth" }}
{{- fail (printf "zeebe.tls.authorizationServerTruststore is for the OAuth token endpoint, but zeebe.auth.method is %q" $method) }}
{{- end }}
- name: ROUTER_ZEEBE_AUTHORIZATION_SERVER_TRUSTSTORE_PATH
  value: {{ printf "%s/%s" (include "zeebe-cloud-events-router.truststoreDir" $) $tls.authorizationServerTruststore.key | quote }}
{{- with $tls.authorizationServerTruststore.passwordKey }}
{{ include "concert-sale-lib.secretEnv" (dict "env" "ROUTER_ZEEBE_AUTHORIZATION_SERVER_TRUSTSTORE_PASSWORD" "secret" (dict "name" $tls.authorizationServerTruststore.secretName "key" .)) }}
{{- end }}
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

{{/*
How the router authenticates to Zeebe: zeebe.auth.method, or when empty oauth with Camunda SaaS or a
zeebe.credentials.secretName, none otherwise (the chart's behaviour before the method could be chosen).
*/}}
{{- define "zeebe-cloud-events-router.authMethod" -}}
{{- $zeebe := .Values.zeebe -}}
{{- if $zeebe.auth.method -}}
{{- $zeebe.auth.method -}}
{{- else -}}
{{- ternary "oauth" "none" (or (eq $zeebe.mode "saas") (not (empty $zeebe.credentials.secretName))) -}}
{{- end -}}
{{- end }}

{{- define "zeebe-cloud-events-router.gatewayCaDir" -}}
/etc/zeebe-cloud-events-router/gateway-ca
{{- end }}

{{- define "zeebe-cloud-events-router.truststoreDir" -}}
/etc/zeebe-cloud-events-router/authorization-server-truststore
{{- end }}

{{/* The private CAs of zeebe.tls, each from its Secret, read-only (concert-sale-lib mounts them). */}}
{{- define "zeebe-cloud-events-router.volumes" -}}
{{- $tls := .Values.zeebe.tls -}}
{{- with $tls.gatewayCa.secretName }}
- name: zeebe-gateway-ca
  secret:
    secretName: {{ . }}
    items:
      - key: {{ $tls.gatewayCa.key }}
        path: {{ $tls.gatewayCa.key }}
{{- end }}
{{- with $tls.authorizationServerTruststore.secretName }}
- name: zeebe-authorization-server-truststore
  secret:
    secretName: {{ . }}
    items:
      - key: {{ $tls.authorizationServerTruststore.key }}
        path: {{ $tls.authorizationServerTruststore.key }}
{{- end }}
{{- end }}

{{- define "zeebe-cloud-events-router.volumeMounts" -}}
{{- $tls := .Values.zeebe.tls -}}
{{- if $tls.gatewayCa.secretName }}
- name: zeebe-gateway-ca
  mountPath: {{ include "zeebe-cloud-events-router.gatewayCaDir" . }}
  readOnly: true
{{- end }}
{{- if $tls.authorizationServerTruststore.secretName }}
- name: zeebe-authorization-server-truststore
  mountPath: {{ include "zeebe-cloud-events-router.truststoreDir" . }}
  readOnly: true
{{- end }}
{{- end }}
