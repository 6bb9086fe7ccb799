// ImagesConfig: everything the Images mode is, as a plain value — where the images come from
// and how they are split, the network's layers, the training settings, seeds and backend. The
// Images view shows and edits it, the playground document saves it (imagesconfigjson.cpp), and
// sessionConfig() turns it into what the image training thread builds from.
#pragma once

#include "imagesession.h"

#include <QStringList>

#include <string>

namespace ds::app {

// Where the images come from.
struct ImageDataChoice {
    enum Source { BundledMnist, Idx, Cifar10, Folder, Download } source = BundledMnist;
    QStringList paths; // IDX: images, labels; CIFAR-10: batch files; folder: its root
    std::string set; // Download: a set of downloadcatalog.h ("cifar10"), from the data-set cache
    bool fashionNames = false; // IDX: name the classes as Fashion-MNIST's
    int channels = 1, height = 28, width = 28; // folder: what each image is made into
    double validationFraction = 0.1;
    double testFraction = 0.2; // ignored for the bundled set (its last 2,000)
    // The data pipeline after the split (transfer learning on a small, differently looking set):
    bool invert = false; // every part's pixels turned over (1 - value)
    int trainImages = 0; // train on the first this many training images only (0: all)

    bool operator==(const ImageDataChoice &) const = default;
};

struct ImagesConfig {
    ImageDataChoice data;
    std::string preset = "LeNet-5"; // the preset the layers started from ("" for none)
    ModelSpec spec; // the layers; input and loss follow the data
    float learningRate = 0.002f;
    OptimizerKind optimizer = OptimizerKind::Adam;
    int batchSize = 32;
    int epochs = 5; // training pauses here; the cosine schedule ends here
    bool augment = false;
    double epochsPerSecond = 0.1; // a pace a class can follow (an epoch of LeNet-5 in 10 s); 0: full speed
    std::uint64_t seed = 1; // weights
    std::uint64_t shuffleSeed = 3;
    std::string backend = "cpu";
    // When the data changes and the network still fits it (same image shape and classes), go on
    // from the trained weights (transfer learning) instead of new ones from the seed.
    bool keepWeights = false;

    bool operator==(const ImagesConfig &) const = default;

    // What the image training thread builds from; `colour` turns on horizontal flips when
    // augmenting (photos, not digits).
    ImageSessionConfig sessionConfig(bool colour) const;
};

} // namespace ds::app
