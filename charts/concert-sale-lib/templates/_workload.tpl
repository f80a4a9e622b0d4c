{{/*
The service's environment: its port, the broker (K_SINK), PostgreSQL (profile postgres, SALE_DB_*; each service
keeps its own schema, set in its <service>.yml), then what the chart itself adds (template "<chart>.env") and
.Values.extraEnv. Secrets only ever as secretKeyRef.
*/}}
{{- define "concert-sale-lib.env" -}}
- name: SERVER_PORT
  value: {{ .Values.containerPort | quote }}
{{- if eq .Values.events.sink "broker" }}
- name: K_SINK
  value: {{ include "concert-sale-lib.brokerUrl" . | quote }}
{{- end }}
{{ include "concert-sale-lib.identityEnv" . }}
{{- if .Values.database.enabled }}
{{- $db := .Values.global.database }}
- name: SPRING_PROFILES_ACTIVE
  value: postgres
- name: SALE_DB_HOST
  value: {{ required "global.database.host" $db.host | quote }}
- name: SALE_DB_PORT
  value: {{ $db.port | quote }}
- name: SALE_DB_NAME
  value: {{ $db.name | quote }}
- name: SALE_DB_USER
  value: {{ $db.user | quote }}
{{ include "concert-sale-lib.secretEnv" (dict "env" "SALE_DB_PASSWORD" "secret" $db.passwordSecret) }}
- name: SALE_DB_SSL_MODE
  value: {{ $db.sslMode | default "prefer" | quote }}
{{- with .Values.database.connections }}
- name: SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE
  value: {{ include "concert-sale-lib.poolSize" $ | quote }}
{{- end }}
{{- end }}
{{- $own := include (printf "%s.env" .Chart.Name) . | trim }}
{{- with $own }}
{{ . }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Connections per instance: the service's share of PostgreSQL (database.connections, for all its instances together)
divided by the most instances it runs (autoscaling.maxScale, or deployment.replicas), at least 2.
*/}}
{{- define "concert-sale-lib.poolSize" -}}
{{- $instances := eq .Values.workload "knative" | ternary .Values.autoscaling.maxScale .Values.deployment.replicas -}}
{{- max 2 (div (int .Values.database.connections) (max 1 (int $instances))) -}}
{{- end }}

{{/* The one container; (dict "root" . "port" <port name>): Knative names the serving port http1. */}}
{{- define "concert-sale-lib.container" -}}
{{- $root := .root -}}
{{- $values := $root.Values -}}
- name: {{ include "concert-sale-lib.name" $root }}
  image: {{ include "concert-sale-lib.image" $root | quote }}
  imagePullPolicy: {{ include "concert-sale-lib.imagePullPolicy" $root }}
  ports:
    - name: {{ .port }}
      containerPort: {{ $values.containerPort }}
      protocol: TCP
  env:
    {{- include "concert-sale-lib.env" $root | nindent 4 }}
  resources:
    {{- toYaml $values.resources | nindent 4 }}
  {{- /* holds liveness and readiness back until the JVM started and Flyway migrated */}}
  startupProbe:
    httpGet:
      path: /actuator/health/liveness
      {{- if ne .port "http1" }}
      port: {{ .port }}
      {{- end }}
    {{- toYaml $values.probes.startup | nindent 4 }}
  livenessProbe:
    httpGet:
      path: /actuator/health/liveness
      {{- if ne .port "http1" }}
      port: {{ .port }}
      {{- end }}
    {{- toYaml $values.probes.liveness | nindent 4 }}
  readinessProbe:
    httpGet:
      path: /actuator/health/readiness
      {{- if ne .port "http1" }}
      port: {{ .port }}
      {{- end }}
    {{- toYaml $values.probes.readiness | nindent 4 }}
  {{- with $values.securityContext }}
  securityContext:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- $tokens := include "concert-sale-lib.identityMounts" $root | trim }}
  {{- $own := include (printf "%s.volumeMounts" $root.Chart.Name) $root | trim }}
  {{- if or $values.writableDirs $tokens $own }}
  volumeMounts:
    {{- range $values.writableDirs }}
    - name: {{ .name }}
      mountPath: {{ .mountPath }}
    {{- end }}
    {{- with $tokens }}
    {{- . | nindent 4 }}
    {{- end }}
    {{- with $own }}
    {{- . | nindent 4 }}
    {{- end }}
  {{- end }}
{{- end }}

{{/* The pod's own settings, the same for a Knative Service and a Deployment: service account, its API token, pull
secrets, the emptyDir volumes of writableDirs (the root filesystem is read-only), the read-only token volumes of
sender identity (_identity.tpl) and the chart's own volumes (template "<chart>.volumes", mounted by
"<chart>.volumeMounts"; both empty in a chart without any). */}}
{{- define "concert-sale-lib.podSpec" -}}
{{- with include "concert-sale-lib.serviceAccountName" . }}
serviceAccountName: {{ . }}
{{- end }}
{{- /* Knative admits the field only as false: a pod that needs its token leaves it out (Kubernetes' default) */}}
{{- if not .Values.serviceAccount.automountToken }}
automountServiceAccountToken: false
{{- end }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- $tokens := include "concert-sale-lib.identityVolumes" . | trim }}
{{- $own := include (printf "%s.volumes" .Chart.Name) . | trim }}
{{- if or .Values.writableDirs $tokens $own }}
volumes:
  {{- range .Values.writableDirs }}
  - name: {{ .name }}
    emptyDir:
      {{- if .sizeLimit }}
      sizeLimit: {{ .sizeLimit }}
      {{- else }} {}
      {{- end }}
  {{- end }}
  {{- with $tokens }}
  {{- . | nindent 2 }}
  {{- end }}
  {{- with $own }}
  {{- . | nindent 2 }}
  {{- end }}
{{- end }}
{{- end }}

{{/* A Knative Service: scales on concurrency between min-scale and max-scale. */}}
{{- define "concert-sale-lib.knativeService" -}}
{{- $scaling := .Values.autoscaling -}}
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: {{ include "concert-sale-lib.name" . }}
  labels:
    {{- include "concert-sale-lib.labels" . | nindent 4 }}
    {{- with .Values.knative.visibility }}
    networking.knative.dev/visibility: {{ . }}
    {{- end }}
spec:
  template:
    metadata:
      labels:
        {{- include "concert-sale-lib.labels" . | nindent 8 }}
      annotations:
        autoscaling.knative.dev/min-scale: {{ $scaling.minScale | quote }}
        autoscaling.knative.dev/max-scale: {{ $scaling.maxScale | quote }}
        autoscaling.knative.dev/metric: concurrency
        autoscaling.knative.dev/target: {{ $scaling.targetConcurrency | quote }}
        {{- with .Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- include "concert-sale-lib.podSpec" . | nindent 6 }}
      {{- with .Values.knative.timeoutSeconds }}
      timeoutSeconds: {{ . }}
      {{- end }}
      containers:
        {{- include "concert-sale-lib.container" (dict "root" . "port" "http1") | nindent 8 }}
{{- end }}

{{/* The plain alternative: a Deployment with a fixed number of replicas, and a Service on port 80. */}}
{{- define "concert-sale-lib.deployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "concert-sale-lib.name" . }}
  labels:
    {{- include "concert-sale-lib.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.deployment.replicas }}
  {{- with .Values.deployment.strategy }}
  strategy:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "concert-sale-lib.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "concert-sale-lib.labels" . | nindent 8 }}
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      {{- include "concert-sale-lib.podSpec" . | nindent 6 }}
      containers:
        {{- include "concert-sale-lib.container" (dict "root" . "port" "http") | nindent 8 }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "concert-sale-lib.name" . }}
  labels:
    {{- include "concert-sale-lib.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "concert-sale-lib.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
{{- end }}

{{/* The workload of values.workload: "knative" (the default) or "deployment". */}}
{{- define "concert-sale-lib.workload" -}}
{{- if eq .Values.workload "knative" -}}
{{ include "concert-sale-lib.knativeService" . }}
{{- else if eq .Values.workload "deployment" -}}
{{ include "concert-sale-lib.deployment" . }}
{{- else -}}
{{- fail (printf "workload must be knative or deployment, not %q" .Values.workload) -}}
{{- end }}
{{- end }}

{{/*
events.sink "sinkBinding": Knative's SinkBinding injects K_SINK, resolved from the Broker's address, into the
workload (its webhook must select the namespace: see the chart's README). "broker": K_SINK is set directly.
*/}}
{{- define "concert-sale-lib.sinkBinding" -}}
{{- if eq .Values.events.sink "sinkBinding" -}}
apiVersion: sources.knative.dev/v1
kind: SinkBinding
metadata:
  name: {{ include "concert-sale-lib.name" . }}
  labels:
    {{- include "concert-sale-lib.labels" . | nindent 4 }}
spec:
  subject:
    {{- if eq .Values.workload "knative" }}
    apiVersion: serving.knative.dev/v1
    kind: Service
    {{- else }}
    apiVersion: apps/v1
    kind: Deployment
    {{- end }}
    name: {{ include "concert-sale-lib.name" . }}
  sink:
    ref:
      apiVersion: eventing.knative.dev/v1
      kind: Broker
      name: {{ .Values.global.broker.name }}
{{- end }}
{{- end }}

{{/*
One Trigger per event type in .Values.triggers.types, named <service>-<type in kebab case>, filtered on the type
and delivered to the service's /events endpoint with global.delivery.
*/}}
{{- define "concert-sale-lib.triggers" -}}
{{- $root := . -}}
{{- if .Values.triggers.enabled }}
{{- range $type := .Values.triggers.types }}
---
apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata:
  name: {{ printf "%s-%s" (include "concert-sale-lib.name" $root) ($type | replace "." "" | kebabcase) }}
  labels:
    {{- include "concert-sale-lib.labels" $root | nindent 4 }}
    concertsale.io/consumer: {{ include "concert-sale-lib.name" $root }}
spec:
  broker: {{ $root.Values.global.broker.name }}
  filter:
    attributes:
      type: {{ $type }}
  subscriber:
    ref:
      {{- include "concert-sale-lib.addressableRef" $root | nindent 6 }}
    uri: /events
    {{- if $root.Values.global.identity.enabled }}
    {{- /* Knative gives the delivery an OIDC token for this audience: the one the service verifies */}}
    audience: {{ include "concert-sale-lib.audience" $root }}
    {{- end }}
  delivery:
    {{- include "concert-sale-lib.delivery" $root | nindent 4 }}
{{- end }}
{{- end }}
{{- end }}
