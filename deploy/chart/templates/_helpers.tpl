{{/* The chart's name, at most 63 characters. */}}
{{- define "mlops-portal.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's objects' name, at most 63 characters. */}}
{{- define "mlops-portal.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "mlops-portal.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "mlops-portal.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mlops-portal.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "mlops-portal.labels" -}}
helm.sh/chart: {{ include "mlops-portal.chart" . }}
{{ include "mlops-portal.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: mlops-portal
{{- end }}

{{/* The backend's pods (not the bundled PostgreSQL's). */}}
{{- define "mlops-portal.backendSelectorLabels" -}}
{{ include "mlops-portal.selectorLabels" . }}
app.kubernetes.io/component: backend
{{- end }}

{{- define "mlops-portal.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "mlops-portal.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "mlops-portal.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/* The bundled PostgreSQL's Service, or the external database host. */}}
{{- define "mlops-portal.postgresql.fullname" -}}
{{- printf "%s-postgresql" (include "mlops-portal.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "mlops-portal.database.host" -}}
{{- if .Values.postgresql.enabled }}
{{- include "mlops-portal.postgresql.fullname" . }}
{{- else }}
{{- required "database.host is required (or postgresql.enabled: true)" .Values.database.host }}
{{- end }}
{{- end }}

{{/* The environment variable that carries a cluster's token: K8S_CLUSTER_<NAME>_TOKEN. */}}
{{- define "mlops-portal.clusterTokenEnv" -}}
{{- printf "K8S_CLUSTER_%s_TOKEN" (regexReplaceAll "[^A-Z0-9]" (upper .) "_") }}
{{- end }}
