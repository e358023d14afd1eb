"""Prometheus metrics of the model server.

The names and labels are a contract with the portal, the chart's alert rules
and the Grafana dashboard: change them in all four places or not at all.
"""

from __future__ import annotations

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

# `*_created` series only add cardinality here.
disable_created_metrics()


class ServingMetrics:
    """The three series every model service exposes, on a registry of its own."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.registry = CollectorRegistry(auto_describe=True)
        self._requests = Counter(
            "model_server_requests",
            "Prediction requests, by HTTP status code.",
            ["model", "code"],
            registry=self.registry,
        )
        self._duration = Histogram(
            "model_server_request_duration_seconds",
            "Time to answer a prediction request, in seconds.",
            ["model"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._loaded = Gauge(
            "model_server_model_loaded",
            "1 once the model is loaded and serving, else 0.",
            ["model"],
            registry=self.registry,
        )
        # Export the usual series from the start so rate() has a baseline.
        for code in ("200", "400", "500"):
            self._requests.labels(model, code)
        self._loaded.labels(model).set(0)

    def observe_request(self, code: int, seconds: float) -> None:
        self._requests.labels(self.model, str(code)).inc()
        self._duration.labels(self.model).observe(seconds)

    def set_loaded(self, loaded: bool) -> None:
        self._loaded.labels(self.model).set(1 if loaded else 0)
