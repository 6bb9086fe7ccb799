// The text of the exported PyTorch script. It is written for a person to read and change: one
// module per Deepscope layer, the weights loaded layer by layer with the transposes spelled out,
// and the training settings as named constants at the top.
#include "torchexport.h"

#include "engineinfo.h"
#include "error.h"
#include "onnxexport.h"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace ds::app {
namespace {

// Python literals that read back as the same float32.
std::string py(float v)
{
    char buffer[32];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, v);
    std::string s(buffer, r.ptr);
    if (s.find_first_of(".en") == std::string::npos)
        s += ".0";
    return s;
}
std::string py(double v)
{
    return py(float(v));
}

std::string shapeTuple(const Shape &s)
{
    std::string t;
    for (int d : s)
        t += std::to_string(d) + ", ";
    return t;
}

std::string floatList(const std::vector<float> &v)
{
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i)
        s += (i ? ", " : "") + py(v[i]);
    return s + "]";
}

// Graphs (layers that read other than the one before) have no script yet: a Sequential with
// skips cannot say them.
constexpr const char *graphScriptMissing
    = "the PyTorch script covers chains of layers (residual layers included), not yet graphs whose layers read "
      "others than the one before: export this network as ONNX instead";

std::string activationModule(ActivationKind a)
{
    switch (a) {
    case ActivationKind::Relu: return "nn.ReLU()";
    case ActivationKind::LeakyRelu: return "nn.LeakyReLU(" + py(kLeakyReluSlope) + ")";
    case ActivationKind::Elu: return "nn.ELU(" + py(kEluAlpha) + ")";
    case ActivationKind::Selu: return "nn.SELU()";
    case ActivationKind::Gelu: return "nn.GELU()";
    case ActivationKind::Tanh: return "nn.Tanh()";
    case ActivationKind::Sigmoid: return "nn.Sigmoid()";
    case ActivationKind::Linear: return "nn.Identity()";
    case ActivationKind::Softplus: return "nn.Softplus()";
    case ActivationKind::Swish: return "nn.SiLU()";
    case ActivationKind::Relu6: return "nn.ReLU6()";
    case ActivationKind::HardSigmoid: return "nn.Hardsigmoid()";
    case ActivationKind::HardSwish: return "nn.Hardswish()";
    }
    throw Error("activation " + nameOf(a) + " has no PyTorch module");
}

// The feature expression of a point feature over columns x1, x2 of `p`.
std::string featureExpression(const onnx::PointFeature &f)
{
    const std::string a = std::string(1, 'x') + std::to_string(f.a + 1),
                      b = std::string(1, 'x') + std::to_string(f.b + 1);
    switch (f.op) {
    case onnx::PointFeature::Op::Coordinate: return a;
    case onnx::PointFeature::Op::Sine: return std::string("torch.sin(").append(a).append(")");
    case onnx::PointFeature::Op::Product: return a + " * " + b + " / " + py(f.divisor);
    }
    return a;
}

std::string optimizerLine(const OptimizerConfig &o)
{
    const std::string lr = "lr=LEARNING_RATE";
    switch (o.kind) {
    case OptimizerKind::Sgd: return "torch.optim.SGD(groups, " + lr + ")";
    case OptimizerKind::Momentum: return "torch.optim.SGD(groups, " + lr + ", momentum=" + py(o.momentum) + ")";
    case OptimizerKind::Nesterov:
        return "torch.optim.SGD(groups, " + lr + ", momentum=" + py(o.momentum) + ", nesterov=True)";
    case OptimizerKind::AdaGrad: return "torch.optim.Adagrad(groups, " + lr + ", eps=1e-10)";
    case OptimizerKind::RmsProp:
        return "torch.optim.RMSprop(groups, " + lr + ", alpha=" + py(o.alpha) + ", eps=" + py(o.epsilon) + ")";
    case OptimizerKind::Adam:
        return "torch.optim.Adam(groups, " + lr + ", betas=(" + py(o.beta1) + ", " + py(o.beta2)
            + "), eps=" + py(o.epsilon) + ")";
    case OptimizerKind::AdamW:
        return "torch.optim.AdamW(groups, " + lr + ", betas=(" + py(o.beta1) + ", " + py(o.beta2)
            + "), eps=" + py(o.epsilon) + ")";
    }
    throw Error("optimizer " + nameOf(o.kind) + " has no PyTorch form");
}

std::string scheduleBody(const ScheduleConfig &s)
{
    switch (s.kind) {
    case ScheduleKind::Constant: return "    return LEARNING_RATE\n";
    case ScheduleKind::Step:
        return "    return LEARNING_RATE * " + py(s.gamma) + " ** math.floor(epoch / " + py(s.stepEpochs) + ")\n";
    case ScheduleKind::Exponential: return "    return LEARNING_RATE * " + py(s.gamma) + " ** epoch\n";
    case ScheduleKind::Cosine:
        return "    t = min(epoch, " + py(s.cosineEpochs) + ") / " + py(s.cosineEpochs) + "\n    return "
            + py(s.minLearningRate) + " + 0.5 * (LEARNING_RATE - " + py(s.minLearningRate)
            + ") * (1 + math.cos(math.pi * t))\n";
    }
    return "    return LEARNING_RATE\n";
}

} // namespace

std::string torchScript(const TorchExport &e)
{
    const ModelSpec &spec = e.model.spec;
    if (spec.isGraph())
        throw Error(graphScriptMissing);
    const onnx::InputPrelude &prelude = e.model.prelude;
    const bool logits = spec.lossTakesLogits();
    const std::size_t bodyLayers = spec.layers.size() - (logits ? 1 : 0);
    const std::vector<Shape> shapes = spec.layerShapes();
    std::ostringstream s;

    s << "#!/usr/bin/env python3\n"
      << "\"\"\"" << e.title << ": a Deepscope " << deepscopeVersion() << " playground as a PyTorch script.\n\n"
      << "The same data, " << (prelude.pointFeatures.empty() ? "normalization" : "input features")
      << ", network, loss, optimizer and learning-rate schedule, starting from the\n"
      << "weights Deepscope had (weights.bin). Before training it checks that its network gives\n"
      << "Deepscope's outputs on the first test rows (to 1e-4); at the end it saves trained.pt.\n\n"
      << "  python3 train.py [--epochs N] [--fresh]    (--fresh: PyTorch's own initial weights)\n\n"
      << "On several processes or machines, unchanged, with DistributedDataParallel:\n\n"
      << "  torchrun --nproc_per_node 2 train.py ...   (add --nnodes, --node_rank, --master_addr for more machines;\n"
      << "                                             Debian 12's PyTorch 1.13 also wants --redirects 2 --tee 2)\n\n"
      << "Each process takes its share of every batch (the batch stays BATCH_SIZE in all), so the losses are\n"
      << "the single process's: gloo on CPUs, NCCL with one GPU per process where CUDA is there. Dropout\n"
      << "draws other masks, and batch norm sees each process's share only.\n";
    if (e.augmented)
        s << "\nDeepscope augmented the training images (shifts, flips, rotations); this script does not.\n";
    s << "\"\"\"\n"
      << "import argparse\nimport math\nimport os\nimport sys\n\nimport numpy as np\nimport torch\nfrom torch import "
         "nn\n"
      << "\nHERE = os.path.dirname(os.path.abspath(__file__))\n"
      << "DEVICE = torch.device('cpu')  # one GPU per process under torchrun where CUDA is there\n"
      << "LEARNING_RATE = " << py(e.trainer.optimizer.learningRate) << "\n"
      << "BATCH_SIZE = " << e.trainer.batchSize << "\n"
      << "EPOCHS = " << e.epochs << "\n"
      << "REGULARIZATION = '" << nameOf(e.trainer.regularizer) << "'  # none, l1 or l2, on the weights\n"
      << "REGULARIZATION_RATE = " << py(e.trainer.regularizationRate) << "\n"
      << "CLASSES = " << e.classes << "  # 0: regression\n\n\n";

    // The data.
    s << "def load(name, shape, dtype='<f4'):\n"
      << "    return torch.from_numpy(np.fromfile(os.path.join(HERE, name), "
         "dtype=dtype).astype(np.float32).reshape(shape))\n\n\n"
      << "def prepare(x):\n";
    if (!prelude.pointFeatures.empty()) {
        s << "    \"\"\"The input features of raw points (x1, x2), as Deepscope computes them.\"\"\"\n"
          << "    x1, x2 = x[:, 0:1], x[:, 1:2]\n    return torch.cat([";
        for (std::size_t i = 0; i < prelude.pointFeatures.size(); ++i)
            s << (i ? ", " : "") << featureExpression(prelude.pointFeatures[i]);
        s << "], dim=1)\n\n\n";
    } else if (!prelude.mean.empty()) {
        std::vector<float> divisor = prelude.stddev;
        for (float &d : divisor)
            d = d < 1e-6f ? 1.0f : d;
        const std::string c = std::to_string(prelude.mean.size());
        s << "    \"\"\"Images in [0, 1], normalized per channel with the training images' statistics.\"\"\"\n"
          << "    mean = torch.tensor(" << floatList(prelude.mean) << ", device=x.device).view(1, " << c << ", 1, 1)\n"
          << "    std = torch.tensor(" << floatList(divisor) << ", device=x.device).view(1, " << c << ", 1, 1)\n"
          << "    return (x - mean) / std\n\n\n";
    } else {
        s << "    return x\n\n\n";
    }

    // The network: one module per layer; a dense layer after an image flattens it first. Skip
    // connections need more than nn.Sequential: a Chain keeps each module's input for them.
    const bool skips = std::any_of(
        spec.layers.begin(), spec.layers.end(), [](const LayerSpec &l) { return l.kind == LayerKind::Residual; });
    const bool frozenNorms = std::any_of(spec.layers.begin(), spec.layers.end(),
        [](const LayerSpec &l) { return l.kind == LayerKind::BatchNorm && l.frozen; });
    if (frozenNorms) {
        // A frozen batch norm normalizes with its running statistics while the rest trains, and
        // never updates them: PyTorch's eval mode, kept through body.train().
        for (const char *d : {"1d", "2d"})
            s << "class FrozenBatchNorm" << d << "(nn.BatchNorm" << d << "):\n"
              << "    \"\"\"Fine-tuning: stays in evaluation mode, as Deepscope's frozen batch norm.\"\"\"\n\n"
              << "    def train(self, mode=True):\n        return super().train(False)\n\n\n";
    }
    if (skips)
        s << "class Skip(nn.Module):\n"
          << "    \"\"\"A residual connection: adds the input of module `source` of the chain.\"\"\"\n\n"
          << "    def __init__(self, source):\n        super().__init__()\n        self.source = source\n\n"
          << "    def extra_repr(self):\n        return f'+ input of module {self.source}'\n\n\n"
          << "class Chain(nn.Sequential):\n"
          << "    \"\"\"nn.Sequential whose Skip modules add the input of an earlier module.\"\"\"\n\n"
          << "    def forward(self, x):\n        inputs = []\n        for m in self:\n"
          << "            inputs.append(x)\n"
          << "            x = x + inputs[m.source] if isinstance(m, Skip) else m(x)\n        return x\n\n\n";
    s << (skips ? "body = Chain(\n" : "body = nn.Sequential(\n");
    std::vector<std::string> loads;
    std::vector<int> firstModule; // of each layer, for the skips
    std::vector<int> frozenModules; // the modules of frozen layers (fine-tuning)
    int index = 0;
    for (std::size_t i = 0; i < bodyLayers; ++i) {
        const LayerSpec &l = spec.layers[i];
        firstModule.push_back(index);
        const Shape &in = i == 0 ? spec.input : shapes[i - 1];
        const std::string at = "body[" + std::to_string(index) + "]";
        auto module = [&](const std::string &text) {
            s << "    " << text << ",  # " << std::to_string(index) << ": " << describeLayer(l) << "\n";
            ++index;
        };
        switch (l.kind) {
        case LayerKind::Dense: {
            const std::size_t inputs = elementCount(in);
            if (in.size() != 1) {
                s << "    nn.Flatten(),  # " << index << ": what Deepscope's dense layer does to its input\n";
                ++index;
            }
            const std::string u = std::to_string(l.units), n = std::to_string(inputs);
            loads.push_back("body[" + std::to_string(index) + "].weight.copy_(take(" + n + " * " + u + ").view(" + n
                + ", " + u + ").t())  # Deepscope keeps (inputs, units)");
            loads.push_back("body[" + std::to_string(index) + "].bias.copy_(take(" + u + "))");
            if (l.frozen)
                frozenModules.push_back(index);
            module("nn.Linear(" + n + ", " + u + ")");
            break;
        }
        case LayerKind::Conv2D: {
            const std::string f = std::to_string(l.units), c = std::to_string(in[0] / l.groups),
                              k = std::to_string(l.kernel);
            loads.push_back(at + ".weight.copy_(take(" + f + " * " + c + " * " + k + " * " + k + ").view(" + f + ", "
                + c + ", " + k + ", " + k + "))");
            loads.push_back(at + ".bias.copy_(take(" + f + "))");
            if (l.frozen)
                frozenModules.push_back(index);
            module("nn.Conv2d(" + std::to_string(in[0]) + ", " + f + ", " + k + ", stride=" + std::to_string(l.stride)
                + ", padding=" + std::to_string(l.padding) + ", dilation=" + std::to_string(l.dilation)
                + (l.groups != 1 ? ", groups=" + std::to_string(l.groups) : std::string()) + ")");
            break;
        }
        case LayerKind::MaxPool2D:
            module("nn.MaxPool2d(" + std::to_string(l.kernel) + ", stride=" + std::to_string(l.stride)
                + ", padding=" + std::to_string(l.padding) + (l.ceilMode ? ", ceil_mode=True" : "") + ")");
            break;
        case LayerKind::AvgPool2D:
            module("nn.AvgPool2d(" + std::to_string(l.kernel) + ", stride=" + std::to_string(l.stride)
                + ", padding=" + std::to_string(l.padding) + (l.ceilMode ? ", ceil_mode=True" : "") + ")");
            break;
        case LayerKind::GlobalAvgPool: module("nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())"); break;
        case LayerKind::Flatten: module("nn.Flatten()"); break;
        case LayerKind::BatchNorm: {
            const std::string c = std::to_string(in[0]);
            for (const char *p : {"weight", "bias", "running_mean", "running_var"})
                loads.push_back(at + "." + p + ".copy_(take(" + c + "))");
            if (l.frozen)
                frozenModules.push_back(index);
            const std::string kind = std::string(l.frozen ? "FrozenBatchNorm" : "nn.BatchNorm") + (in.size() == 1 ? "1d" : "2d");
            module(kind + "(" + c + ", eps=1e-5, momentum=0.1)");
            break;
        }
        case LayerKind::Activation: module(activationModule(l.activation)); break;
        case LayerKind::Softmax: module("nn.Softmax(dim=1)"); break;
        case LayerKind::Dropout: module("nn.Dropout(" + py(l.rate) + ")"); break;
        case LayerKind::Residual: module("Skip(" + std::to_string(firstModule[i - std::size_t(l.units)]) + ")"); break;
        case LayerKind::Add:
        case LayerKind::Concat:
        case LayerKind::Mul: throw Error(graphScriptMissing);
        }
    }
    s << ")\n";
    if (!frozenModules.empty()) {
        // Fine-tuning: Deepscope leaves these layers' weights as they are; so does the script.
        s << "for frozen in (";
        for (int m : frozenModules)
            s << m << ", ";
        s << "):\n    body[frozen].requires_grad_(False)\n";
    }
    if (logits)
        s << "head = " << (spec.loss == LossKind::SoftmaxCrossEntropy ? "nn.Softmax(dim=1)" : "nn.Sigmoid()")
          << "  # the loss reads the logits before it\n";
    else
        s << "head = nn.Identity()\n";

    s << "\n\ndef predict(x):\n    return head(body(prepare(x)))\n\n\n"
      << "def load_weights(path):\n"
      << "    \"\"\"Deepscope's parameters, layer by layer in the network's order.\"\"\"\n"
      << "    values = torch.from_numpy(np.fromfile(path, dtype='<f4'))\n    at = 0\n\n"
      << "    def take(n):\n        nonlocal at\n        at += n\n        return values[at - n:at]\n\n"
      << "    with torch.no_grad():\n";
    for (const std::string &l : loads)
        s << "        " << l << "\n";
    s << "    assert at == len(values), f'{len(values)} values in {path}, the network takes {at}'\n\n\n";

    // Loss and accuracy.
    s << "def data_loss(x, target, net=None):\n    out = (body if net is None else net)(prepare(x))\n";
    if (spec.loss == LossKind::SoftmaxCrossEntropy)
        s << "    return nn.functional.cross_entropy(out, target.long())\n\n\n";
    else if (spec.loss == LossKind::BinaryCrossEntropy)
        s << "    return nn.functional.binary_cross_entropy_with_logits(out, target.view(-1, 1))\n\n\n";
    else if (e.plusMinusOne)
        s << "    return nn.functional.mse_loss(out, (target * 2 - 1).view(-1, 1))  # classes 0, 1 as -1, +1\n\n\n";
    else
        s << "    return nn.functional.mse_loss(out, target.view(-1, 1))\n\n\n";
    s << "def accuracy(x, target):\n    out = predict(x)\n";
    if (e.classes == 0)
        s << "    return float('nan')\n\n\n";
    else if (e.plusMinusOne || spec.loss == LossKind::BinaryCrossEntropy)
        s << "    return ((out.view(-1) > " << (e.plusMinusOne ? "0" : "0.5")
          << ").float() == target).float().mean().item()\n\n\n";
    else
        s << "    return (out.argmax(1) == target.long()).float().mean().item()\n\n\n";

    s << "def penalty():\n    weights = [m.weight for m in body if isinstance(m, (nn.Linear, nn.Conv2d)) and "
         "m.weight.requires_grad]\n"
      << "    if REGULARIZATION == 'l1':\n        return REGULARIZATION_RATE * sum(w.abs().sum() for w in weights)\n"
      << "    if REGULARIZATION == 'l2':\n        return REGULARIZATION_RATE * 0.5 * sum((w * w).sum() for w in "
         "weights)\n"
      << "    return 0.0\n\n\n"
      << "def learning_rate(epoch):\n"
      << scheduleBody(e.trainer.schedule) << "\n\n";

    // torchrun's processes: each takes its share of every batch; DDP averages their gradients.
    s << "def start_processes():\n"
      << "    \"\"\"(rank, processes): torchrun's when it started this one, else (0, 1).\"\"\"\n"
      << "    global DEVICE\n"
      << "    processes = int(os.environ.get('WORLD_SIZE', '1'))\n"
      << "    if processes == 1:\n        return 0, 1\n"
      << "    if torch.cuda.is_available():\n"
      << "        DEVICE = torch.device('cuda', int(os.environ.get('LOCAL_RANK', '0')))\n"
      << "        torch.cuda.set_device(DEVICE)\n"
      << "    torch.distributed.init_process_group('nccl' if DEVICE.type == 'cuda' else 'gloo')\n"
      << "    return torch.distributed.get_rank(), processes\n\n\n";

    const std::string raw = shapeTuple(e.rawInput);
    s << "def main():\n"
      << "    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])\n"
      << "    parser.add_argument('--epochs', type=int, default=EPOCHS)\n"
      << "    parser.add_argument('--fresh', action='store_true', help=\"start from PyTorch's initial weights\")\n"
      << "    args = parser.parse_args()\n"
      << "    rank, processes = start_processes()\n"
      << "    say = print if rank == 0 else (lambda *a, **k: None)\n"
      << "    torch.manual_seed(" << e.trainer.seed << ")  # the same in every process: the same batches\n"
      << "    train_x = load('train-inputs."
      << "f32', (-1, " << raw << ")).to(DEVICE)\n"
      << "    train_y = load('train-targets.f32', (-1,)).to(DEVICE)\n"
      << "    test_x = load('test-inputs.f32', (-1, " << raw << ")).to(DEVICE)\n"
      << "    test_y = load('test-targets.f32', (-1,)).to(DEVICE)\n"
      << "    body.to(DEVICE)\n"
      << "    if not args.fresh:\n"
      << "        load_weights(os.path.join(HERE, 'weights.bin'))\n";
    if (e.checkRows > 0)
        s << "        body.eval()\n"
          << "        with torch.no_grad():\n"
          << "            expected = load('expected-outputs.f32', (" << e.checkRows << ", -1)).to(DEVICE)\n"
          << "            difference = (predict(test_x[:" << e.checkRows << "]) - expected).abs().max().item()\n"
          << "        say(f\"Deepscope's outputs on " << e.checkRows
          << " test rows: largest difference {difference:.2e}\")\n"
          << "        if not difference <= 1e-4:\n"
          << "            sys.exit('the network does not match the one Deepscope exported')\n";
    s << "\n";
    // Weight decay (AdamW) applies to the weights of dense and conv layers, as in Deepscope.
    s << "    decayed = [m.weight for m in body if isinstance(m, (nn.Linear, nn.Conv2d)) and m.weight.requires_grad]\n"
      << "    others = [p for p in body.parameters() if p.requires_grad and all(p is not w for w in decayed)]\n"
      << "    groups = [{'params': decayed, 'weight_decay': "
      << py(e.trainer.optimizer.kind == OptimizerKind::AdamW ? e.trainer.optimizer.weightDecay : 0.0f) << "},\n"
      << "              {'params': others, 'weight_decay': 0.0}]\n"
      << "    optimizer = " << optimizerLine(e.trainer.optimizer) << "\n"
      << "    model = body if processes == 1 else nn.parallel.DistributedDataParallel(body)\n"
      << "    for epoch in range(args.epochs):\n"
      << "        for group in optimizer.param_groups:\n"
      << "            group['lr'] = learning_rate(epoch)\n"
      << "        body.train()\n"
      << "        order = torch.randperm(len(train_x))\n"
      << "        for start in range(0, len(order), BATCH_SIZE):\n"
      << "            batch = order[start:start + BATCH_SIZE]\n"
      << "            share = batch[rank::processes]  # this process's part of the batch\n"
      << "            optimizer.zero_grad()\n"
      << "            # Each share's mean loss weighted by its size: the processes' average is the batch's mean.\n"
      << "            weight = len(share) * processes / len(batch)\n"
      << "            loss = (data_loss(train_x[share], train_y[share], model) * weight if len(share)\n"
      << "                    else sum(p.sum() * 0 for p in model.parameters())) + penalty()\n"
      << "            loss.backward()\n"
      << "            optimizer.step()\n"
      << "        body.eval()\n"
      << "        with torch.no_grad():\n"
      << "            train_loss = data_loss(train_x, train_y).item()\n"
      << "            test_loss = data_loss(test_x, test_y).item()\n"
      << "            test_accuracy = accuracy(test_x, test_y)\n"
      << "        say(f'epoch {epoch + 1}: train loss {train_loss:.6f}, test loss {test_loss:.6f}, '\n"
      << "            f'test accuracy {test_accuracy:.4f}')\n"
      << "    if rank == 0:\n"
      << "        torch.save(body.state_dict(), os.path.join(HERE, 'trained.pt'))\n"
      << "    if processes > 1:\n"
      << "        torch.distributed.destroy_process_group()\n\n\n"
      << "if __name__ == '__main__':\n    main()\n";
    return s.str();
}

} // namespace ds::app
