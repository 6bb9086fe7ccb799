#!/usr/bin/python3
"""PyTorch CPU peer of bench_mlp: TensorFlow Playground's own training loop, in epochs/s.

Run with /usr/bin/python3 (Debian's python3-torch; install with tools/install-deps --bench).
Prints one JSON line per workload: {"name": ..., "value": ..., "unit": "epochs/s"}.
Options: --quick (shorter runs), --only NAME (one workload).
"""
import argparse
import json
import math
import sys
import time

import torch
from torch import nn

# Two threads: the same budget our engine gets, and what a small laptop core pair gives.
torch.set_num_threads(2)
torch.manual_seed(0)


def playground_spiral(n_points=500):
    """TF Playground's 2-class spiral, noise 0: two arms of n_points/2 points each."""
    n = n_points // 2
    xs, ys = [], []
    for delta_t, label in ((0.0, 1.0), (math.pi, -1.0)):
        for i in range(n):
            r = i / n * 5
            t = 1.75 * i / n * 2 * math.pi + delta_t
            xs.append((r * math.sin(t), r * math.cos(t)))
            ys.append(label)
    return torch.tensor(xs, dtype=torch.float32), torch.tensor(ys, dtype=torch.float32)


def features(xy):
    """The seven Playground inputs: X1, X2, X1^2, X2^2, X1*X2, sin X1, sin X2."""
    x1, x2 = xy[:, 0], xy[:, 1]
    return torch.stack([x1, x2, x1 * x1, x2 * x2, x1 * x2, torch.sin(x1), torch.sin(x2)], dim=1)


def make_network():
    """7 -> 6 hidden layers of 8 (tanh) -> 1 (tanh): the Playground net our bench_mlp trains."""
    layers, width = [], 7
    for _ in range(6):
        layers += [nn.Linear(width, 8), nn.Tanh()]
        width = 8
    layers += [nn.Linear(width, 1), nn.Tanh()]
    return nn.Sequential(*layers)


def training_set():
    """Shuffle the 500 points with a fixed seed and keep 50% (250) for training, as Playground does."""
    xy, labels = playground_spiral()
    order = torch.randperm(len(xy), generator=torch.Generator().manual_seed(1))
    train = order[: len(xy) // 2]
    return features(xy[train]), labels[train].unsqueeze(1)


def make_epoch(batch_size, return_net=False):
    """One epoch of SGD (lr 0.03, no momentum) on mean squared error against the ±1 labels.
    With return_net, returns (epoch, net) so that other peers can look inside the network."""
    x, y = training_set()
    net = make_network()
    loss_fn = nn.MSELoss()
    opt = torch.optim.SGD(net.parameters(), lr=0.03, momentum=0.0)

    def step(bx, by):
        opt.zero_grad()
        loss = loss_fn(net(bx), by)
        loss.backward()
        opt.step()

    if batch_size >= len(x):
        full = lambda: step(x, y)  # full batch: one update per epoch
        return (full, net) if return_net else full

    def epoch():
        # Playground reshuffles every epoch, then does one update per mini-batch.
        order = torch.randperm(len(x))
        for start in range(0, len(x), batch_size):
            idx = order[start:start + batch_size]
            step(x[idx], y[idx])
    return (epoch, net) if return_net else epoch


def epochs_per_second(epoch, seconds):
    """Warm up (allocator, autograd caches), then time whole epochs for about `seconds`."""
    warm_end = time.perf_counter() + min(0.2, seconds / 5)
    while time.perf_counter() < warm_end:
        epoch()
    epochs, start = 0, time.perf_counter()
    while True:
        epoch()
        epochs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return epochs / elapsed


WORKLOADS = {
    "mlp_playground_batch10": 10,     # 25 updates per epoch
    "mlp_playground_fullbatch": 250,  # 1 update per epoch
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="0.7 s per workload instead of 3 s")
    ap.add_argument("--only", metavar="NAME", help="run only this workload")
    args = ap.parse_args()
    if args.only and args.only not in WORKLOADS:
        print(f"torch_mlp: unknown workload '{args.only}'", file=sys.stderr)
        return 2
    seconds = 0.7 if args.quick else 3.0
    for name, batch in WORKLOADS.items():
        if args.only and name != args.only:
            continue
        value = epochs_per_second(make_epoch(batch), seconds)
        print(json.dumps({"name": name, "value": round(value, 2), "unit": "epochs/s"}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
