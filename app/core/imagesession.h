// ImageSession: the image half of the playground without Qt — a split image data set, a CNN on
// a backend, its trainer, and the ways of looking inside it (layer-1 filters, feature maps,
// class probabilities, predictions, the confusion matrix, the worst mistakes). The image
// training thread owns one; the end-to-end tests and benchmarks use it directly.
// Not thread-safe: one thread uses a session.
#pragma once

#include "images.h"
#include "modelspec.h"
#include "network.h"
#include "trainedrun.h"
#include "trainer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ds::app {

// "6×28×28": a shape as the layer editor and the maps' captions write it.
std::string shapeText(const Shape &s);

struct ImageSessionConfig {
    ModelSpec spec; // its input shape is set from the data
    TrainerConfig trainer;
    data::AugmentConfig augment; // applied afresh to the training images every epoch
    std::uint64_t seed = 1; // weights; the trainer's own seed shuffles
};

// One layer's output for one image, for the feature-map view.
struct LayerMaps {
    std::string title; // "conv 5x5, 6 filters → 6×28×28"
    Shape shape; // (C, H, W) or (F)
    std::vector<float> values;
};

// The first convolution's weights, (count, channels, size, size) as in PyTorch.
struct Filters {
    int count = 0, channels = 0, size = 0;
    std::vector<float> weights;
};

// For each filter of the first convolution, the test-image patches that excite it most (Zeiler
// and Fergus, 2014): the window of the input under its strongest output, one per image, best
// first.
struct TopPatches {
    int filters = 0, perFilter = 0, channels = 0, size = 0; // size: the window, dilation included
    // The input pixels a patch's side covers: `size`, or more when a deep layer's window is
    // shown sampled down to `size` (the Model mode's patches of any convolution).
    int window = 0;
    // (filters, perFilter, channels, size, size), as the data set stores images (values in [0, 1];
    // the part of a window over the padding is 0).
    std::vector<float> pixels;
    std::vector<float> activations; // (filters, perFilter); the slots past what was found hold NaN
    std::vector<int> images; // (filters, perFilter): the test image each came from, -1 when none
    int searched = 0; // how many test images were looked at
    Filters weights; // the filters themselves, to show beside their patches
};

struct Prediction {
    int index = 0; // in the test set
    int label = 0;
    int predicted = 0;
    float confidence = 0.0f; // the predicted class's probability
};

struct TestReport {
    Metrics metrics;
    int classes = 0;
    std::vector<int> confusion; // classes x classes, row = true class, column = predicted
    std::vector<Prediction> worst; // wrong, most confident first
};

class ImageSession {
public:
    // Normalizes the split's images with its training statistics on their way to the engine
    // (the split itself stays as loaded, and may be shared with its loader) and builds the
    // network; throws ds::Error when the spec does not fit the images or the classes.
    ImageSession(std::shared_ptr<const data::ImageSplit> split, const ImageSessionConfig &config, Backend &backend);
    ImageSession(data::ImageSplit split, const ImageSessionConfig &config, Backend &backend);
    ~ImageSession();

    // As loaded, unnormalized. The normalized training images live once, where the engine reads
    // them (in the trainer); the validation and test images are normalized a chunk at a time as
    // they are scored, never held whole.
    const data::ImageSplit &split() const { return *m_split; }
    // Training images [first, first + count) (count -1: to the end) normalized, as they are
    // before any augmentation: TrainingData whose rowsInto normalizes them a chunk at a time.
    TrainingData trainingImages(int first = 0, int count = -1) const;
    const data::ChannelStats &stats() const { return m_stats; }
    const ImageSessionConfig &config() const { return m_config; }
    Network &network() { return *m_network; }
    Trainer &trainer() { return *m_trainer; }

    // n updates; each new epoch first draws new augmentations when augmentation is on.
    void train(long updates);
    int updatesPerEpoch() const { return m_trainer->updatesPerEpoch(); }
    // Carries the network and the run (weights, batch-norm statistics, epoch, shuffle, optimizer
    // moments) to another backend, which must outlive the session. Nothing changes on failure.
    void moveTo(Backend &backend);
    // Takes effect at the next update (learning rate, optimizer, batch size, regularization).
    void setTrainerConfig(const TrainerConfig &config);
    // The network as trained and its place in the run, without the images (they follow from the
    // data and the augmentation generator), and back: a restored session trains on to the same
    // bits. restoreRun throws ds::Error, changing nothing, when the run does not fit.
    TrainedRun saveRun() const;
    void restoreRun(const TrainedRun &run);
    // Augmentation on, off or changed, from the next update; off puts the plain images back.
    void setAugment(const data::AugmentConfig &augment);

    Metrics trainingMetrics(); // on the training images as last augmented
    Metrics validationMetrics(); // accuracy -1 and loss 0 when there is no validation part
    TestReport testReport(int worstCount);

    Filters firstFilters() const { return filters(0); } // count 0 when the network has no convolution
    int convolutionCount() const; // how many Conv2D layers the network has
    Filters filters(int convolution) const; // of the convolution-th Conv2D layer (from 0); count 0 past the last
    // An image as the data set stores it before normalization, (C, H, W) values in [0, 1].
    std::vector<float> probabilities(const float *rawImage);
    std::vector<LayerMaps> featureMaps(const float *rawImage);
    // The top `perFilter` patches of each first-layer filter over the first `maxImages` test
    // images (imagesessionpatches.cpp); filters 0 when the network has no convolution.
    TopPatches topPatches(int perFilter, int maxImages);
    // Predictions for test images.
    std::vector<Prediction> predict(const std::vector<int> &testIndices);

private:
    // Test images [first, first + count), normalized, into dst (count images' values).
    void testImages(int first, int count, float *dst) const;
    void forwardOne(const float *rawImage);
    void augmentEpoch();
    // The trainer's inputs made again from the images, a chunk at a time (normalized, and
    // augmented with the session's generator when `augment`): the same bits as doing it to the
    // whole set at once, without a host copy of it.
    void refillInputs(bool augment);

    std::shared_ptr<const data::ImageSplit> m_split;
    data::ChannelStats m_stats;
    ImageSessionConfig m_config;
    Backend *m_backend; // not owned; moveTo() changes it
    std::unique_ptr<Network> m_network;
    std::unique_ptr<Trainer> m_trainer;
    TrainingData m_validation, m_test;
    Rng m_augmentRng;
    std::array<std::uint64_t, 6> m_augmentRngBefore {}; // before the last augmentEpoch()
    long long m_augmentedEpoch = -1;
    Tensor m_one; // one image on the device
};

} // namespace ds::app
