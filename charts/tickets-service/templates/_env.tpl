{{/* tickets-service's own environment, after the common one of concert-sale-lib.env */}}
{{- define "tickets-service.env" -}}
{{ include "concert-sale-lib.secretEnv" (dict "env" "SALE_ADMISSION_TOKEN_SECRET" "secret" .Values.global.secrets.admissionTokenSecret) }}
- name: TICKETS_PAYMENTS_BASE_URL
  value: {{ .Values.payments.baseUrl | default (include "concert-sale-lib.serviceUrl" (dict "name" "payments-service" "root" .)) | quote }}
{{ include "concert-sale-lib.secretEnv" (dict "env" "TICKETS_PAYMENTS_API_KEY" "secret" .Values.global.secrets.paymentsApiKey) }}
{{- end }}

{{/* No volumes of its own beyond concert-sale-lib's (writableDirs, sender identity). */}}
{{- define "tickets-service.volumes" -}}
{{- end }}
{{- define "tickets-service.volumeMounts" -}}
{{- end }}
