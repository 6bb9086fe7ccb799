// A model opened on its own (app/core/modelsession.h): the overview the Model mode draws (graph,
// colour filters, preprocessing, class names), the preprocessing's arithmetic, the probabilities
// and a node's maps against the engine run by hand, and the models it refuses.
#include "backends.h"
#include "core/modelsession.h"
#include "core/receptivefield.h"
#include "error.h"
#include "network.h"

#include <QTest>

#include <cmath>
#include <numeric>

using namespace ds;
using namespace ds::app;

namespace {

// A small RGB graph: a stem convolution, two branches (a 1×1 and a 3×3 convolution) joined by a
// Concat, a projection added back, then the head; logits at the end (as PyTorch writes them).
onnx::OnnxModel graphModel()
{
    onnx::OnnxModel m;
    m.spec.input = {3, 8, 8};
    m.spec.layers = {
        LayerSpec::conv(4, 3, 1, 1), // 0
        LayerSpec::act(ActivationKind::Relu), // 1
        LayerSpec::conv(2, 1), // 2
        LayerSpec::conv(2, 3, 1, 1).from({1}), // 3
        LayerSpec::concat({2, 3}), // 4
        LayerSpec::add({4, 1}), // 5
        LayerSpec::globalAvgPool(), // 6
        LayerSpec::dense(5), // 7
    };
    m.spec.loss = LossKind::MeanSquaredError;
    auto cpu = createBackend("cpu");
    m.parameters = Network(m.spec, *cpu, 9).parametersToHost();
    return m;
}

std::string refusal(onnx::OnnxModel m)
{
    auto cpu = createBackend("cpu");
    try {
        ModelSession s(std::move(m), "m.onnx", *cpu);
    } catch (const Error &e) {
        return e.what();
    }
    return {};
}


// An 8×8 picture, black but for a 3×3 block of one colour at (top, left).
std::vector<std::uint8_t> pictureWithBlock(int top, int left, int channel, std::uint8_t value)
{
    std::vector<std::uint8_t> rgb(8 * 8 * 3, 0);
    for (int y = top; y < top + 3; ++y)
        for (int x = left; x < left + 3; ++x)
            rgb[std::size_t((y * 8 + x) * 3 + channel)] = value;
    return rgb;
}

// Two 3×3 filters that add up one colour each (red, blue) over their window, no padding.
onnx::OnnxModel colourDetectors()
{
    onnx::OnnxModel m;
    m.spec.input = {3, 8, 8};
    m.spec.layers = {LayerSpec::conv(2, 3), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2),
        LayerSpec::conv(2, 1), LayerSpec::globalAvgPool(), LayerSpec::dense(2)};
    m.spec.loss = LossKind::MeanSquaredError;
    auto cpu = createBackend("cpu");
    Network net(m.spec, *cpu, 3);
    LayerWeights w {{2, 3, 3, 3}, std::vector<float>(54, 0.0f), {0.0f, 0.0f}};
    for (int k = 0; k < 9; ++k) {
        w.weights[std::size_t(0 * 27 + 0 * 9 + k)] = 1.0f; // filter 0: red
        w.weights[std::size_t(1 * 27 + 2 * 9 + k)] = 1.0f; // filter 1: blue
    }
    net.setLayerWeights(0, w);
    m.parameters = net.parametersToHost();
    return m;
}

} // namespace

class TestModelSession : public QObject {
    Q_OBJECT
private slots:
    void overviewDrawsTheGraph()
    {
        auto cpu = createBackend("cpu");
        ModelSession s(graphModel(), "branches.onnx", *cpu);
        const ModelOverview &o = s.overview();
        QCOMPARE(o.name, std::string("branches.onnx"));
        QVERIFY(o.softmaxAdded);
        QCOMPARE(o.classes, 5);
        QCOMPARE(int(o.nodes.size()), 9); // the softmax added after the logits
        QCOMPARE(o.nodes[3].inputs, std::vector<int>({1}));
        QCOMPARE(o.nodes[4].inputs, std::vector<int>({2, 3}));
        QCOMPARE(o.nodes[5].inputs, std::vector<int>({4, 1}));
        QCOMPARE(o.nodes[0].inputs, std::vector<int>({-1}));
        QCOMPARE(o.nodes[4].shape, std::string("4×8×8"));
        QVERIFY(o.nodes[5].hasMaps && !o.nodes[7].hasMaps);
        QCOMPARE(o.nodes[0].parameters, std::size_t(4 * 3 * 9 + 4));
        QCOMPARE(o.parameters, std::size_t(112 + 10 + 74 + 25));
        // The first convolution in colour: (4, 3, 3, 3) as PyTorch lays it out.
        QCOMPARE(o.filters.count, 4);
        QCOMPARE(o.filters.channels, 3);
        QCOMPARE(o.filters.size, 3);
        QCOMPARE(o.filters.weights.size(), std::size_t(108));
        QCOMPARE(o.filters.weights[0], s.model().parameters[0]);
        QVERIFY(!o.preprocessingFromFile);
        QVERIFY(o.preprocessing == Preprocessing::unitRange(3));
        QVERIFY(o.classNames.empty());
    }

    void preprocessingIsTheStatedArithmetic()
    {
        auto cpu = createBackend("cpu");
        ModelSession s(graphModel(), "m.onnx", *cpu);
        Preprocessing p = Preprocessing::imageNet();
        p.bgr = true;
        s.setPreprocessing(p);
        std::vector<std::uint8_t> rgb(8 * 8 * 3, 0);
        rgb[0] = 255; // pixel 0: pure red
        rgb[3 + 2] = 51; // pixel 1: blue 51
        const std::vector<float> x = s.inputFor(rgb.data());
        QCOMPARE(x.size(), std::size_t(192));
        // BGR: channel 0 is blue, channel 2 red.
        QCOMPARE(x[0], (0.0f - 0.485f) / 0.229f);
        QCOMPARE(x[128 + 0], (255.0f / 255.0f - 0.406f) / 0.225f);
        QCOMPARE(x[1], (51.0f / 255.0f - 0.485f) / 0.229f);
        QCOMPARE(x[64 + 1], (0.0f - 0.456f) / 0.224f);
    }

    void badPreprocessingIsRefusedAndTheOldKept()
    {
        auto cpu = createBackend("cpu");
        ModelSession s(graphModel(), "m.onnx", *cpu);
        Preprocessing zeroStd = Preprocessing::imageNet();
        zeroStd.stddev[1] = 0.0f;
        Preprocessing oneChannel = Preprocessing::unitRange(1);
        Preprocessing nanMean = Preprocessing::imageNet();
        nanMean.mean[2] = std::nanf("");
        for (const Preprocessing &p : {zeroStd, oneChannel, nanMean}) {
            QVERIFY_THROWS_EXCEPTION(Error, s.setPreprocessing(p));
            QVERIFY(s.preprocessing() == Preprocessing::unitRange(3));
        }
    }

    void probabilitiesAndMapsAreTheNetworks()
    {
        auto cpu = createBackend("cpu");
        const onnx::OnnxModel m = graphModel();
        ModelSession s(m, "m.onnx", *cpu);
        s.setPreprocessing(Preprocessing::imageNet());
        std::vector<std::uint8_t> rgb(8 * 8 * 3);
        for (std::size_t i = 0; i < rgb.size(); ++i)
            rgb[i] = std::uint8_t((i * 37) % 256);
        const ModelResult r = s.classify(rgb.data(), 4);

        // The same by hand: the engine on the normalized picture.
        ModelSpec spec = m.spec;
        spec.layers.push_back(LayerSpec::softmax());
        spec.loss = LossKind::SoftmaxCrossEntropy;
        Network net(spec, *cpu, 1);
        net.setParameters(m.parameters);
        std::vector<float> x(192);
        const float mean[3] = {0.485f, 0.456f, 0.406f}, sd[3] = {0.229f, 0.224f, 0.225f};
        for (int c = 0; c < 3; ++c)
            for (int i = 0; i < 64; ++i)
                x[std::size_t(c * 64 + i)] = (float(rgb[std::size_t(3 * i + c)]) * (1.0f / 255.0f) - mean[c]) / sd[c];
        Tensor t = cpu->tensor({1, 3, 8, 8});
        cpu->upload(x.data(), t);
        const std::vector<float> p = cpu->toHost(net.forward(t, false));
        QCOMPARE(r.probabilities, p);
        QVERIFY(std::abs(std::accumulate(p.begin(), p.end(), 0.0f) - 1.0f) < 1e-5f);
        QCOMPARE(r.node, 4);
        QCOMPARE(r.maps.shape, Shape({4, 8, 8}));
        QCOMPARE(r.maps.values, cpu->toHost(net.layerOutput(4)));
        QVERIFY(QString::fromStdString(r.maps.title).contains("4×8×8"));
        // Another node of the same run, without running again.
        QCOMPARE(s.maps(0).values, cpu->toHost(net.layerOutput(0)));
        QVERIFY(s.maps(-1).values.empty() && s.maps(99).values.empty());
    }

    // Where one output of each layer looks in the input: convolutions and pools grow the window
    // (padding moves its start), joins see the union, and nothing after a global pool is a map.
    void receptiveFields()
    {
        const std::vector<std::optional<InputWindow>> w = inputWindows(graphModel().spec);
        QCOMPARE(w[0], std::optional<InputWindow>(InputWindow {3, 1, -1})); // 3×3, padding 1
        QCOMPARE(w[1], w[0]); // the ReLU keeps it
        QCOMPARE(w[2], w[0]); // a 1×1 convolution adds nothing
        QCOMPARE(w[3], std::optional<InputWindow>(InputWindow {5, 1, -2}));
        QCOMPARE(w[4], w[3]); // the concat's union
        QCOMPARE(w[5], w[3]);
        QVERIFY(!w[6] && !w[7]);
        const std::vector<std::optional<InputWindow>> d = inputWindows(colourDetectors().spec);
        QCOMPARE(d[2], std::optional<InputWindow>(InputWindow {4, 2, 0})); // 3×3, then a 2×2 pool of stride 2
        QCOMPARE(d[3], d[2]);
    }

    // Each filter's strongest window in each picture, best first, cut out of the picture as it is.
    void topPatchesOverPictures()
    {
        auto cpu = createBackend("cpu");
        ModelSession s(colourDetectors(), "colours.onnx", *cpu);
        std::vector<std::vector<std::uint8_t>> pictures = {
            pictureWithBlock(2, 3, 0, 255), // bright red at (2, 3)
            pictureWithBlock(4, 4, 0, 200), // dimmer red at (4, 4) ...
            std::vector<std::uint8_t>(8 * 8 * 3, 128), // all grey
        };
        for (int y = 0; y < 3; ++y) // ... and bright blue at (0, 0)
            for (int x = 0; x < 3; ++x)
                pictures[1][std::size_t((y * 8 + x) * 3 + 2)] = 255;
        const TopPatches t = s.topPatches(0, pictures, 3);
        QCOMPARE(t.filters, 2);
        QCOMPARE(t.perFilter, 3);
        QCOMPARE(t.channels, 3);
        QCOMPARE(t.size, 3);
        QCOMPARE(t.window, 3);
        QCOMPARE(t.searched, 3);
        QCOMPARE(t.weights.count, 2);
        QCOMPARE(t.images, (std::vector<int> {0, 1, 2, 1, 2, 0})); // red: 0, 1, grey; blue: 1, grey, 0
        QCOMPARE(t.activations[0], 9.0f);
        QVERIFY(std::abs(t.activations[1] - 9.0f * 200.0f / 255.0f) < 1e-5f);
        QVERIFY(std::abs(t.activations[2] - 9.0f * 128.0f / 255.0f) < 1e-5f);
        QCOMPARE(t.activations[3], 9.0f);
        // The red filter's best patch is the red block itself: R 1, G and B 0.
        for (int c = 0; c < 3; ++c)
            for (int i = 0; i < 9; ++i)
                QCOMPARE(t.pixels[std::size_t(c * 9 + i)], c == 0 ? 1.0f : 0.0f);
        // Its second is the dimmer block, at 200/255.
        QCOMPARE(t.pixels[27], 200.0f / 255.0f);

        // The second convolution (after the pool) sees 4×4 windows on a grid of 2.
        const TopPatches deep = s.topPatches(3, pictures, 1);
        QCOMPARE(deep.filters, 2);
        QCOMPARE(deep.size, 4);
        QCOMPARE(deep.window, 4);
        // No patches for what is no convolution, or no picture.
        QCOMPARE(s.topPatches(1, pictures, 3).filters, 0);
        QCOMPARE(s.topPatches(0, {}, 3).filters, 0);
        // The session still classifies afterwards.
        const ModelResult r = s.classify(pictures[0].data(), 0);
        QCOMPARE(r.maps.shape, Shape({2, 6, 6}));
        QCOMPARE(r.maps.values[2 * 6 + 3], 9.0f);
    }

    void greyNetworksTakeTheMeanOfThePicture()
    {
        onnx::OnnxModel m;
        m.spec.input = {1, 4, 4};
        m.spec.layers = {LayerSpec::flatten(), LayerSpec::dense(3), LayerSpec::softmax()};
        m.spec.loss = LossKind::SoftmaxCrossEntropy;
        auto cpu = createBackend("cpu");
        m.parameters = Network(m.spec, *cpu, 3).parametersToHost();
        m.prelude.mean = {0.5f};
        m.prelude.stddev = {0.25f};
        m.metadata["deepscope.classes"] = "cat, dog, bird";
        ModelSession s(m, "grey.onnx", *cpu);
        QVERIFY(s.overview().preprocessingFromFile);
        QCOMPARE(s.overview().preprocessing.mean, std::vector<float>({0.5f}));
        QCOMPARE(s.overview().classNames, std::vector<std::string>({"cat", "dog", "bird"}));
        QVERIFY(!s.overview().softmaxAdded);
        QCOMPARE(s.overview().filters.count, 0);
        std::vector<std::uint8_t> rgb(16 * 3, 0);
        rgb[0] = 30, rgb[1] = 60, rgb[2] = 90;
        QCOMPARE(s.inputFor(rgb.data())[0], (60.0f / 255.0f - 0.5f) / 0.25f);
    }

    void notAnImageClassifierIsSaid()
    {
        onnx::OnnxModel points;
        points.spec = ModelSpec::mlp(2, {4}, {ActivationKind::Tanh}, 2, LossKind::SoftmaxCrossEntropy);
        auto cpu = createBackend("cpu");
        points.parameters = Network(points.spec, *cpu, 1).parametersToHost();
        QVERIFY(QString::fromStdString(refusal(points)).contains("not images"));

        onnx::OnnxModel regression = graphModel();
        regression.spec.layers.back() = LayerSpec::dense(1);
        regression.parameters = Network(regression.spec, *cpu, 1).parametersToHost();
        QVERIFY(QString::fromStdString(refusal(regression)).contains("no image classifier"));
    }

    void labels()
    {
        QCOMPARE(parseLabels("tench\n goldfish \r\n\nshark\n", 3), std::vector<std::string>({"tench", "goldfish", "shark"}));
        QVERIFY_THROWS_EXCEPTION(Error, parseLabels("a\nb\n", 3));
        QCOMPARE(splitClassNames("0, 1, 2", 3), std::vector<std::string>({"0", "1", "2"}));
        QVERIFY(splitClassNames("0, 1", 3).empty());
    }
};

QTEST_GUILESS_MAIN(TestModelSession)
#include "tst_modelsession.moc"
