#!/usr/bin/python3
"""Writes small_cnn.json: a small CNN's weights, inputs and targets, and what PyTorch computes
from them (logits, loss, every parameter's gradient, the running statistics after one training
forward). tst_golden checks our engine against it to 1e-4. Rerun only to change the network:
  /usr/bin/python3 tests/engine/golden/make_small_cnn.py   (Debian's python3-torch)

The network uses every image layer with a non-trivial geometry: conv 3x3 pad 1, batch norm,
tanh, max pool 2, conv 2x2 dilation 2 stride 1, relu, average pool 3 stride 2 pad 1, flatten,
dense, softmax cross-entropy. Parameters are listed in our layout: conv weights (out, in, k, k)
then bias as in PyTorch; batch norm gamma, beta, running mean, running variance; dense weights
transposed to (in, out) then bias.
"""
import json
import os

import torch
from torch import nn

torch.manual_seed(7)
torch.set_default_dtype(torch.float64)  # the reference in double; our float must match to 1e-4

net = nn.Sequential(
    nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3), nn.Tanh(), nn.MaxPool2d(2),
    nn.Conv2d(3, 4, 2, stride=1, dilation=2), nn.ReLU(), nn.AvgPool2d(3, stride=2, padding=1),
    nn.Flatten(), nn.Linear(4 * 2 * 2, 5))
with torch.no_grad():
    for m in net:
        if isinstance(m, nn.BatchNorm2d):  # not the trivial 1 and 0
            m.weight.uniform_(0.5, 1.5)
            m.bias.uniform_(-0.5, 0.5)
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.8, 1.2)
        elif isinstance(m, nn.Conv2d) or isinstance(m, nn.Linear):
            m.weight.uniform_(-0.6, 0.6)
            m.bias.uniform_(-0.2, 0.2)

# Round everything to float32 first so both sides start from the very same numbers.
with torch.no_grad():
    for p in list(net.parameters()) + list(net.buffers()):
        if p.is_floating_point():
            p.copy_(p.float().double())

x = torch.rand(4, 2, 11, 11).float().double() * 2 - 1
labels = torch.tensor([0, 3, 4, 1])


def ours(modules):
    """Parameters and buffers in our order and layout, as one flat list."""
    flat = []
    for m in modules:
        if isinstance(m, nn.Conv2d):
            flat += m.weight.reshape(-1).tolist() + m.bias.tolist()
        elif isinstance(m, nn.BatchNorm2d):
            flat += m.weight.tolist() + m.bias.tolist() + m.running_mean.tolist() + m.running_var.tolist()
        elif isinstance(m, nn.Linear):
            flat += m.weight.t().reshape(-1).tolist() + m.bias.tolist()
    return flat


def grads(modules):
    flat = []
    for m in modules:
        if isinstance(m, nn.Conv2d):
            flat += m.weight.grad.reshape(-1).tolist() + m.bias.grad.tolist()
        elif isinstance(m, nn.BatchNorm2d):  # the running statistics get no gradient
            flat += m.weight.grad.tolist() + m.bias.grad.tolist() + [0.0] * (2 * m.num_features)
        elif isinstance(m, nn.Linear):
            flat += m.weight.grad.t().reshape(-1).tolist() + m.bias.grad.tolist()
    return flat


params_before = ours(net)
net.train()
logits = net(x)
loss = nn.functional.cross_entropy(logits, labels)
loss.backward()
params_after_forward = ours(net)  # running statistics moved by the training forward
net.eval()
with torch.no_grad():
    eval_logits = net(x)

golden = {
    "input_shape": list(x.shape),
    "inputs": x.reshape(-1).tolist(),
    "labels": labels.tolist(),
    "classes": 5,
    "parameters": params_before,
    "training_logits": logits.reshape(-1).tolist(),
    "loss": loss.item(),
    "gradients": grads(net),
    "parameters_after_training_forward": params_after_forward,
    "evaluation_logits": eval_logits.reshape(-1).tolist(),
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "small_cnn.json")
with open(out, "w") as f:
    json.dump(golden, f)
print(f"wrote {out}: {len(params_before)} parameters, loss {loss.item():.6f}")
