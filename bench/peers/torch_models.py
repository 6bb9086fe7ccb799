#!/usr/bin/python3
"""PyTorch peer of bench_models, lower is better:
  onnx_export_small_vgg   torch.onnx.export of the same Small VGG (3x32x32, 10 classes), in ms
  onnx_import_small_vgg   onnx.load of that file and every weight as a numpy array, in ms
  train_lenet5_epoch_cli  the script `deepscope export --torch` writes for a LeNet-5 playground on
                          the bundled digits, one epoch, end to end, in s (2 threads)
Run with /usr/bin/python3 (Debian's python3-torch and python3-onnx). Options: --quick, --only NAME.
"""
import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time

import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LENET = ('{"format":"deepscope-playground","version":2,"mode":"images",'
         '"images":{"data":{"source":"bundled-mnist"},"preset":"LeNet-5","epochs":1}}')


def report(name, value, unit):
    print(json.dumps({"name": name, "value": round(value, 4), "unit": unit}), flush=True)


def per_call_ms(fn, seconds):
    fn()
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds or calls < 3:
        fn()
        calls += 1
    return (time.perf_counter() - start) * 1e3 / calls


def small_vgg():
    def block(c_in, c_out):
        return [nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU()]
    return nn.Sequential(*block(3, 32), *block(32, 32), nn.MaxPool2d(2), *block(32, 64), *block(64, 64),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5), nn.Linear(64 * 8 * 8, 10),
                         nn.Softmax(dim=1)).eval()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only")
    args = ap.parse_args()
    seconds = 0.5 if args.quick else 3.0
    torch.set_num_threads(2)

    def wanted(name):
        return not args.only or args.only == name

    net, x = small_vgg(), torch.zeros(1, 3, 32, 32)

    def export():
        buffer = io.BytesIO()
        torch.onnx.export(net, x, buffer, opset_version=13)
        return buffer.getvalue()
    if wanted("onnx_export_small_vgg"):
        report("onnx_export_small_vgg", per_call_ms(export, seconds), "ms")
    if wanted("onnx_import_small_vgg"):
        import onnx
        from onnx import numpy_helper
        data = export()
        report("onnx_import_small_vgg", per_call_ms(
            lambda: [numpy_helper.to_array(t) for t in onnx.load_model_from_string(data).graph.initializer],
            seconds), "ms")
    if wanted("train_lenet5_epoch_cli"):
        # The program of the build bench/run measures (--build-dir), not always build/'s.
        build = os.environ.get("DEEPSCOPE_BUILD_DIR", os.path.join(ROOT, "build"))
        deepscope = os.path.join(build, "bin", "deepscope")
        with tempfile.TemporaryDirectory() as folder:
            playground = os.path.join(folder, "lenet.deepscope")
            with open(playground, "w") as f:
                f.write(LENET)
            subprocess.run([deepscope, "export", playground, "--torch", os.path.join(folder, "torch")],
                           check=True, stderr=subprocess.DEVNULL)
            env = dict(os.environ, OMP_NUM_THREADS="2")
            start = time.perf_counter()
            subprocess.run([sys.executable, os.path.join(folder, "torch", "train.py"), "--epochs", "1", "--fresh"],
                           check=True, env=env, stdout=subprocess.DEVNULL)
            report("train_lenet5_epoch_cli", time.perf_counter() - start, "s")


if __name__ == "__main__":
    main()
