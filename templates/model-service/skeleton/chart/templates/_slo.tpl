{{/*
The service's SLO expressions, in one place: the alert rules
(files/alerts.yaml) and the rollout analysis (templates/analysistemplate.yaml)
include them, so a canary is judged by exactly what pages for the service.
Each takes a dict: "root" (the chart's context), "window" (a PromQL range)
and optionally "selector" (more label matchers, e.g. the new pods' hash).
A FastAPI server counts requests in model_server_requests_total and times
them in model_server_request_duration_seconds; a vLLM server counts its /v1
API in http_requests_total and times it in vllm:e2e_request_latency_seconds.
*/}}

{{/* namespace and Service of this release, plus the caller's selector. */}}
{{- define "model-service.slo.scope" -}}
{{- $scope := printf `namespace="%s", service="%s"` .root.Release.Namespace (include "model-service.fullname" .root) }}
{{- with .selector }}{{ $scope = printf "%s, %s" $scope . }}{{ end }}
{{- $scope }}
{{- end }}

{{- define "model-service.slo.requests" -}}
{{- $scope := include "model-service.slo.scope" . }}
{{- if eq .root.Values.model.backend "vllm" }}
{{- printf `http_requests_total{%s, handler=~"/v1/.*"}` $scope }}
{{- else }}
{{- printf `model_server_requests_total{%s}` $scope }}
{{- end }}
{{- end }}

{{- define "model-service.slo.errors" -}}
{{- $scope := include "model-service.slo.scope" . }}
{{- if eq .root.Values.model.backend "vllm" }}
{{- printf `http_requests_total{%s, handler=~"/v1/.*", status="5xx"}` $scope }}
{{- else }}
{{- printf `model_server_requests_total{%s, code=~"5.."}` $scope }}
{{- end }}
{{- end }}

{{/* The share of requests answered with 5xx. */}}
{{- define "model-service.slo.errorRatio" -}}
sum by (namespace, service) (rate({{ include "model-service.slo.errors" . }}[{{ .window }}]))
  / sum by (namespace, service) (rate({{ include "model-service.slo.requests" . }}[{{ .window }}]))
{{- end }}

{{/* The error ratio the availability objective allows: (1 - 99.9 / 100). */}}
{{- define "model-service.slo.errorBudget" -}}
{{- printf "(1 - %s / 100)" .Values.slo.availability }}
{{- end }}

{{/* p95 of request latency, in seconds. */}}
{{- define "model-service.slo.latencyP95" -}}
{{- $scope := include "model-service.slo.scope" . -}}
{{- $buckets := printf `model_server_request_duration_seconds_bucket{%s}` $scope -}}
{{- if eq .root.Values.model.backend "vllm" }}
{{- $buckets = printf `vllm:e2e_request_latency_seconds_bucket{%s}` $scope }}
{{- end -}}
histogram_quantile(0.95,
  sum by (namespace, service, le) (rate({{ $buckets }}[{{ .window }}]))
)
{{- end }}

{{/* The latency objective in seconds: (300 / 1000). */}}
{{- define "model-service.slo.latencyObjective" -}}
{{- printf "(%v / 1000)" .Values.slo.latencyP95Ms }}
{{- end }}

{{/*
vLLM: the share of requests whose first token came later than the TTFT
objective, and of output tokens later than the TPOT objective (the
objectives are bucket bounds, so the shares are exact; the budget is 5 %).
*/}}
{{- define "model-service.slo.tokenBudget" -}}
0.05
{{- end }}

{{- define "model-service.slo.ttftSlowShare" -}}
{{- include "model-service.slowShare" (dict "metrics" (list "vllm:time_to_first_token_seconds") "scope" (include "model-service.slo.scope" .) "le" (include "model-service.leRegex" .root.Values.slo.ttftP95Ms) "window" .window) }}
{{- end }}

{{- define "model-service.slo.tpotSlowShare" -}}
{{- include "model-service.slowShare" (dict "metrics" (list "vllm:inter_token_latency_seconds" "vllm:time_per_output_token_seconds") "scope" (include "model-service.slo.scope" .) "le" (include "model-service.leRegex" .root.Values.slo.tpotP95Ms) "window" .window) }}
{{- end }}

{{/*
A regex matching a histogram's `le` label for a bound given in milliseconds,
in both spellings: Python's client writes "1.0" and "0.5", Prometheus 3
normalises to "1" and "0.5".
*/}}
{{- define "model-service.leRegex" -}}
{{- $seconds := divf . 1000 | toString }}
{{- if contains "." $seconds }}
{{- $seconds | replace "." `\\.` }}
{{- else }}
{{- printf `%s(\\.0)?` $seconds }}
{{- end }}
{{- end }}

{{/*
The share of requests (or tokens) slower than an objective over a window:
1 - rate(bucket{le=bound}) / rate(count), by namespace and service. Pass
"metrics" (histogram names, newest first), "scope" (label matchers), "le"
(model-service.leRegex) and "window". After rate() the names are gone, so
`or` counts a pod that exports two name generations of a histogram once.
*/}}
{{- define "model-service.slowShare" -}}
{{- $buckets := list }}
{{- $counts := list }}
{{- range .metrics }}
{{- $buckets = append $buckets (printf `rate(%s_bucket{%s, le=~"%s"}[%s])` . $.scope $.le $.window) }}
{{- $counts = append $counts (printf `rate(%s_count{%s}[%s])` . $.scope $.window) }}
{{- end -}}
1 - (
  sum by (namespace, service) ({{ join " or " $buckets }})
    / sum by (namespace, service) ({{ join " or " $counts }})
)
{{- end }}
