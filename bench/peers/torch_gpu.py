#!/usr/bin/python3
"""PyTorch + cuDNN peer of bench_gpu, on the same GPU: LeNet-5 training images/s (batch 20 and 128)
and evaluation images/s on the bundled digits, one epoch over all 10,000 digits at batch 128 (s),
and TensorFlow Playground's heavy MLP in epochs/s (batch 10 and full batch). The networks and data
come from torch_cnn.py and torch_mlp.py; every tensor lives on the GPU, and the clock stops only
after torch.cuda.synchronize(). PyTorch's defaults otherwise (cuDNN heuristics, TF32 allowed).
Prints nothing (and says why on stderr) when torch sees no GPU.
Options: --quick (shorter runs), --only NAME (one workload).
"""
import argparse
import json
import sys
import time

import torch
from torch import nn

import torch_cnn
import torch_mlp


def sync():
    torch.cuda.synchronize()


def lenet_trainer(x, y, batch):
    """A step function over shuffled mini-batches of (x, y), SGD with momentum as bench_cnn."""
    net = torch_cnn.lenet5().cuda()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    state = {"order": torch.randperm(len(x), device="cuda"), "cursor": 0}

    def step():
        if state["cursor"] + batch > len(x):
            state["order"] = torch.randperm(len(x), device="cuda")
            state["cursor"] = 0
        idx = state["order"][state["cursor"]:state["cursor"] + batch]
        state["cursor"] += batch
        opt.zero_grad()
        loss_fn(net(x[idx]), y[idx]).backward()
        opt.step()
    return step


def train_rate(x, y, batch, seconds):
    step = lenet_trainer(x, y, batch)
    for _ in range(10):
        step()
    sync()
    updates, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(10):
            step()
        updates += 10
    sync()
    return updates * batch / (time.perf_counter() - start)


def eval_rate(x, seconds):
    net = torch_cnn.lenet5().cuda().eval()
    with torch.no_grad():
        def run():
            for first in range(0, len(x), 1000):
                net(x[first:first + 1000]).softmax(dim=1)
        run()
        sync()
        images, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            run()
            images += len(x)
        sync()
        return images / (time.perf_counter() - start)


def epoch_seconds(x, y, batch, repeats=3):
    step = lenet_trainer(x, y, batch)
    per_epoch = (len(x) + batch - 1) // batch
    for _ in range(per_epoch):
        step()
    sync()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(per_epoch):
            step()
        sync()
        best = min(best, time.perf_counter() - start)
    return best


def mlp_epochs_per_second(batch, seconds):
    x, y = torch_mlp.training_set()
    x, y = x.cuda(), y.cuda()
    net = torch_mlp.make_network().cuda()
    opt = torch.optim.SGD(net.parameters(), lr=0.03, momentum=0.0)
    loss_fn = nn.MSELoss()

    def epoch():
        order = torch.randperm(len(x), device="cuda")
        for first in range(0, len(x), batch):
            idx = order[first:first + batch]
            opt.zero_grad()
            loss_fn(net(x[idx]), y[idx]).backward()
            opt.step()

    for _ in range(20):
        epoch()
    sync()
    epochs, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(20):
            epoch()
        epochs += 20
    sync()
    return epochs / (time.perf_counter() - start)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only")
    args = ap.parse_args()
    if not torch.cuda.is_available():
        print("torch_gpu: PyTorch sees no GPU; no workloads", file=sys.stderr)
        return 0
    print(f"torch_gpu: {torch.cuda.get_device_name(0)}, cuDNN {torch.backends.cudnn.version()}", file=sys.stderr)
    seconds = 0.7 if args.quick else 3.0
    x, y = torch_cnn.training_digits(10000)
    x, y = x.cuda(), y.cuda()
    train_x, train_y = x[:8000], y[:8000]

    def emit(name, value, unit):
        if not args.only or args.only == name:
            print(json.dumps({"name": name, "value": round(value, 4), "unit": unit}), flush=True)

    wanted = lambda name: not args.only or args.only == name
    for batch in (20, 128):
        name = f"gpu_lenet5_train_batch{batch}"
        if wanted(name):
            emit(name, train_rate(train_x, train_y, batch, seconds), "images/s")
    if wanted("gpu_lenet5_eval"):
        emit("gpu_lenet5_eval", eval_rate(train_x, seconds), "images/s")
    if wanted("gpu_lenet5_epoch10000_batch128"):
        emit("gpu_lenet5_epoch10000_batch128", epoch_seconds(x, y, 128), "s")
    for name, batch in (("gpu_mlp_playground_batch10", 10), ("gpu_mlp_playground_fullbatch", 250)):
        if wanted(name):
            emit(name, mlp_epochs_per_second(batch, seconds), "epochs/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
