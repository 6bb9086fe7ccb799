#!/usr/bin/python3
"""PyTorch CPU peer of bench_snapshot: the playground's per-frame work, in ms (lower is better).

The heavy Playground net (7 -> 6 x 8 tanh -> 1) evaluated on a 100 x 100 grid of the input plane
with every layer's output copied out (what a snapshot draws), and one batch-10 epoch plus that.
Run with /usr/bin/python3. Options: --quick, --only NAME.
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_mlp import features, make_epoch  # noqa: E402  (same network and data as torch_mlp)


def grid_features(n=100):
    """The n x n points of [-6, 6]^2 as the seven Playground features."""
    axis = torch.linspace(-6, 6, n)
    y, x = torch.meshgrid(axis.flip(0), axis, indexing="ij")
    return features(torch.stack([x.reshape(-1), y.reshape(-1)], dim=1))


def snapshot_fn(net):
    grid = grid_features()

    def snapshot():
        # Every neuron's map: the output of each tanh, copied out as the window would get it.
        with torch.no_grad():
            h = grid
            maps = []
            for layer in net:
                h = layer(h)
                if isinstance(layer, torch.nn.Tanh):
                    maps.append(h.numpy().copy())
            weights = [p.detach().numpy().copy() for p in net.parameters()]
        return maps, weights
    return snapshot


def ms_per_call(fn, seconds):
    for _ in range(20):
        fn()
    calls, start = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return elapsed * 1e3 / calls


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", metavar="NAME")
    args = ap.parse_args()
    seconds = 0.5 if args.quick else 2.0
    epoch, net = make_epoch(10, return_net=True)
    snapshot = snapshot_fn(net)
    workloads = {
        "snapshot_heavy_grid100": snapshot,
        "epoch_plus_snapshot_heavy": lambda: (epoch(), snapshot()),
    }
    if args.only and args.only not in workloads:
        print(f"torch_snapshot: unknown workload '{args.only}'", file=sys.stderr)
        return 2
    for name, fn in workloads.items():
        if args.only and name != args.only:
            continue
        print(json.dumps({"name": name, "value": round(ms_per_call(fn, seconds), 4), "unit": "ms"}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
