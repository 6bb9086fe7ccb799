#!/usr/bin/python3
"""PyTorch peer of bench_bigmodels: torchvision's networks at 224x224 on the CPU, 2 threads.
  resnet18_infer_224_batch8   images/s, eval mode under no_grad, batches of 8
  resnet18_train_224_batch8   images/s, SGD with momentum and CrossEntropyLoss, batches of 8
  onnx_import_resnet18_224    ms for onnx.load of PyTorch's export and every weight as a numpy array
  onnx_import_alexnet         the same for alexnet
  alexnet_import_peak_memory  MB, peak resident memory of a python3 that imports onnx and does that
Run with /usr/bin/python3 (Debian's python3-torch, python3-torchvision, python3-onnx).
Options: --quick, --only NAME.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import torch
import torchvision

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAKE = os.path.join(ROOT, "tests", "onnx", "data", "make_torchvision_models.py")
PEAK = """
import resource, sys
import onnx
from onnx import numpy_helper
arrays = [numpy_helper.to_array(t) for t in onnx.load(sys.argv[1]).graph.initializer]
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def report(name, value, unit):
    print(json.dumps({"name": name, "value": round(value, 4), "unit": unit}), flush=True)


def calls_per_second(fn, seconds):
    fn()
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds or calls < 2:
        fn()
        calls += 1
    return calls / (time.perf_counter() - start)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only")
    args = ap.parse_args()
    seconds = 0.5 if args.quick else 3.0
    torch.set_num_threads(2)

    def wanted(name):
        return not args.only or args.only == name

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, MAKE, folder, "--side", "224", "resnet18", "alexnet"], check=True,
                       stdout=subprocess.DEVNULL)
        import onnx
        from onnx import numpy_helper
        for name, file in (("onnx_import_resnet18_224", "resnet18.onnx"), ("onnx_import_alexnet", "alexnet.onnx")):
            if wanted(name):
                data = open(os.path.join(folder, file), "rb").read()
                report(name, 1e3 / calls_per_second(
                    lambda: [numpy_helper.to_array(t) for t in onnx.load_model_from_string(data).graph.initializer],
                    seconds), "ms")
        if wanted("alexnet_import_peak_memory"):
            out = subprocess.run([sys.executable, "-c", PEAK, os.path.join(folder, "alexnet.onnx")], check=True,
                                 stdout=subprocess.PIPE, text=True).stdout
            report("alexnet_import_peak_memory", int(out.split()[0]) / 1024.0, "MB")

    batch = 8
    gen = torch.Generator().manual_seed(12345)
    x = torch.rand(batch, 3, 224, 224, generator=gen) - 0.5
    labels = torch.arange(batch) * 37 % 1000
    if wanted("resnet18_infer_224_batch8"):
        net = torchvision.models.resnet18().eval()

        def infer():
            with torch.no_grad():
                net(x)
        report("resnet18_infer_224_batch8", batch * calls_per_second(infer, seconds), "images/s")
    if wanted("resnet18_train_224_batch8"):
        net = torchvision.models.resnet18().train()
        opt = torch.optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
        loss_fn = torch.nn.CrossEntropyLoss()

        def step():
            opt.zero_grad()
            loss_fn(net(x), labels).backward()
            opt.step()
        report("resnet18_train_224_batch8", batch * calls_per_second(step, seconds), "images/s")


if __name__ == "__main__":
    main()
