{{/* frontend-gateway's own environment, after the common one of concert-sale-lib.env */}}
{{- define "frontend-gateway.env" -}}
{{ include "concert-sale-lib.secretEnv" (dict "env" "SALE_ADMIN_PASSWORD" "secret" .Values.adminPasswordSecret) }}
- name: GATEWAY_PAYMENTS_BASEURL
  value: {{ .Values.payments.baseUrl | default (include "concert-sale-lib.serviceUrl" (dict "name" "payments-service" "root" .)) | quote }}
- name: GATEWAY_ROUTER_BASEURL
  {{- if .Values.router.enabled }}
  value: {{ .Values.router.baseUrl | default (include "concert-sale-lib.serviceUrl" (dict "name" "zeebe-cloud-events-router" "root" .)) | quote }}
  {{- else }}
  value: ""
  {{- end }}
{{- /* a Knative Broker has no event log API: the backoffice says the event log is unavailable */}}
- name: GATEWAY_BROKER_BASEURL
  value: ""
- name: GATEWAY_DEFAULTSALE_ENABLED
  value: {{ .Values.defaultSale.enabled | quote }}
{{- end }}

{{/* No volumes of its own beyond concert-sale-lib's (writableDirs, sender identity). */}}
{{- define "frontend-gateway.volumes" -}}
{{- end }}
{{- define "frontend-gateway.volumeMounts" -}}
{{- end }}
