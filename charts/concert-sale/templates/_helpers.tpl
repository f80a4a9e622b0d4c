{{/* Labels of what the umbrella chart itself installs (the Broker, the dead letter sink). */}}
{{- define "concert-sale.labels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: concert-sale
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{/* The dead letter sink's image: <repository>@<digest> when a digest is set, else <repository>:<tag>. */}}
{{- define "concert-sale.deadLetterSinkImage" -}}
{{- $image := .Values.deadLetterSink.image -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $image.repository $image.tag -}}
{{- end -}}
{{- end }}
