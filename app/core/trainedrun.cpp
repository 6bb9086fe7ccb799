#include "trainedrun.h"

#include "error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace ds::app {

void restoreTrainedRun(Network &network, Trainer &trainer, const TrainedRun &run)
{
    if (run.weights.size() != network.parameterCount())
        throw Error("the saved network has " + std::to_string(run.weights.size()) + " parameters, this one "
            + std::to_string(network.parameterCount()));
    if (!std::all_of(run.weights.begin(), run.weights.end(), [](float w) { return std::isfinite(w); }))
        throw Error("the saved network holds a weight that is not a finite number");
    if (!isWeightsOnly(run))
        trainer.restoreState(run.trainer); // checks everything before it changes anything
    network.setParameters(run.weights);
}

TrainedRun weightsOnlyRun(std::vector<float> weights)
{
    TrainedRun run;
    run.weights = std::move(weights);
    return run;
}

bool isWeightsOnly(const TrainedRun &run)
{
    return run.trainer.updates == 0 && run.trainer.order.empty();
}

} // namespace ds::app
