// An ImageSet as the engine's TrainingData: the pixels are already (N, C, H, W), so they are
// copied as they are or normalized on the way, and the one-hot targets are built here.
#include "images.h"

#include "error.h"
#include "trainer.h"

#include <algorithm>
#include <string>

namespace ds::data {

namespace {

// The targets and the checks; the inputs are left to the caller.
TrainingData withTargets(const ImageSet &set, int first, int count)
{
    if (first < 0 || count < 0 || first > set.count() - count)
        throw Error("images " + std::to_string(first) + ".." + std::to_string(first + count) + " are outside '"
            + set.name + "', which holds " + std::to_string(set.count()));
    const int classes = static_cast<int>(set.classNames.size());
    if (classes < 2)
        throw Error("'" + set.name + "' has " + std::to_string(classes)
            + " class; a classifier needs at least 2 to tell apart");

    TrainingData data;
    data.rows = count;
    data.targetColumns = classes;
    data.classification = true;
    data.targets.assign(std::size_t(count) * classes, 0.0f);
    for (int r = 0; r < count; ++r) {
        const int label = set.labels[std::size_t(first + r)];
        if (label < 0 || label >= classes)
            throw Error("'" + set.name + "': image " + std::to_string(first + r) + " has label " + std::to_string(label)
                + ", outside its " + std::to_string(classes) + " classes");
        data.targets[std::size_t(r) * classes + label] = 1.0f;
    }
    return data;
}

} // namespace

TrainingData toTrainingData(const ImageSet &set, int first, int count)
{
    if (count < 0)
        count = set.count() - first;
    TrainingData data = withTargets(set, first, count);
    data.inputs.resize(std::size_t(count) * set.imageSize());
    set.imagesInto(first, count, data.inputs.data());
    return data;
}

TrainingData toNormalizedTrainingData(const ImageSet &set, const ChannelStats &stats, int first, int count)
{
    if (count < 0)
        count = set.count() - first;
    TrainingData data = withTargets(set, first, count);
    data.inputs.resize(std::size_t(count) * set.imageSize());
    normalizeInto(set, stats, first, count, data.inputs.data());
    return data;
}

TrainingData toNormalizedTrainingRows(
    std::shared_ptr<const ImageSet> set, const ChannelStats &stats, int first, int count)
{
    if (count < 0)
        count = set->count() - first;
    TrainingData data = withTargets(*set, first, count);
    data.rowsInto = [set = std::move(set), stats, first](int row, int rows, float *dst) {
        normalizeInto(*set, stats, first + row, rows, dst);
    };
    return data;
}

} // namespace ds::data
