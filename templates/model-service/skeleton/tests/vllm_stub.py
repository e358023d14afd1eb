"""A stand-in for vLLM's OpenAI-compatible server, for tests only.

vLLM needs a GPU and model weights, so CI cannot run it. This stub answers
with vLLM's API shape (/health, /v1/models, /v1/chat/completions,
/v1/completions, errors as {"error": {...}}) and exports vLLM's own metric
names, labels and histogram buckets on /metrics, so the tests can check the
contract the chart's alerts, its dashboard and the portal rely on. It
generates no language: the "completion" repeats words of the prompt.

    python -m tests.vllm_stub --port 8000 --served-model-name my-model

Its figures follow vLLM v0.11: both names of the per-token histogram
(vllm:inter_token_latency_seconds and the deprecated
vllm:time_per_output_token_seconds), vllm:kv_cache_usage_perc, and
http_requests_total by handler, method and status class.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

# vLLM's histogram buckets (vllm/v1/metrics/loggers.py).
TTFT_BUCKETS = (
    0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75,
    1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0,
)
TPOT_BUCKETS = (
    0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5,
    0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0,
)
E2E_BUCKETS = (
    0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0,
    30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0,
)

# vLLM's API server counts every route but these (prometheus-fastapi-instrumentator).
UNCOUNTED = {"/metrics", "/health", "/ping", "/version"}
# The stub's pretend timings, in seconds.
FIRST_TOKEN_SECONDS = 0.08
TOKEN_GAP_SECONDS = 0.02


class VllmMetrics:
    """vLLM's series for one engine, on a registry of their own."""

    def __init__(self, served_model_name: str) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        labels = ["model_name", "engine"]
        own = {"model_name": served_model_name, "engine": "0"}

        def histogram(name: str, doc: str, buckets: tuple[float, ...]):
            return Histogram(name, doc, labels, buckets=buckets, registry=self.registry).labels(**own)

        def counter(name: str, doc: str):
            return Counter(name, doc, labels, registry=self.registry).labels(**own)

        def gauge(name: str, doc: str):
            return Gauge(name, doc, labels, registry=self.registry).labels(**own)

        self.ttft = histogram(
            "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", TTFT_BUCKETS
        )
        self.itl = histogram(
            "vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.", TPOT_BUCKETS
        )
        # Deprecated in v0.11 for the one above, and still exported by it.
        self.tpot = histogram(
            "vllm:time_per_output_token_seconds", "Histogram of time per output token in seconds.", TPOT_BUCKETS
        )
        self.e2e = histogram(
            "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", E2E_BUCKETS
        )
        self.prompt_tokens = counter("vllm:prompt_tokens", "Number of prefill tokens processed.")
        self.generation_tokens = counter("vllm:generation_tokens", "Number of generation tokens processed.")
        self.preemptions = counter("vllm:num_preemptions", "Cumulative number of preemption from the engine.")
        self.running = gauge("vllm:num_requests_running", "Number of requests in model execution batches.")
        self.waiting = gauge("vllm:num_requests_waiting", "Number of requests waiting to be processed.")
        self.kv_cache = gauge("vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.")
        self.http = Counter(
            "http_requests",
            "Total number of requests by method, status and handler.",
            ["handler", "method", "status"],
            registry=self.registry,
        )

    def observe_generation(self, prompt_tokens: int, output_tokens: int) -> None:
        self.prompt_tokens.inc(prompt_tokens)
        self.generation_tokens.inc(output_tokens)
        self.ttft.observe(FIRST_TOKEN_SECONDS)
        for _ in range(max(output_tokens - 1, 0)):
            self.itl.observe(TOKEN_GAP_SECONDS)
            self.tpot.observe(TOKEN_GAP_SECONDS)
        self.e2e.observe(FIRST_TOKEN_SECONDS + TOKEN_GAP_SECONDS * max(output_tokens - 1, 0))


class ApiError(Exception):
    def __init__(self, status: HTTPStatus, message: str, kind: str) -> None:
        super().__init__(message)
        self.status, self.kind = status, kind

    def body(self) -> dict:
        return {"error": {"message": str(self), "type": self.kind, "param": None, "code": self.status.value}}


class StubEngine:
    """What the stub answers: one served model, a context window, token counts by words."""

    def __init__(self, served_model_name: str, model: str, max_model_len: int) -> None:
        self.served_model_name, self.model, self.max_model_len = served_model_name, model, max_model_len
        self.metrics = VllmMetrics(served_model_name)
        self.created = int(time.time())

    def models(self) -> dict:
        card = {
            "id": self.served_model_name,
            "object": "model",
            "created": self.created,
            "owned_by": "vllm",
            "root": self.model,
            "parent": None,
            "max_model_len": self.max_model_len,
        }
        return {"object": "list", "data": [card]}

    def generate(self, body: Any, prompt_of) -> tuple[list[str], int, list[str], str]:
        """Checks a request as vLLM does; returns (prompt words, max tokens, output words, finish reason)."""
        if not isinstance(body, dict):
            raise ApiError(HTTPStatus.BAD_REQUEST, "the request body must be a JSON object", "BadRequestError")
        if body.get("model") != self.served_model_name:
            raise ApiError(HTTPStatus.NOT_FOUND, f"The model `{body.get('model')}` does not exist.", "NotFoundError")
        words = prompt_of(body).split()
        max_tokens = body.get("max_tokens", 16)
        if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1:
            raise ApiError(HTTPStatus.BAD_REQUEST, "max_tokens must be at least 1", "BadRequestError")
        if len(words) + max_tokens > self.max_model_len:
            raise ApiError(
                HTTPStatus.BAD_REQUEST,
                f"This model's maximum context length is {self.max_model_len} tokens. However, you requested "
                f"{len(words) + max_tokens} tokens ({len(words)} in the messages, {max_tokens} in the completion).",
                "BadRequestError",
            )
        output = (words * max_tokens)[:max_tokens] or ["..."]
        finish = "length" if len(output) == max_tokens else "stop"
        self.metrics.observe_generation(len(words), len(output))
        return words, max_tokens, output, finish


def chat_prompt(body: dict) -> str:
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ApiError(HTTPStatus.BAD_REQUEST, "messages must be a non-empty list", "BadRequestError")
    if not all(isinstance(m, dict) and isinstance(m.get("content"), str) for m in messages):
        raise ApiError(HTTPStatus.BAD_REQUEST, "every message needs a role and a string content", "BadRequestError")
    return " ".join(m["content"] for m in messages)


def completion_prompt(body: dict) -> str:
    prompt = body.get("prompt")
    if not isinstance(prompt, str) or not prompt:
        raise ApiError(HTTPStatus.BAD_REQUEST, "prompt must be a non-empty string", "BadRequestError")
    return prompt


def usage(prompt: list[str], output: list[str]) -> dict:
    return {
        "prompt_tokens": len(prompt),
        "completion_tokens": len(output),
        "total_tokens": len(prompt) + len(output),
        "prompt_tokens_details": None,
    }


class Handler(BaseHTTPRequestHandler):
    engine: StubEngine
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # quiet under pytest
        pass

    def do_GET(self) -> None:
        if self.path == "/health":
            self.answer(HTTPStatus.OK, b"", "application/json")
        elif self.path == "/metrics":
            self.answer(HTTPStatus.OK, generate_latest(self.engine.metrics.registry), CONTENT_TYPE_LATEST)
        elif self.path == "/v1/models":
            self.answer_json(HTTPStatus.OK, self.engine.models())
        else:
            self.answer_json(HTTPStatus.NOT_FOUND, {"detail": "Not Found"})

    def do_POST(self) -> None:
        routes = {"/v1/chat/completions": self.chat_completions, "/v1/completions": self.completions}
        route = routes.get(self.path)
        if route is None:
            self.answer_json(HTTPStatus.NOT_FOUND, {"detail": "Not Found"})
            return
        try:
            length = int(self.headers.get("content-length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"null")
            except json.JSONDecodeError as exc:
                message = f"the request body is not JSON: {exc}"
                raise ApiError(HTTPStatus.BAD_REQUEST, message, "BadRequestError") from exc
            route(body)
        except ApiError as error:
            self.answer_json(error.status, error.body())

    def chat_completions(self, body: Any) -> None:
        prompt, _, output, finish = self.engine.generate(body, chat_prompt)
        created, rid = int(time.time()), f"chatcmpl-{uuid.uuid4().hex}"
        head = {"id": rid, "created": created, "model": body["model"]}
        if body.get("stream"):
            deltas = [{"role": "assistant", "content": ""}, *({"content": f" {w}"} for w in output)]
            last = len(deltas) - 1
            self.answer_stream(
                {
                    **head,
                    "object": "chat.completion.chunk",
                    "choices": [
                        {"index": 0, "delta": d, "logprobs": None, "finish_reason": finish if i == last else None}
                    ],
                }
                for i, d in enumerate(deltas)
            )
            return
        message = {"role": "assistant", "content": " ".join(output), "tool_calls": []}
        choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": finish, "stop_reason": None}
        self.answer_json(
            HTTPStatus.OK,
            {**head, "object": "chat.completion", "choices": [choice], "usage": usage(prompt, output)},
        )

    def completions(self, body: Any) -> None:
        prompt, _, output, finish = self.engine.generate(body, completion_prompt)
        choice = {"index": 0, "text": " " + " ".join(output), "logprobs": None, "finish_reason": finish}
        self.answer_json(
            HTTPStatus.OK,
            {
                "id": f"cmpl-{uuid.uuid4().hex}",
                "object": "text_completion",
                "created": int(time.time()),
                "model": body["model"],
                "choices": [{**choice, "stop_reason": None}],
                "usage": usage(prompt, output),
            },
        )

    def answer_json(self, status: HTTPStatus, body: dict) -> None:
        self.answer(status, json.dumps(body).encode(), "application/json")

    def answer_stream(self, events: Iterable[dict]) -> None:
        data = b"".join(f"data: {json.dumps(e)}\n\n".encode() for e in events) + b"data: [DONE]\n\n"
        self.answer(HTTPStatus.OK, data, "text/event-stream")

    def answer(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        if self.path not in UNCOUNTED:
            self.engine.metrics.http.labels(self.path, self.command, f"{status.value // 100}xx").inc()
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class StubServer:
    """The stub on 127.0.0.1, in a thread: `with StubServer(...) as url:`."""

    def __init__(
        self, served_model_name: str, model: str = "stub/model", max_model_len: int = 8192, port: int = 0
    ) -> None:
        handler = type("StubHandler", (Handler,), {"engine": StubEngine(served_model_name, model, max_model_len)})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="vllm-stub", daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--served-model-name", required=True)
    parser.add_argument("--model", default="stub/model")
    parser.add_argument("--max-model-len", type=int, default=8192)
    args = parser.parse_args()
    with StubServer(args.served_model_name, args.model, args.max_model_len, args.port) as url:
        print(f"vLLM stub for {args.served_model_name!r} on {url} (Ctrl-C stops it)", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
