{{/*
Names, labels and addresses. A service's name is its chart's name everywhere: the Knative Service or Deployment,
its Triggers (<name>-<event type in kebab case>), the other services' URLs and the router's Trigger subscriber.
So one release of the sale per namespace.
*/}}

{{- define "concert-sale-lib.name" -}}
{{- .Chart.Name -}}
{{- end }}

{{- define "concert-sale-lib.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "concert-sale-lib.labels" -}}
{{ include "concert-sale-lib.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: concert-sale
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{/*
The image: <registry>/<repository>:<tag>, or <registry>/<repository>@<digest> when image.digest is set (the digest
wins over any tag). The repository is the chart's name (= the Maven artifactId the image is built from) and the tag
the chart's appVersion (= the Maven project version), unless values say otherwise.
*/}}
{{- define "concert-sale-lib.image" -}}
{{- $registry := .Values.image.registry | default .Values.global.image.registry -}}
{{- $repository := .Values.image.repository | default .Chart.Name -}}
{{- if $registry -}}
{{- $repository = printf "%s/%s" (trimSuffix "/" $registry) $repository -}}
{{- end -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (.Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion) -}}
{{- end -}}
{{- end }}

{{- define "concert-sale-lib.imagePullPolicy" -}}
{{- .Values.image.pullPolicy | default .Values.global.image.pullPolicy -}}
{{- end }}

{{- define "concert-sale-lib.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default .Chart.Name -}}
{{- else -}}
{{- .Values.serviceAccount.name -}}
{{- end -}}
{{- end }}

{{/*
The in-cluster address of a service of the sale, by name: a Knative Service answers there on port 80 (its
cluster-local route), and so does the plain Service of workload "deployment".
*/}}
{{- define "concert-sale-lib.serviceUrl" -}}
{{- printf "http://%s.%s.svc.cluster.local" .name .root.Release.Namespace -}}
{{- end }}

{{/*
The Broker's ingress address, the K_SINK of every service: an explicit global.broker.url, else the ingress of the
broker class (Knative's MT channel-based broker or the Kafka broker) for this namespace and broker name.
*/}}
{{- define "concert-sale-lib.brokerUrl" -}}
{{- $broker := .Values.global.broker -}}
{{- if $broker.url -}}
{{- $broker.url -}}
{{- else if eq $broker.class "Kafka" -}}
{{- printf "http://kafka-broker-ingress.knative-eventing.svc.cluster.local/%s/%s" .Release.Namespace $broker.name -}}
{{- else -}}
{{- printf "http://broker-ingress.knative-eventing.svc.cluster.local/%s/%s" .Release.Namespace $broker.name -}}
{{- end -}}
{{- end }}

{{/* How Knative Eventing addresses this service: its Knative Service, or the plain Service of a Deployment. */}}
{{- define "concert-sale-lib.addressableRef" -}}
{{- if eq .Values.workload "knative" -}}
apiVersion: serving.knative.dev/v1
kind: Service
{{- else -}}
apiVersion: v1
kind: Service
{{- end }}
name: {{ include "concert-sale-lib.name" . }}
{{- end }}

{{/* The Triggers' delivery: retries, backoff and the dead letter sink (a Knative Service), from global.delivery. */}}
{{- define "concert-sale-lib.delivery" -}}
{{- $delivery := .Values.global.delivery -}}
retry: {{ $delivery.retry }}
backoffPolicy: {{ $delivery.backoffPolicy }}
backoffDelay: {{ $delivery.backoffDelay }}
{{- with $delivery.deadLetterSink }}
deadLetterSink:
  ref:
    apiVersion: serving.knative.dev/v1
    kind: Service
    name: {{ . }}
{{- end }}
{{- end }}

{{/* An environment variable read from a Secret: (dict "env" NAME "secret" (dict "name" .. "key" ..)). */}}
{{- define "concert-sale-lib.secretEnv" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "the Secret for %s (name)" .env) .secret.name }}
      key: {{ required (printf "the Secret key for %s" .env) .secret.key }}
{{- end }}
