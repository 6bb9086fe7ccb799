#!/usr/bin/python3
"""Writes torchvision's networks as PyTorch exports them, for tst_torchvision (the importer on
the graphs people train: ResNet's projection shortcuts, MobileNet's depthwise convolutions and
ReLU6, SqueezeNet's Concat and ceil-mode pools, MobileNetV3's squeeze-and-excitation and hard-swish, AlexNet, VGG). Run by the test at test time, into
a temporary folder, so that nothing large is checked in:
  /usr/bin/python3 make_torchvision_models.py OUTDIR [--side N] NAME [NAME ...]   (python3-torchvision)
--side N exports every network at N×N instead of its smallest side (bench/bench_bigmodels: 224).

For each NAME it writes NAME.onnx (opset 13, the batch dynamic), NAME.input.bin (two random
images, float32, NCHW) and NAME.torch.bin (PyTorch's outputs on them, float32). Weights are
torchvision's random initialization in eval mode; batch norms get random statistics and affine
parameters (except resnet18's, left fresh: PyTorch then shares their equal tensors through
Identity nodes, which the importer must read). mobilenet_v2 also gets NAME.opset10.onnx, because
OpenCV 4.6 reads Clip (ReLU6) only with the bounds as attributes, as opset 10 writes them.
"""
import os
import sys

import numpy as np
import torch
import torchvision

# name -> (constructor, input side): the smallest side each network's pools allow at 1,000
# classes (AlexNet and VGG need 224 for their adaptive pools to export as plain pools).
MODELS = {
    "resnet18": (torchvision.models.resnet18, 64),
    "mobilenet_v2": (torchvision.models.mobilenet_v2, 64),
    "squeezenet1_1": (torchvision.models.squeezenet1_1, 64),
    "mobilenet_v3_small": (torchvision.models.mobilenet_v3_small, 64),
    "alexnet": (torchvision.models.alexnet, 224),
    "vgg11": (torchvision.models.vgg11, 224),
}


def randomize_batch_norms(model, gen):
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            c = m.num_features
            m.running_mean.copy_(torch.randn(c, generator=gen) * 0.1)
            m.running_var.copy_(torch.rand(c, generator=gen) * 0.5 + 0.75)
            m.weight.data.copy_(torch.rand(c, generator=gen) * 0.5 + 0.75)
            m.bias.data.copy_(torch.randn(c, generator=gen) * 0.1)


def export(model, x, path, opset):
    torch.onnx.export(model, x, path, opset_version=opset, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, do_constant_folding=True)


def main():
    out = sys.argv[1]
    names = sys.argv[2:]
    side_asked = None
    if names[:1] == ["--side"]:
        side_asked, names = int(names[1]), names[2:]
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(2)
    for name in names:
        make, side = MODELS[name]
        side = side_asked or side
        torch.manual_seed(7)
        gen = torch.Generator().manual_seed(11)
        model = make().eval()
        if name != "resnet18":
            with torch.no_grad():
                randomize_batch_norms(model, gen)
        x = torch.rand(2, 3, side, side, generator=gen)
        with torch.no_grad():
            y = model(x)
            export(model, x, os.path.join(out, name + ".onnx"), 13)
            if name == "mobilenet_v2":
                export(model, x, os.path.join(out, name + ".opset10.onnx"), 10)
        x.numpy().astype(np.float32).tofile(os.path.join(out, name + ".input.bin"))
        y.numpy().astype(np.float32).tofile(os.path.join(out, name + ".torch.bin"))


if __name__ == "__main__":
    main()
