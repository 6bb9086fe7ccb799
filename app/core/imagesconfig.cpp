#include "imagesconfig.h"

namespace ds::app {

ImageSessionConfig ImagesConfig::sessionConfig(bool colour) const
{
    ImageSessionConfig c;
    c.spec = spec;
    c.seed = seed;
    c.trainer.batchSize = batchSize;
    c.trainer.optimizer.kind = optimizer;
    c.trainer.optimizer.learningRate = learningRate;
    c.trainer.schedule.kind = ScheduleKind::Cosine;
    c.trainer.schedule.cosineEpochs = epochs;
    c.trainer.schedule.minLearningRate = learningRate / 40.0;
    c.trainer.seed = shuffleSeed;
    if (augment) {
        c.augment.maxShift = 2;
        c.augment.maxRotationDegrees = 10.0f;
        c.augment.horizontalFlip = colour;
    }
    return c;
}

} // namespace ds::app
