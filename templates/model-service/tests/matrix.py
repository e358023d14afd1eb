#!/usr/bin/env python3
"""The template's parameter matrix: every combination the form allows of the
parameters that change which files are generated and what they hold.

  matrix.py write BASE.json OUT_DIR   one parameter file per combination
  matrix.py covers PARAMS.json...     do these sets use every value of every
                                      dimension at least once?

Every combination shares BASE's service (name, namespace, owner,
objectives), so files a parameter does not touch come out byte-identical
and validate-output.sh --reuse checks them once.
"""
import itertools
import json
import pathlib
import sys

FRAMEWORKS = ["scikit-learn", "pytorch", "onnxruntime", "vllm"]
# CPU, or an NVIDIA GPU of each type the form offers.
COMPUTE = ["cpu", "NVIDIA-A100-SXM4-80GB", "NVIDIA-L4", "NVIDIA-H100-80GB-HBM3"]
CI_PROVIDERS = {"github-actions": "github.com", "gitlab-ci": "gitlab.com"}
STRATEGIES = ["rolling", "canary", "blue-green"]
ARGOCD = [False, True]
LLM = {"llmModel": "Qwen/Qwen2.5-7B-Instruct", "ttftP95Ms": 500, "tpotP95Ms": 50}


def dimensions(params):
    """The matrix values a parameter set takes."""
    return {
        "framework": params["framework"],
        "compute": params.get("gpuType") if params["compute"] == "gpu" else "cpu",
        "ciProvider": params["ciProvider"],
        "rolloutStrategy": params["rolloutStrategy"],
        "argocd": params.get("argocd", False),
    }


def combinations(base):
    for framework, compute, ci, strategy, argocd in itertools.product(
        FRAMEWORKS, COMPUTE, CI_PROVIDERS, STRATEGIES, ARGOCD
    ):
        if framework == "vllm" and compute == "cpu":
            continue  # vLLM serves on NVIDIA GPUs only; the form refuses it
        params = {k: v for k, v in base.items() if k not in ("gpuType", "gpuCount", *LLM)}
        params.update(framework=framework, compute="cpu" if compute == "cpu" else "gpu",
                      ciProvider=ci, rolloutStrategy=strategy, argocd=argocd,
                      repoUrl=f"{CI_PROVIDERS[ci]}?owner=example-ml&repo={base['name']}")
        if compute != "cpu":
            params.update(gpuType=compute, gpuCount=1)
        if framework == "vllm":
            params.update(LLM)
        gpu = compute.split("-")[1].lower() if compute != "cpu" else "cpu"
        name = f"{framework}-{gpu}-{ci.split('-')[0]}-{strategy}{'-argocd' if argocd else ''}"
        yield name, params


def write(base_file, out_dir):
    base = json.loads(pathlib.Path(base_file).read_text())
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, params in combinations(base):
        (out / f"{name}.json").write_text(json.dumps(params, indent=2) + "\n")
        count += 1
    print(count)


def covers(files):
    seen = {}
    for file in files:
        for key, value in dimensions(json.loads(pathlib.Path(file).read_text())).items():
            seen.setdefault(key, set()).add(value)
    wanted = {"framework": FRAMEWORKS, "compute": COMPUTE, "ciProvider": list(CI_PROVIDERS),
              "rolloutStrategy": STRATEGIES, "argocd": ARGOCD}
    missing = [f"{key}={value}" for key, values in wanted.items() for value in values
               if value not in seen.get(key, set())]
    if missing:
        print(f"the full checks' parameter sets never use: {', '.join(missing)}")
        return 1
    print(f"{len(files)} parameter sets use every value of {', '.join(wanted)}")
    return 0


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "write" and len(args) == 2:
        write(*args)
    elif command == "covers" and args:
        sys.exit(covers(args))
    else:
        sys.exit(__doc__)
