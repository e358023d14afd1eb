"""The HTTP API of the model server.

Run with: uvicorn --factory app.main:create_app --host 0.0.0.0 --port 8080
"""

from __future__ import annotations

import json
import logging
import threading
import time
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from .backends import InvalidInput, ModelBackend, make_backend
from .metrics import ServingMetrics
from .settings import Settings

log = logging.getLogger("model_server")

MAX_BODY_BYTES = 8 * 1024 * 1024


class ModelState:
    """Whether the model is loaded, and why not if loading failed."""

    def __init__(self) -> None:
        self.loaded = threading.Event()
        self.error: str | None = None


def create_app(settings: Settings | None = None, backend: ModelBackend | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    backend = backend or make_backend(settings)
    metrics = ServingMetrics(settings.model_name)
    state = ModelState()

    def load_model() -> None:
        started = time.perf_counter()
        try:
            backend.load()
        except Exception as exc:  # the reason goes to /healthz and the log
            state.error = f"{type(exc).__name__}: {exc}"
            log.exception("loading model %s from %s failed", settings.model_name, settings.model_path)
            return
        metrics.set_loaded(True)
        state.loaded.set()
        log.info("model %s loaded in %.1f s", settings.model_name, time.perf_counter() - started)

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        # Load off the event loop so /healthz answers while a large model loads.
        threading.Thread(target=load_model, name="model-loader", daemon=True).start()
        yield
        metrics.set_loaded(False)

    app = FastAPI(title=f"{settings.model_name} model server", lifespan=lifespan)

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        # A failed load is fatal: the liveness probe restarts the container.
        if state.error:
            return JSONResponse({"status": "failed", "error": state.error}, status_code=500)
        return JSONResponse({"status": "ok"})

    @app.get("/readyz")
    def readyz() -> JSONResponse:
        if state.loaded.is_set():
            return JSONResponse({"status": "ready", "model": settings.model_name})
        return JSONResponse({"status": "loading", "model": settings.model_name}, status_code=503)

    @app.get("/metrics")
    def prometheus_metrics() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    async def answer(model_name: str, request: Request) -> tuple[int, dict]:
        if model_name != settings.model_name:
            return 404, {"error": f"model {model_name!r} not found; this server serves {settings.model_name!r}"}
        if not state.loaded.is_set():
            return 503, {"error": "the model is not loaded yet"}
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return 413, {"error": f"the request body is larger than {MAX_BODY_BYTES} bytes"}
        try:
            payload = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return 400, {"error": f"the request body is not valid JSON: {exc}"}
        if not isinstance(payload, dict) or "instances" not in payload:
            return 400, {"error": 'the request body must be a JSON object with an "instances" list'}
        try:
            instances = backend.validate(payload["instances"])
        except InvalidInput as exc:
            return 400, {"error": str(exc)}
        try:
            predictions = await run_in_threadpool(backend.predict, instances)
        except Exception:
            log.exception("prediction failed")
            return 500, {"error": "prediction failed; see the server log"}
        return 200, {"predictions": predictions}

    @app.post("/v1/models/{model_name}:predict")
    async def predict(model_name: str, request: Request) -> JSONResponse:
        started = time.perf_counter()
        code, body = await answer(model_name, request)
        metrics.observe_request(code, time.perf_counter() - started)
        return JSONResponse(body, status_code=code)

    return app
