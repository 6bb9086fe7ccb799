// A playground as a runnable PyTorch script: how a user outgrows the app. The folder holds
// train.py (the data's loader, the network, the loss, optimizer and schedule, the training loop),
// weights.bin (the network as Deepscope had it), the data the playground trains and tests on, and
// a few of Deepscope's own outputs, which the script checks its network against before training.
// Plain C++ (the sessions fill one); torchfolder.h writes the folder.
#pragma once

#include "onnxmodel.h"
#include "trainer.h"

#include <string>
#include <vector>

namespace ds::app {

// One part of the data: raw inputs as the user has them (points (x1, x2), or images with values
// in [0, 1]) and, per row, a class index or a value.
struct TorchData {
    std::vector<float> inputs;
    std::vector<float> targets;
    int rows() const;
};

struct TorchExport {
    std::string title; // "circle", "MNIST (bundled subset)": the script's first line
    onnx::OnnxModel model; // spec, weights in the engine's layout, the prelude (features, normalization)
    Shape rawInput; // one row as the data has it: {2} for points, {C, H, W} for images
    int classes = 0; // 0: regression
    bool plusMinusOne = false; // two classes as targets -1 and +1 against a tanh output
    TrainerConfig trainer;
    int epochs = 5; // the script's default --epochs
    bool augmented = false; // the playground augments its images (the script does not: said in it)
    TorchData train, test;
    // Deepscope's outputs for the first test rows, in evaluation mode (`checkRows` of them).
    std::vector<float> expectedOutputs;
    int checkRows = 0;
};

// The script's text (torchscript.cpp).
std::string torchScript(const TorchExport &e);

} // namespace ds::app
