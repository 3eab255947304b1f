#!/usr/bin/env bash
# The peer's venv for bench/bench_peer_process.py and bench_detector.py --peer.
# Ultralytics is AGPL: it lives only here, never in the product's venv or dependencies.
# torch/torchvision come from this machine's local wheel index (PyPI's torchvision does not
# install beside the torch 2.13.0 wheel; 2.14.1 + 0.29.1 is the pair that works).
set -euo pipefail
VENV=${1:-/work/peer-venv}
python3 -m venv "$VENV"
"$VENV/bin/pip" install torch==2.14.1 torchvision==0.29.1
# onnxruntime pinned to the product's version: both sides run the same runtime on the same file.
"$VENV/bin/pip" install ultralytics onnx onnxruntime==1.31.1 opencv-python-headless
