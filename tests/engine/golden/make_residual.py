#!/usr/bin/python3
"""Writes residual.json: a small network with two skip connections, its weights, inputs and
targets, and what PyTorch computes from them (logits, loss, every parameter's gradient).
tst_golden checks our Residual layer against it to 1e-4. Rerun only to change the network:
  /usr/bin/python3 tests/engine/golden/make_residual.py   (Debian's python3-torch)

Our layers: conv 3x3 pad 1 (4), relu, [conv 3x3 pad 1 (4), relu, conv 3x3 pad 1 (4)] + skip
(residual over 3 layers), relu, flatten, dense 6, tanh, [dense 6, tanh] + skip (residual over 2),
dense 3, softmax cross-entropy. Parameters in our layout: conv weights (out, in, k, k) then bias;
dense weights transposed to (in, out) then bias.
"""
import json
import os

import torch
from torch import nn

torch.manual_seed(11)
torch.set_default_dtype(torch.float64)  # the reference in double; our float must match to 1e-4


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(2, 4, 3, padding=1)
        self.conv1 = nn.Conv2d(4, 4, 3, padding=1)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1)
        self.fc1 = nn.Linear(4 * 6 * 6, 6)
        self.fc2 = nn.Linear(6, 6)
        self.out = nn.Linear(6, 3)

    def forward(self, x):
        x = torch.relu(self.stem(x))
        x = torch.relu(x + self.conv2(torch.relu(self.conv1(x))))
        x = torch.tanh(self.fc1(x.flatten(1)))
        x = x + torch.tanh(self.fc2(x))
        return self.out(x)

    def ordered(self):
        return [self.stem, self.conv1, self.conv2, self.fc1, self.fc2, self.out]


net = Net()
with torch.no_grad():
    for m in net.ordered():
        m.weight.uniform_(-0.5, 0.5)
        m.bias.uniform_(-0.2, 0.2)
        m.weight.copy_(m.weight.float().double())  # both sides start from the same float32 numbers
        m.bias.copy_(m.bias.float().double())

x = torch.rand(3, 2, 6, 6).float().double() * 2 - 1
labels = torch.tensor([2, 0, 1])


def flat(tensors_of):
    out = []
    for m in net.ordered():
        w, b = tensors_of(m)
        out += (w.t() if isinstance(m, nn.Linear) else w).reshape(-1).tolist() + b.tolist()
    return out


params = flat(lambda m: (m.weight, m.bias))
logits = net(x)
loss = nn.functional.cross_entropy(logits, labels)
loss.backward()

golden = {
    "input_shape": list(x.shape),
    "inputs": x.reshape(-1).tolist(),
    "labels": labels.tolist(),
    "classes": 3,
    "parameters": params,
    "training_logits": logits.reshape(-1).tolist(),
    "loss": loss.item(),
    "gradients": flat(lambda m: (m.weight.grad, m.bias.grad)),
    "parameters_after_training_forward": params,
    "evaluation_logits": logits.reshape(-1).tolist(),
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "residual.json")
with open(out, "w") as f:
    json.dump(golden, f)
print(f"wrote {out}: {len(params)} parameters, loss {loss.item():.6f}")
