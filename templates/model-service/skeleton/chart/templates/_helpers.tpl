{{/* Chart name: the service name unless overridden. */}}
{{- define "model-service.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of this release's objects. The main release is usually named after
the service; a canary or blue-green release is "<name>-canary" / "<name>-green".
*/}}
{{- define "model-service.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := include "model-service.name" . }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "model-service.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The Backstage component: the portal finds every object by this label. */}}
{{- define "model-service.kubernetesId" -}}
{{- default (include "model-service.name" .) .Values.portal.componentName }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "model-service.labels" -}}
helm.sh/chart: {{ include "model-service.chart" . }}
{{ include "model-service.selectorLabels" . }}
app.kubernetes.io/version: {{ (default .Chart.AppVersion .Values.image.tag) | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: model-server
app.kubernetes.io/part-of: {{ include "model-service.kubernetesId" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
backstage.io/kubernetes-id: {{ include "model-service.kubernetesId" . }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selects this release's pods only (Deployment, PDB, NetworkPolicy). */}}
{{- define "model-service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "model-service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Pod labels: the selector, the rollout track and the portal's id. */}}
{{- define "model-service.podLabels" -}}
{{ include "model-service.labels" . }}
model-service/track: {{ .Values.rollout.track }}
{{- with .Values.podLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The Service selects by name (and, for blue-green, by track) but not by
release, so a canary release's pods take their share of the traffic.
*/}}
{{- define "model-service.serviceSelector" -}}
app.kubernetes.io/name: {{ include "model-service.name" . }}
{{- with .Values.service.activeTrack }}
model-service/track: {{ . }}
{{- end }}
{{- end }}

{{- define "model-service.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "model-service.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "model-service.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Alert and dashboard scoping: the Deployments and pods of every release of
this service in the namespace (main, -canary, -blue, -green).
*/}}
{{- define "model-service.workloadRegex" -}}
{{- printf "%s(-canary|-blue|-green)?" (include "model-service.name" .) }}
{{- end }}

{{- define "model-service.podRegex" -}}
{{- printf "%s(-canary|-blue|-green)?-[a-z0-9]+-[a-z0-9]+" (include "model-service.name" .) }}
{{- end }}

{{/*
Checks JSON schema cannot express (values.schema.json covers the rest).
Included by the Deployment, so every render runs them.
*/}}
{{- define "model-service.validateValues" -}}
{{- $a := .Values.autoscaling }}
{{- if and $a.enabled (gt (int $a.minReplicas) (int $a.maxReplicas)) }}
{{- fail (printf "autoscaling.minReplicas (%d) must not be greater than autoscaling.maxReplicas (%d)" (int $a.minReplicas) (int $a.maxReplicas)) }}
{{- end }}
{{- if and $a.enabled (not (or $a.targetCPUUtilizationPercentage $a.targetRequestsPerSecond)) }}
{{- fail "autoscaling needs targetCPUUtilizationPercentage or targetRequestsPerSecond (or set autoscaling.enabled=false)" }}
{{- end }}
{{- $tracks := dict "rolling" (list "stable") "canary" (list "stable" "canary") "blue-green" (list "blue" "green") }}
{{- $allowed := get $tracks .Values.rollout.strategy }}
{{- if not (has .Values.rollout.track $allowed) }}
{{- fail (printf "rollout.track %q is not a track of the %s strategy (use one of %s)" .Values.rollout.track .Values.rollout.strategy (join ", " $allowed)) }}
{{- end }}
{{- if and .Values.service.activeTrack (ne .Values.rollout.strategy "blue-green") }}
{{- fail "service.activeTrack is only for rollout.strategy=blue-green" }}
{{- end }}
{{- if and (eq .Values.rollout.strategy "blue-green") .Values.service.enabled (not .Values.service.activeTrack) }}
{{- fail "rollout.strategy=blue-green needs service.activeTrack (blue or green)" }}
{{- end }}
{{- end }}
