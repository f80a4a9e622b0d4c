{{/* payments-service's own environment, after the common one of concert-sale-lib.env */}}
{{- define "payments-service.env" -}}
{{ include "concert-sale-lib.secretEnv" (dict "env" "PAYMENTS_API_KEYS" "secret" .Values.global.secrets.paymentsApiKey) }}
- name: PAYMENTS_AUTHORIZATION_DELAY
  value: {{ .Values.authorizationDelay | quote }}
- name: PAYMENTS_MONEY_TRANSFER_AUTO_ACCEPT_AFTER
  value: {{ .Values.moneyTransfer.autoAcceptAfter | quote }}
{{- end }}

{{/* No volumes of its own beyond concert-sale-lib's (writableDirs, sender identity). */}}
{{- define "payments-service.volumes" -}}
{{- end }}
{{- define "payments-service.volumeMounts" -}}
{{- end }}
