{{/*
Sender identity on the event plane (Knative Eventing's authentication-oidc):
every delivery to /events carries an OIDC token issued for the service's audience, which the service verifies, and
every event the service sends to the Broker carries its own token, which the Broker checks against the EventPolicy
<service>-produces. global.identity.enabled switches all of it; the cluster needs Knative's feature flags
authentication-oidc: enabled and transport-encryption (docs/deploy-kubernetes.md).
*/}}

{{/* The audience the service verifies on deliveries, and its Triggers ask Knative for: identity.audience or the name. */}}
{{- define "concert-sale-lib.audience" -}}
{{- .Values.identity.audience | default (include "concert-sale-lib.name" .) -}}
{{- end }}

{{/* The Broker's OIDC audience (Knative: <group>/<kind>/<namespace>/<name>, lower case), which the producer token needs. */}}
{{- define "concert-sale-lib.brokerAudience" -}}
{{- .Values.global.identity.brokerAudience | default (printf "eventing.knative.dev/broker/%s/%s" .Release.Namespace .Values.global.broker.name | lower) -}}
{{- end }}

{{/* Where the producer token is read from: Knative's SinkBinding mounts it there, and so does the chart otherwise. */}}
{{- define "concert-sale-lib.producerTokenDir" -}}
/oidc
{{- end }}

{{/* Where the pod's own API token and the cluster CA are, for fetching the API server's JWKS. */}}
{{- define "concert-sale-lib.apiCredentialsDir" -}}
{{- if .Values.serviceAccount.automountToken -}}
/var/run/secrets/kubernetes.io/serviceaccount
{{- else -}}
/var/run/secrets/concert-sale/kubernetes-api
{{- end -}}
{{- end }}

{{/*
The identity a producer sends with in events.sink "broker": its own service account. A service account shared by
several services (the namespace's default) would let each of them send what any of them may, so it is refused.
*/}}
{{- define "concert-sale-lib.producerSubject" -}}
{{- $account := include "concert-sale-lib.serviceAccountName" . -}}
{{- if not $account -}}
{{- fail (printf "%s: with global.identity.enabled and events.sink broker the service sends with its own service account's token: set serviceAccount.create or serviceAccount.name" .Chart.Name) -}}
{{- end -}}
{{- printf "system:serviceaccount:%s:%s" .Release.Namespace $account -}}
{{- end }}

{{/* SALE_EVENTS_IDENTITY_* (event-kit's sale.events.identity.*). */}}
{{- define "concert-sale-lib.identityEnv" -}}
{{- $identity := .Values.global.identity -}}
- name: SALE_EVENTS_IDENTITY_REQUIRED
  value: {{ $identity.enabled | quote }}
{{- if $identity.enabled }}
- name: SALE_EVENTS_IDENTITY_ISSUER
  value: {{ required "global.identity.issuer" $identity.issuer | quote }}
- name: SALE_EVENTS_IDENTITY_JWKS_URI
  value: {{ required "global.identity.jwksUri" $identity.jwksUri | quote }}
- name: SALE_EVENTS_IDENTITY_AUDIENCE
  value: {{ include "concert-sale-lib.audience" . | quote }}
- name: SALE_EVENTS_IDENTITY_SENDERS
  value: {{ .Values.identity.senders | default (list (printf "system:serviceaccount:%s:*" .Release.Namespace)) | join "," | quote }}
- name: SALE_EVENTS_IDENTITY_TOKEN_FILE
  value: {{ printf "%s/token" (include "concert-sale-lib.producerTokenDir" .) | quote }}
{{- if $identity.jwksCredentials }}
{{- $dir := include "concert-sale-lib.apiCredentialsDir" . }}
- name: SALE_EVENTS_IDENTITY_JWKS_BEARER_TOKEN_FILE
  value: {{ printf "%s/token" $dir | quote }}
- name: SALE_EVENTS_IDENTITY_JWKS_CA_FILE
  value: {{ printf "%s/ca.crt" $dir | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The token volumes, read-only, each renewed by the kubelet before it expires:
- oidc-token (events.sink "broker"): the producer token for the Broker's audience at /oidc/token, as Knative's
  SinkBinding would mount it;
- kubernetes-api (when the pod's own API token is not mounted and the JWKS needs credentials): a token for the API
  server's default audience and the cluster CA (the kube-root-ca.crt ConfigMap), only to fetch the JWKS.
*/}}
{{- define "concert-sale-lib.identityVolumes" -}}
{{- $identity := .Values.global.identity -}}
{{- if $identity.enabled }}
{{- if eq .Values.events.sink "broker" }}
- name: oidc-token
  projected:
    sources:
      - serviceAccountToken:
          audience: {{ include "concert-sale-lib.brokerAudience" . | quote }}
          expirationSeconds: {{ $identity.tokenExpirationSeconds }}
          path: token
{{- end }}
{{- if and $identity.jwksCredentials (not .Values.serviceAccount.automountToken) }}
- name: kubernetes-api
  projected:
    sources:
      - serviceAccountToken:
          expirationSeconds: {{ $identity.apiTokenExpirationSeconds }}
          path: token
      - configMap:
          name: kube-root-ca.crt
          items:
            - key: ca.crt
              path: ca.crt
{{- end }}
{{- end }}
{{- end }}

{{- define "concert-sale-lib.identityMounts" -}}
{{- $identity := .Values.global.identity -}}
{{- if $identity.enabled }}
{{- if eq .Values.events.sink "broker" }}
- name: oidc-token
  mountPath: {{ include "concert-sale-lib.producerTokenDir" . }}
  readOnly: true
{{- end }}
{{- if and $identity.jwksCredentials (not .Values.serviceAccount.automountToken) }}
- name: kubernetes-api
  mountPath: {{ include "concert-sale-lib.apiCredentialsDir" . }}
  readOnly: true
{{- end }}
{{- end }}
{{- end }}

{{/*
The EventPolicy <service>-produces: the Broker accepts from this service only the types of events.produces. The
sender is its SinkBinding (events.sink "sinkBinding": Knative's OIDC identity of the binding) or its own service
account (events.sink "broker"). The same policies as knative/400-event-policies.yaml.
*/}}
{{- define "concert-sale-lib.eventPolicy" -}}
{{- if and .Values.global.identity.enabled .Values.events.produces }}
apiVersion: eventing.knative.dev/v1alpha1
kind: EventPolicy
metadata:
  name: {{ printf "%s-produces" (include "concert-sale-lib.name" .) }}
  labels:
    {{- include "concert-sale-lib.labels" . | nindent 4 }}
    concertsale.io/producer: {{ include "concert-sale-lib.name" . }}
spec:
  to:
    - ref:
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        name: {{ .Values.global.broker.name }}
  from:
    {{- if eq .Values.events.sink "sinkBinding" }}
    - ref:
        apiVersion: sources.knative.dev/v1
        kind: SinkBinding
        name: {{ include "concert-sale-lib.name" . }}
    {{- else }}
    - sub: {{ include "concert-sale-lib.producerSubject" . | quote }}
    {{- end }}
  filters:
    - any:
        {{- range .Values.events.produces }}
        - exact:
            type: {{ . }}
        {{- end }}
{{- end }}
{{- end }}

{{/* The service's own ServiceAccount (serviceAccount.create), without any Role unless the chart binds one. */}}
{{- define "concert-sale-lib.serviceAccount" -}}
{{- if .Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "concert-sale-lib.serviceAccountName" . }}
  labels:
    {{- include "concert-sale-lib.labels" . | nindent 4 }}
{{- if not .Values.serviceAccount.automountToken }}
automountServiceAccountToken: false
{{- end }}
{{- end }}
{{- end }}
