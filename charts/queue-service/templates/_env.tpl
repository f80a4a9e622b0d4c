{{/* queue-service's own environment, after the common one of concert-sale-lib.env */}}
{{- define "queue-service.env" -}}
{{ include "concert-sale-lib.secretEnv" (dict "env" "SALE_ADMISSION_TOKEN_SECRET" "secret" .Values.global.secrets.admissionTokenSecret) }}
{{- end }}

{{/* No volumes of its own beyond concert-sale-lib's (writableDirs, sender identity). */}}
{{- define "queue-service.volumes" -}}
{{- end }}
{{- define "queue-service.volumeMounts" -}}
{{- end }}
