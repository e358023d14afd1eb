# shellcheck shell=bash
# Kueue's checks for sandbox-test.sh (sourced; uses its kc and json).

kueue_on_loopback() { # Kueue's manager listens on 127.0.0.1 only: health, metrics, webhook, visibility
  local sockets
  sockets="$(own_listeners kueue-controlle)"
  [[ "$(grep -c . <<<"$sockets")" -eq 4 ]] || { echo "expected 4 listening sockets, got: $sockets"; return 1; }
  ! grep -v ' 127\.0\.0\.1:' <<<"$sockets"
}

# The running training runs hold admitted Workloads; nlp-llm's sweeps (the
# whole A100 pool each) wait with Kueue's reason, their Jobs still suspended.
kueue_admits_and_queues() {
  kc sandbox-east get workloads.v1beta2.kueue.x-k8s.io,jobs -A -o json | json '
wls = [i for i in d["items"] if i["kind"] == "Workload"]
jobs = {(i["metadata"]["namespace"], i["metadata"]["name"]): i for i in d["items"] if i["kind"] == "Job"}
def job_of(w):
    ref = next(r for r in w["metadata"]["ownerReferences"] if r["kind"] == "Job")
    return jobs[(w["metadata"]["namespace"], ref["name"])]
def cond(w, t):
    return next((c for c in w.get("status", {}).get("conditions", []) if c["type"] == t), {})
admitted = [w for w in wls if cond(w, "Admitted").get("status") == "True" and not job_of(w)["spec"].get("suspend")]
assert any(job_of(w)["metadata"]["name"] == "fraud-model-training-run-2" for w in admitted), "run-2 not admitted"
for n in (1, 2):
    w = next(w for w in wls if job_of(w)["metadata"]["name"] == f"support-llm-finetuning-sweep-{n}")
    q = cond(w, "QuotaReserved")
    assert q.get("status") == "False" and "insufficient quota for nvidia.com/gpu in flavor a100" in q.get("message", ""), q
    assert job_of(w)["spec"]["suspend"] is True
' || {
    kc sandbox-east get workloads.v1beta2.kueue.x-k8s.io -A
    tail -n 20 "$STATE/logs/kueue-sandbox-east.log"
    return 1
  }
}
