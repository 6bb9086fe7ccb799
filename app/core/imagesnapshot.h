// ImageSnapshot: what the image training thread publishes for the CNN view, a few times a
// second. Plain C++, immutable once published.
#pragma once

#include "imagesession.h"

#include <memory>
#include <string>
#include <vector>

namespace ds::app {

// One point of the training curves, at a fractional epoch.
struct CurvePoint {
    double epoch = 0.0;
    Metrics train, validation;
};

struct ImageSnapshot {
    long long epoch = 0;
    double epochProgress = 0.0;
    long long updates = 0;
    double imagesPerSecond = 0.0; // while training; 0 before any
    double secondsPerEpoch = 0.0; // lately, at the pace set (TrainingLoop); 0 before any
    bool running = false;
    std::string message; // why training stopped or what went wrong

    std::vector<CurvePoint> newPoints; // since the last snapshot (the view appends them)
    bool curvesReset = false; // the view clears its charts first

    Filters filters; // of the convolution the view asked for (filterLayer)
    int filterLayer = 0; // which Conv2D layer, from 0
    int convolutions = 0; // how many the network has
    std::shared_ptr<const TopPatches> patches; // the first layer's, when the view asked (setShowPatches)
    int probeIndex = -1; // the test image whose feature maps follow
    std::vector<LayerMaps> probeMaps;
    std::vector<float> probeProbabilities;
    std::vector<Prediction> sample; // predictions for the sample of test images
    std::vector<float> drawingProbabilities; // for the digit drawn on the canvas; empty when none
    std::vector<LayerMaps> drawingMaps;
    std::shared_ptr<const TestReport> report; // after a run ends; null while training
    int configSerial = 0; // of the last session config the worker was given (setSessionConfig)
    int restoreSerial = 0; // of the last saved run the worker was given (restoreRun)
};

// What the view needs once per data set: the raw test images for its galleries and the names.
struct ImageDataInfo {
    int generation = 0; // of the load that read it (ImageWorker::load)
    std::string name;
    int channels = 0, height = 0, width = 0;
    int trainCount = 0, validationCount = 0, testCount = 0;
    std::vector<std::string> classNames;
    std::shared_ptr<const data::ImageSet> test; // unnormalized, [0, 1]
};

} // namespace ds::app
