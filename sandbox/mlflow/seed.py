"""Seeds an MLflow tracking server with a registered model per example model service.

Run with the MLflow venv's python (scripts/lib/mlflow.sh installs it):

    ~/.cache/mlops-portal/venv-mlflow/bin/python sandbox/mlflow/seed.py http://127.0.0.1:15999

For every Component of type model-service in examples/ml-org/*.yaml it registers
the model named by its `mlops-portal.io/mlflow-registered-model` annotation (the
component's name when absent), with 2-3 versions, each made from a training run
with params, metrics and tags, and the aliases `champion` and `challenger`.
fraud-scorer also carries the deprecated stages (Archived, Production, Staging),
as a registry migrated from MLflow 2 does, so that readers handle both.

Idempotent: a version is identified by its `mlops.seed` tag and created only
when missing; aliases and stages are set again on every run. Prints one line
per model and a summary.
"""

import glob
import hashlib
import logging
import os
import sys
import time
import warnings

# Quiet: no "View run" links, no telemetry, no per-version INFO lines.
os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
import yaml  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import Metric, Param, RunTag  # noqa: E402

logging.getLogger("mlflow").setLevel(logging.WARNING)  # after import: mlflow sets it up there

ANNOTATION = "mlops-portal.io/mlflow-registered-model"
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DAY_MS = 24 * 3600 * 1000
# Runs start at fixed times so that a seeded registry looks the same on every machine.
EPOCH_MS = 1_793_000_000_000  # 2026-10-26

# Per service: the metrics of each version's run (oldest first) and its training params.
# The last version is the challenger, the one before it the champion.
TRAINING = {
    "fraud-scorer": {
        "framework": "scikit-learn",
        "params": {"model_type": "HistGradientBoostingClassifier", "max_iter": "{}", "learning_rate": "0.1"},
        "iters": ["200", "300", "400"],
        "metrics": [
            {"auc": 0.912, "accuracy": 0.981, "val_loss": 0.071},
            {"auc": 0.931, "accuracy": 0.984, "val_loss": 0.063},
            {"auc": 0.937, "accuracy": 0.985, "val_loss": 0.061},
        ],
        "stages": ["Archived", "Production", "Staging"],
    },
    "fraud-graph-embedder": {
        "framework": "pytorch",
        "params": {"model_type": "GraphSAGE", "epochs": "{}", "embedding_dim": "128"},
        "iters": ["20", "40"],
        "metrics": [
            {"auc": 0.874, "val_loss": 0.412},
            {"auc": 0.889, "val_loss": 0.377},
        ],
    },
    "reco-candidate-retrieval": {
        "framework": "pytorch",
        "params": {"model_type": "two-tower", "epochs": "{}", "embedding_dim": "256"},
        "iters": ["10", "15", "25"],
        "metrics": [
            {"recall_at_100": 0.412, "val_loss": 1.92},
            {"recall_at_100": 0.447, "val_loss": 1.81},
            {"recall_at_100": 0.452, "val_loss": 1.79},
        ],
    },
    "reco-ranker": {
        "framework": "xgboost",
        "params": {"model_type": "XGBRanker", "n_estimators": "{}", "max_depth": "8"},
        "iters": ["500", "800"],
        "metrics": [
            {"ndcg_at_10": 0.611, "auc": 0.802, "val_loss": 0.488},
            {"ndcg_at_10": 0.624, "auc": 0.809, "val_loss": 0.476},
        ],
    },
    "support-llm": {
        "framework": "vllm",
        "params": {"base_model": "llama-3.1-8b-instruct", "lora_rank": "16", "epochs": "{}"},
        "iters": ["2", "3", "3"],
        "metrics": [
            {"val_loss": 1.214, "rougeL": 0.381, "toxicity_rate": 0.004},
            {"val_loss": 1.162, "rougeL": 0.402, "toxicity_rate": 0.003},
            {"val_loss": 1.149, "rougeL": 0.409, "toxicity_rate": 0.003},
        ],
    },
    "doc-classifier": {
        "framework": "pytorch",
        "params": {"model_type": "distilbert-base-uncased", "epochs": "{}"},
        "iters": ["3", "4"],
        "metrics": [
            {"accuracy": 0.912, "f1_macro": 0.884, "val_loss": 0.297},
            {"accuracy": 0.921, "f1_macro": 0.893, "val_loss": 0.281},
        ],
    },
    "image-moderation": {
        "framework": "pytorch",
        "params": {"model_type": "vit-b16", "epochs": "{}"},
        "iters": ["8", "12", "12"],
        "metrics": [
            {"auc": 0.962, "accuracy": 0.941, "val_loss": 0.182},
            {"auc": 0.971, "accuracy": 0.953, "val_loss": 0.158},
            {"auc": 0.969, "accuracy": 0.955, "val_loss": 0.161},
        ],
    },
}
DEFAULT_TRAINING = {
    "framework": "unknown",
    "params": {"epochs": "{}"},
    "iters": ["5", "10"],
    "metrics": [{"accuracy": 0.90, "val_loss": 0.30}, {"accuracy": 0.92, "val_loss": 0.27}],
}


def model_services():
    """(component name, registered model name) for every model-service in the examples."""
    found = {}
    for path in sorted(glob.glob(os.path.join(REPO_ROOT, "examples", "ml-org", "*.yaml"))):
        with open(path) as f:
            for doc in yaml.safe_load_all(f):
                if not doc or doc.get("kind") != "Component":
                    continue
                if (doc.get("spec") or {}).get("type") != "model-service":
                    continue
                meta = doc["metadata"]
                found[meta["name"]] = (meta.get("annotations") or {}).get(ANNOTATION, meta["name"])
    return sorted(found.items())


def experiment_id(client, name):
    experiment = client.get_experiment_by_name(name)
    if experiment:
        return experiment.experiment_id
    return client.create_experiment(name, tags={"mlops.service": name})


def seeded_versions(client, model):
    """seed key -> ModelVersion of what an earlier run created."""
    versions = client.search_model_versions(f"name='{model}'")
    return {v.tags["mlops.seed"]: v for v in versions if "mlops.seed" in v.tags}


def seed_model(client, service, model):
    spec = TRAINING.get(service, DEFAULT_TRAINING)
    if not client.search_registered_models(f"name='{model}'"):
        client.create_registered_model(
            model,
            tags={"mlops.service": service, "framework": spec["framework"]},
            description=f"The model served by {service}.",
        )
    existing = seeded_versions(client, model)
    exp = experiment_id(client, f"{service}-training")
    versions = []
    for i, metrics in enumerate(spec["metrics"]):
        key = f"{service}-v{i + 1}"
        if key in existing:
            versions.append(existing[key])
            continue
        start = EPOCH_MS + (i * 7 + len(service)) * DAY_MS
        run = client.create_run(
            exp,
            start_time=start,
            tags={"mlflow.runName": f"train-{service}-{i + 1}", "mlops.service": service,
                  "git_sha": hashlib.sha1(key.encode()).hexdigest()[:7], "trigger": "scheduled-retrain"},
        )
        params = {k: v.format(spec["iters"][i]) for k, v in spec["params"].items()}
        client.log_batch(
            run.info.run_id,
            metrics=[Metric(k, v, start + 3_600_000, 0) for k, v in metrics.items()],
            params=[Param(k, v) for k, v in params.items()],
            tags=[RunTag("framework", spec["framework"])],
        )
        client.set_terminated(run.info.run_id, "FINISHED", end_time=start + 3_900_000)
        version = client.create_model_version(
            model,
            source=f"runs:/{run.info.run_id}/model",
            run_id=run.info.run_id,
            tags={"mlops.seed": key, "framework": spec["framework"]},
            description=f"Retrained on {time.strftime('%Y-%m-%d', time.gmtime(start / 1000))} data.",
        )
        versions.append(version)
    versions.sort(key=lambda v: int(v.version))
    client.set_registered_model_alias(model, "champion", versions[-2].version)
    client.set_registered_model_alias(model, "challenger", versions[-1].version)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # stages are deprecated in MLflow 3
        for version, stage in zip(versions, spec.get("stages", [])):
            if client.get_model_version(model, version.version).current_stage != stage:
                client.transition_model_version_stage(model, version.version, stage)
    created = len(versions) - len(existing)
    print(f"  {model}: versions {', '.join(v.version for v in versions)} "
          f"(champion {versions[-2].version}, challenger {versions[-1].version}; {created} new)")
    return created


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: seed.py TRACKING_URL")
    client = MlflowClient(tracking_uri=sys.argv[1], registry_uri=sys.argv[1])
    started = time.monotonic()
    services = model_services()
    if not services:
        sys.exit("no model-service components found in examples/ml-org/*.yaml")
    created = sum(seed_model(client, service, model) for service, model in services)
    print(f"seeded {len(services)} registered models, {created} new versions "
          f"in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
