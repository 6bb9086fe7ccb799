#include "modelspec.h"

#include "error.h"

namespace ds {
namespace {

std::string layerName(std::size_t i)
{
    return "layer " + std::to_string(i + 1);
}

bool knownActivation(ActivationKind a)
{
    for (const auto &e : activationNames())
        if (e.kind == a)
            return true;
    return false;
}

} // namespace

std::string ModelSpec::validationError() const
{
    if (input.empty() || elementCount(input) == 0)
        return "the network has no inputs: choose at least one input feature";
    for (int d : input)
        if (d <= 0)
            return "the input shape " + shapeToString(input) + " has a dimension that is not positive";
    if (elementCount(input) > kMaxInputSize)
        return "the input of " + std::to_string(elementCount(input)) + " values is too large (at most "
            + std::to_string(kMaxInputSize) + ")";
    if (layers.empty())
        return "the network has no layers";
    std::size_t width = elementCount(input);
    std::size_t params = 0;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const LayerSpec &l = layers[i];
        switch (l.kind) {
        case LayerKind::Dense:
            if (l.units <= 0 || l.units > kMaxUnits)
                return layerName(i) + " has " + std::to_string(l.units) + " neurons; a dense layer needs 1 to "
                    + std::to_string(kMaxUnits);
            params += width * std::size_t(l.units) + std::size_t(l.units);
            if (params > kMaxParameters)
                return "the network would have over " + std::to_string(kMaxParameters) + " parameters (" + layerName(i)
                    + " alone is " + std::to_string(width) + " x " + std::to_string(l.units) + ")";
            width = std::size_t(l.units);
            break;
        case LayerKind::Activation:
            if (!knownActivation(l.activation))
                return layerName(i) + " has an unknown activation";
            break;
        case LayerKind::Softmax:
            if (width < 2)
                return layerName(i) + ": softmax needs at least 2 outputs to choose between";
            break;
        case LayerKind::Dropout:
            if (!(l.rate >= 0.0f && l.rate < 1.0f))
                return layerName(i) + ": a dropout rate must be at least 0 and below 1";
            break;
        default: return layerName(i) + " is of an unknown kind";
        }
    }
    const LayerSpec &last = layers.back();
    switch (loss) {
    case LossKind::MeanSquaredError: break;
    case LossKind::BinaryCrossEntropy:
        if (last.kind != LayerKind::Activation || last.activation != ActivationKind::Sigmoid || layers.size() < 2)
            return "binary cross-entropy needs outputs between 0 and 1: end the network with a sigmoid";
        break;
    case LossKind::SoftmaxCrossEntropy:
        if (last.kind != LayerKind::Softmax || layers.size() < 2)
            return "softmax cross-entropy needs class probabilities: end the network with a softmax";
        break;
    default: return "unknown loss";
    }
    if (params == 0)
        return "the network has no dense layer, so nothing to learn";
    return {};
}

void ModelSpec::validate() const
{
    const std::string e = validationError();
    if (!e.empty())
        throw Error(e);
}

std::vector<Shape> ModelSpec::layerShapes() const
{
    validate();
    std::vector<Shape> shapes;
    Shape s = input;
    for (const LayerSpec &l : layers) {
        if (l.kind == LayerKind::Dense)
            s = {l.units};
        shapes.push_back(s);
    }
    return shapes;
}

Shape ModelSpec::outputShape() const
{
    return layerShapes().back();
}

std::size_t ModelSpec::parameterCount() const
{
    validate();
    std::size_t width = elementCount(input), params = 0;
    for (const LayerSpec &l : layers)
        if (l.kind == LayerKind::Dense) {
            params += width * std::size_t(l.units) + std::size_t(l.units);
            width = std::size_t(l.units);
        }
    return params;
}

ModelSpec ModelSpec::mlp(int inputs, const std::vector<int> &hidden, const std::vector<ActivationKind> &activations,
    int outputs, LossKind loss, ActivationKind outputActivation)
{
    if (!activations.empty() && activations.size() != 1 && activations.size() != hidden.size())
        throw Error("give one activation for all hidden layers or one per layer (" + std::to_string(hidden.size())
            + " layers, " + std::to_string(activations.size()) + " activations)");
    ModelSpec spec;
    spec.input = {inputs};
    spec.loss = loss;
    for (std::size_t i = 0; i < hidden.size(); ++i) {
        spec.layers.push_back(LayerSpec::dense(hidden[i]));
        const ActivationKind a = activations.empty() ? ActivationKind::Tanh
            : activations.size() == 1                ? activations[0]
                                                     : activations[i];
        spec.layers.push_back(LayerSpec::act(a));
    }
    spec.layers.push_back(LayerSpec::dense(outputs));
    if (loss == LossKind::BinaryCrossEntropy)
        spec.layers.push_back(LayerSpec::act(ActivationKind::Sigmoid));
    else if (loss == LossKind::SoftmaxCrossEntropy)
        spec.layers.push_back(LayerSpec::softmax());
    else if (outputActivation != ActivationKind::Linear)
        spec.layers.push_back(LayerSpec::act(outputActivation));
    return spec;
}

} // namespace ds
