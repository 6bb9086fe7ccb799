// Workload: what training a ModelSpec costs in memory and arithmetic, estimated from the spec
// alone before anything is allocated. The app refuses, with these numbers in the message, a
// playground that would need gigabytes or minutes per step (a 73-byte file can ask for a
// 65,536-neuron layer); the layer editor shows them as the network is edited.
#pragma once

#include "modelspec.h"

#include <cstddef>
#include <string>

namespace ds {

struct Workload {
    std::size_t parameters = 0; // trainable
    std::size_t activations = 0; // every layer's output values, one example
    std::size_t workspace = 0; // the largest convolution's unfolded input (im2col), one example
    double flops = 0.0; // one example's forward pass (a multiply-add counts 2)

    // Host or device bytes to train in batches of `batch`: weights, gradients and two optimizer
    // moments per parameter, and each layer's output and its gradient for the batch, plus the
    // convolution workspace. An estimate within a small factor, not an account.
    double trainingBytes(int batch) const;
    // Bytes to run `rows` examples forward at once (every layer's output kept, as the maps need).
    double forwardBytes(int rows) const;
    // One update: the forward pass and a backward pass of about twice its cost.
    double stepFlops(int batch) const { return 3.0 * flops * double(batch); }
};

// Requires a valid spec (throws ds::Error with its validation message otherwise).
Workload estimateWorkload(const ModelSpec &spec);

// What a playground may ask for, on any machine this app runs on: beyond these a run would swap
// or stall the window for seconds per step.
inline constexpr double kMaxTrainingBytes = 4e9;
inline constexpr double kMaxStepFlops = 1e11;

// "" when training in batches of `batch` fits the limits above, else a sentence with the
// estimate and the limit ("training this network needs about 11 GB of memory (at most
// 4.0 GB) ..."). `extraBytes` is memory the caller needs beside the engine's (pictures, data).
std::string workloadError(const Workload &w, int batch, double extraBytes = 0.0);

// "740 KB", "1.2 GB", "10.6 GB": decimal units, three significant figures at most.
std::string formatBytes(double bytes);
// "1.2 GFLOP", "310 MFLOP".
std::string formatFlops(double flops);

} // namespace ds
