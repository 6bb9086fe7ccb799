// ModelSession: an image classifier opened on its own, without a data set (the Model mode) —
// its graph, its first convolution's filters, the preprocessing that turns a picture into its
// input, its class names, and what it makes of one picture: the class probabilities and any
// layer's output. The model thread owns one; no Qt, so the tests drive it directly.
// Not thread-safe: one thread uses a session.
#pragma once

#include "imagesession.h"
#include "onnxmodel.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ds::app {

// What turns a picture's 8-bit pixels p into the network's input, per channel c:
// (p * scale - mean[c]) / stddev[c], the channels in RGB or BGR order. torchvision's ImageNet
// models want scale 1/255 with ImageNet's statistics; our own exports carry theirs in the file.
struct Preprocessing {
    float scale = 1.0f / 255.0f;
    std::vector<float> mean, stddev; // one per channel
    bool bgr = false; // the first input channel is blue
    bool operator==(const Preprocessing &) const = default;

    // scale 1/255, mean 0, std 1 for `channels`: the picture's values in [0, 1].
    static Preprocessing unitRange(int channels);
    static Preprocessing imageNet(); // torchvision's: 1/255, mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225)
    // Throws ds::Error naming what is wrong: a count other than `channels`, a std that is not
    // positive, a value that is not finite.
    void check(int channels) const;
};

// One node of the opened graph, as the graph view draws it.
struct GraphNode {
    std::string title; // "conv 7×7, 64 filters, stride 2"
    std::string shape; // its output, "64×32×32"
    std::vector<int> inputs; // the nodes it reads; -1: the network's input
    std::size_t parameters = 0;
    LayerKind kind = LayerKind::Dense;
    bool hasMaps = false; // its output is (C, H, W): feature maps to show
    bool frozen = false; // fine-tuning keeps its weights
};

// What the Model mode shows of an opened model before any picture.
struct ModelOverview {
    std::string name; // the file's name
    Shape input; // (C, H, W)
    int classes = 0;
    std::size_t parameters = 0; // trainable
    double flops = 0.0; // per image, forward
    std::vector<GraphNode> nodes;
    bool graph = false; // some node reads another than the one before it
    bool skips = false; // a chain with residual connections (Residual nodes)
    Filters filters; // the first convolution's; count 0 when there is none
    Preprocessing preprocessing; // as the file says, else unitRange
    bool preprocessingFromFile = false;
    std::vector<std::string> classNames; // from the file's metadata; empty when it has none
    bool softmaxAdded = false; // the file ends with logits; a softmax was put after them
};

// A picture through the network: its input as the network saw it, the probabilities, and the
// chosen node's output.
struct ModelResult {
    std::vector<float> probabilities;
    int node = -1; // whose maps these are; -1 for none
    LayerMaps maps;
};

class ModelSession {
public:
    // Builds the network from an imported model (importOnnx) on `backend`, which must outlive
    // the session; throws ds::Error when it is no image classifier (input (C, H, W), at least two
    // outputs) or does not build.
    ModelSession(onnx::OnnxModel model, const std::string &name, Backend &backend);
    ~ModelSession();

    const ModelOverview &overview() const { return m_overview; }
    onnx::OnnxModel model() const; // with its weights (a copy from the network)
    // Throws ds::Error (and keeps the old one) when it does not fit the input's channels.
    void setPreprocessing(const Preprocessing &p);
    const Preprocessing &preprocessing() const { return m_preprocessing; }

    // A picture already at the input's height and width: 8-bit, H × W × 3 (R, G, B) per row. A
    // one-channel network takes the mean of R, G and B. Returns the network's input (C, H, W).
    std::vector<float> inputFor(const std::uint8_t *rgb) const;
    // Runs the network on `rgb` (as inputFor) and returns its probabilities and node `node`'s
    // output (none for -1). maps(node) then reads other nodes of the same run.
    ModelResult classify(const std::uint8_t *rgb, int node);
    LayerMaps maps(int node) const; // of the last classify; empty before one or out of range
    // For the convolution `node`, the `perFilter` windows of `pictures` (each as inputFor takes
    // it) that excite each of its filters most, one per picture, best first (Zeiler and Fergus):
    // each filter's strongest output in each picture, and the part of the picture that output
    // sees (its receptive field, receptivefield.h), in RGB values in [0, 1], at most
    // kMaxPatchSide pixels a side (a larger window is sampled). filters 0 when `node` is no
    // convolution or sees no window of the picture. The last classify's maps go (classify again).
    static constexpr int kMaxPatchSide = 48;
    TopPatches topPatches(int node, const std::vector<std::vector<std::uint8_t>> &pictures, int perFilter);

private:
    onnx::OnnxModel m_model; // its parameters live in the network only
    ModelOverview m_overview;
    Preprocessing m_preprocessing;
    Backend *m_backend;
    std::unique_ptr<Network> m_network;
    Tensor m_one;
    bool m_ran = false;
};

// The nodes of a valid spec as the graph views draw them (the Model mode's and the Images
// mode's Graph tab).
std::vector<GraphNode> graphNodes(const ModelSpec &spec);

// Class names from a labels file's text: one per line, blank lines and a trailing end of line
// ignored. Throws ds::Error when there are not exactly `classes`.
std::vector<std::string> parseLabels(const std::string &text, int classes);
// Class names from "a, b, c" as the Images mode's export writes them ("deepscope.classes"); empty
// when the count is not `classes`.
std::vector<std::string> splitClassNames(const std::string &joined, int classes);

} // namespace ds::app
