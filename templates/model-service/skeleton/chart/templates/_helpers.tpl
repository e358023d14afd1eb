{{/* Chart name: the service name unless overridden. */}}
{{- define "model-service.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of this release's objects: the release name, usually the service's.
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

{{/* Pod labels: the selector and the portal's id. */}}
{{- define "model-service.podLabels" -}}
{{ include "model-service.labels" . }}
{{- with .Values.podLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The Service selects by name but not by release. With blue-green, Argo
Rollouts adds the active (or preview) pods' rollouts-pod-template-hash.
*/}}
{{- define "model-service.serviceSelector" -}}
app.kubernetes.io/name: {{ include "model-service.name" . }}
{{- end }}

{{/* "true" when an Argo Rollouts Rollout runs the pods (canary, blue-green); empty for rolling. */}}
{{- define "model-service.argoRollout" -}}
{{- if ne .Values.rollout.strategy "rolling" }}true{{ end }}
{{- end }}

{{/*
"true" when an HPA scales the service: autoscaling is on and leaves room
between minReplicas and maxReplicas. minReplicas = maxReplicas is a fixed
count: no HPA (it could only sit at its maximum), no at-maximum alert.
*/}}
{{- define "model-service.hpa" -}}
{{- $a := .Values.autoscaling }}
{{- if and $a.enabled (lt (int $a.minReplicas) (int $a.maxReplicas)) }}true{{ end }}
{{- end }}

{{/* The replica count when no HPA sets it. */}}
{{- define "model-service.fixedReplicas" -}}
{{- if .Values.autoscaling.enabled }}{{ .Values.autoscaling.minReplicas }}{{ else }}{{ .Values.replicaCount }}{{ end }}
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

{{/* The server's port: vLLM's OpenAI server listens on 8000, the FastAPI server on 8080. */}}
{{- define "model-service.containerPort" -}}
{{- ternary 8000 8080 (eq .Values.model.backend "vllm") }}
{{- end }}

{{- define "model-service.livenessPath" -}}
{{- ternary "/health" "/healthz" (eq .Values.model.backend "vllm") }}
{{- end }}

{{/* vLLM answers /health once the engine is up; it has no separate readiness path. */}}
{{- define "model-service.readinessPath" -}}
{{- ternary "/health" "/readyz" (eq .Values.model.backend "vllm") }}
{{- end }}

{{/* The arguments of `vllm serve` (the image's entrypoint). */}}
{{- define "model-service.vllmArgs" -}}
{{- $v := .Values.vllm -}}
- {{ .Values.model.path | quote }}
- "--served-model-name={{ .Values.model.name }}"
- "--host=0.0.0.0"
- "--port={{ include "model-service.containerPort" . }}"
- "--tensor-parallel-size={{ int $v.tensorParallelSize }}"
- "--max-model-len={{ int $v.maxModelLen }}"
- "--gpu-memory-utilization={{ $v.gpuMemoryUtilization }}"
- "--max-num-seqs={{ int $v.maxNumSeqs }}"
{{- range $v.extraArgs }}
- {{ . | quote }}
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
{{- if and (eq .Values.rollout.strategy "blue-green") (not .Values.service.enabled) }}
{{- fail "rollout.strategy=blue-green needs service.enabled=true: the Service is the Rollout's active Service" }}
{{- end }}
{{- if eq .Values.model.backend "vllm" }}
{{- if not .Values.gpu.enabled }}
{{- fail "model.backend=vllm needs gpu.enabled=true: vLLM serves on NVIDIA GPUs only" }}
{{- end }}
{{- if ne (int .Values.vllm.tensorParallelSize) (int .Values.gpu.count) }}
{{- fail (printf "vllm.tensorParallelSize (%d) must equal gpu.count (%d): a replica splits the model over all its GPUs" (int .Values.vllm.tensorParallelSize) (int .Values.gpu.count)) }}
{{- end }}
{{- end }}
{{- end }}
