// ONNX export and import: every exported model passes ONNX's checker (inside exportOnnx), is read
// by OpenCV's DNN module — a reader that is not ours — to our engine's outputs within 1e-5 on the
// same raw inputs (an MLP per activation with the Points features in the graph, every CNN preset
// with the normalization in the graph), and reads back into the same spec and the same bits.
#include "cpu/cpubackend.h"
#include "error.h"
#include "images.h"
#include "images/cnnpresets.h"
#include "network.h"
#include "onnxexport.h"
#include "onnximport.h"

#include <QFile>
#include <QTest>

#include <onnx/onnx_pb.h>
#include <opencv2/dnn.hpp>

#include <cmath>
#include <random>

using namespace ds;
using namespace ds::onnx;

Q_DECLARE_METATYPE(ds::LayerSpec)

namespace {

constexpr double kTolerance = 1e-5;

// Our export of `spec` (weights from seed 1) as protobuf, for a test to alter before importing.
::onnx::ModelProto exportedProto(const ModelSpec &spec)
{
    CpuBackend cpu;
    Network net(spec, cpu, 1);
    ::onnx::ModelProto proto;
    if (!proto.ParseFromString(exportOnnx({spec, net.parametersToHost(), {}, {}})))
        throw Error("our own export does not parse");
    return proto;
}

std::vector<float> uniform(std::size_t n, float lo, float hi, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(lo, hi);
    std::vector<float> v(n);
    for (float &x : v)
        x = d(rng);
    return v;
}

// The Points features of the playground: X1, X2, X1², X2², X1·X2, sin X1, sin X2.
std::vector<PointFeature> allPointFeatures()
{
    using Op = PointFeature::Op;
    return {{Op::Coordinate, 0}, {Op::Coordinate, 1}, {Op::Product, 0, 0, 36.0f}, {Op::Product, 1, 1, 36.0f},
        {Op::Product, 0, 1, 36.0f}, {Op::Sine, 0}, {Op::Sine, 1}};
}

// What the playground computes from a raw point, in the same float operations.
std::vector<float> pointFeatures(const std::vector<float> &points)
{
    std::vector<float> m;
    for (std::size_t i = 0; i + 1 < points.size(); i += 2) {
        const float x = points[i], y = points[i + 1];
        for (float v : {x, y, x * x / 36.0f, y * y / 36.0f, x * y / 36.0f, std::sin(x), std::sin(y)})
            m.push_back(v);
    }
    return m;
}

// Trained-looking parameters: the initializer's, moved off their start, and batch-norm
// statistics that are not the identity.
std::vector<float> parametersFor(Network &net, unsigned seed)
{
    std::vector<float> p = net.parametersToHost();
    const std::vector<float> noise = uniform(p.size(), -0.05f, 0.05f, seed);
    for (std::size_t i = 0; i < p.size(); ++i)
        p[i] += noise[i];
    for (int l = 0; l < net.layerCount(); ++l) {
        if (net.layer(l).kind() != LayerKind::BatchNorm)
            continue;
        const std::size_t c = net.layer(l).paramCount() / 4, at = net.parameterOffset(l);
        for (std::size_t k = 0; k < c; ++k)
            p[at + 3 * c + k] = 0.5f + std::abs(noise[k]) * 20.0f; // running variance > 0
    }
    net.setParameters(p);
    return p;
}

// Our evaluation output of (N, ...) inputs.
std::vector<float> ours(Network &net, const std::vector<float> &x, int rows)
{
    Shape shape {rows};
    shape.insert(shape.end(), net.spec().input.begin(), net.spec().input.end());
    const Tensor in = net.backend().fromHost(x, shape);
    return net.backend().toHost(net.forward(in, false));
}

std::vector<float> openCv(const std::string &bytes, const std::vector<float> &x, const std::vector<int> &shape)
{
    try {
        cv::dnn::Net net = cv::dnn::readNetFromONNX(bytes.data(), bytes.size());
        cv::Mat input(int(shape.size()), shape.data(), CV_32F, const_cast<float *>(x.data()));
        net.setInput(input);
        cv::Mat out = net.forward().clone();
        return std::vector<float>(out.ptr<float>(), out.ptr<float>() + out.total());
    } catch (const cv::Exception &e) {
        qWarning("OpenCV: %s", e.what());
        return {};
    }
}

QString compare(const std::vector<float> &a, const std::vector<float> &b)
{
    if (a.size() != b.size())
        return QString("%1 values against %2").arg(a.size()).arg(b.size());
    double worst = 0;
    std::size_t at = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double d = std::fabs(double(a[i]) - b[i]) / std::max(1.0, std::fabs(double(a[i])));
        if (!(d <= worst)) {
            worst = d;
            at = i;
        }
    }
    if (worst > kTolerance)
        return QString("worst at %1: ours %2, OpenCV %3").arg(at).arg(a[at], 0, 'g', 9).arg(b[at], 0, 'g', 9);
    return {};
}

void checkRoundTrip(const OnnxModel &model, const std::string &bytes)
{
    const OnnxModel back = importOnnx(bytes);
    ModelSpec withoutDropout = model.spec; // inference graphs leave dropout out
    std::erase_if(withoutDropout.layers, [](const LayerSpec &l) { return l.kind == LayerKind::Dropout; });
    QVERIFY2(back.spec == withoutDropout, "the spec reads back different");
    QVERIFY2(back.parameters == model.parameters, "the parameters read back different");
    QVERIFY2(back.prelude == model.prelude, "the prelude reads back different");
}

} // namespace

class TestOnnx : public QObject {
    Q_OBJECT

private slots:
    void mlpPerActivation_data()
    {
        QTest::addColumn<int>("activation");
        for (const auto &[kind, name] : activationNames())
            QTest::newRow(name) << int(kind);
    }

    // The Points mode's network with its features in the graph: OpenCV takes raw (x1, x2).
    void mlpPerActivation()
    {
        QFETCH(int, activation);
        CpuBackend cpu;
        const ModelSpec spec = ModelSpec::mlp(
            7, {8, 5}, {ActivationKind(activation)}, 1, LossKind::MeanSquaredError, ActivationKind::Tanh);
        Network net(spec, cpu, 7);
        OnnxModel model {spec, parametersFor(net, 11), {allPointFeatures(), {}, {}}, {{"deepscope.output", "tanh"}}};
        const std::string bytes = exportOnnx(model);

        const int rows = 64;
        const std::vector<float> points = uniform(2 * rows, -6.0f, 6.0f, 3);
        checkRoundTrip(model, bytes);
        if (ActivationKind(activation) == ActivationKind::Relu6)
            QSKIP("OpenCV 4.6 refuses Clip (ReLU6) with the bounds as inputs, opset 13's form; read back above, "
                  "and checked against PyTorch through torchvision's mobilenet_v2 (tst_torchvision)");
        const QString diff = compare(ours(net, pointFeatures(points), rows), openCv(bytes, points, {rows, 2}));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void cnnPresets_data()
    {
        QTest::addColumn<Shape>("input");
        QTest::addColumn<QString>("preset");
        for (const Shape &input : {Shape {1, 28, 28}, Shape {3, 32, 32}})
            for (const app::CnnPreset &p : app::cnnPresets(input, 10))
                QTest::newRow(qPrintable(p.name + " " + QString::fromStdString(shapeToString(input))))
                    << input << p.name;
    }

    // Every preset, with batch norm's statistics and the per-channel normalization in the graph.
    void cnnPresets()
    {
        QFETCH(Shape, input);
        QFETCH(QString, preset);
        ModelSpec spec;
        for (const app::CnnPreset &p : app::cnnPresets(input, 10))
            if (p.name == preset)
                spec = p.spec;
        CpuBackend cpu;
        Network net(spec, cpu, 5);
        InputPrelude prelude;
        for (int c = 0; c < input[0]; ++c) {
            prelude.mean.push_back(0.13f + 0.1f * float(c));
            prelude.stddev.push_back(0.31f - 0.05f * float(c));
        }
        OnnxModel model {spec, parametersFor(net, 13), prelude, {}};
        const std::string bytes = exportOnnx(model);

        const int rows = 3;
        const std::vector<float> images = uniform(std::size_t(rows) * elementCount(input), 0.0f, 1.0f, 9);
        std::vector<float> normalized = images;
        const std::size_t plane = std::size_t(input[1]) * std::size_t(input[2]);
        for (std::size_t i = 0; i < normalized.size(); ++i) {
            const std::size_t c = (i / plane) % std::size_t(input[0]);
            normalized[i] = (normalized[i] - prelude.mean[c]) / prelude.stddev[c];
        }
        const QString diff
            = compare(ours(net, normalized, rows), openCv(bytes, images, {rows, input[0], input[1], input[2]}));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        checkRoundTrip(model, bytes);
    }

    void layerKinds_data()
    {
        QTest::addColumn<LayerSpec>("layer");
        QTest::newRow("dilated strided padded conv") << LayerSpec::conv(3, 3, 2, 1, 2);
        QTest::newRow("padded average pool") << LayerSpec::avgPool(3, 1, 1);
        QTest::newRow("padded max pool") << LayerSpec::maxPool(2, 1, 1);
        QTest::newRow("strided max pool") << LayerSpec::maxPool(3, 2);
        QTest::newRow("batch norm") << LayerSpec::batchNorm();
        QTest::newRow("global average pool") << LayerSpec::globalAvgPool();
        QTest::newRow("dropout") << LayerSpec::dropout(0.3f);
        LayerSpec grouped = LayerSpec::conv(6, 3, 1, 1);
        grouped.groups = 3; // depthwise with two filters per channel
        QTest::newRow("grouped conv") << grouped;
        LayerSpec ceilMax = LayerSpec::maxPool(2, 2), ceilAverage = LayerSpec::avgPool(2, 2);
        ceilMax.ceilMode = ceilAverage.ceilMode = true; // 11 -> 6, the last window clipped
        QTest::newRow("ceil-mode max pool") << ceilMax;
        QTest::newRow("ceil-mode average pool") << ceilAverage;
        for (const auto &[kind, name] : activationNames())
            QTest::newRow(name) << LayerSpec::act(kind);
    }

    // Each layer kind and option between a convolution and a classifier, and a dense layer with
    // batch norm after it: OpenCV agrees, and it reads back the same (dropout left out).
    void layerKinds()
    {
        QFETCH(LayerSpec, layer);
        ModelSpec spec;
        spec.input = {2, 11, 11};
        spec.layers = {LayerSpec::conv(3, 3, 1, 1), layer, LayerSpec::flatten(), LayerSpec::dense(6),
            LayerSpec::batchNorm(), LayerSpec::act(ActivationKind::Tanh), LayerSpec::dense(4), LayerSpec::softmax()};
        spec.loss = LossKind::SoftmaxCrossEntropy;
        CpuBackend cpu;
        Network net(spec, cpu, 3);
        OnnxModel model {spec, parametersFor(net, 1), {}, {}};
        const std::string bytes = exportOnnx(model);
        checkRoundTrip(model, bytes);
        if (layer == LayerSpec::act(ActivationKind::Relu6))
            QSKIP("OpenCV 4.6 refuses Clip (ReLU6) with the bounds as inputs, opset 13's form; read back above");
        const std::vector<float> x = uniform(2 * elementCount(spec.input), -1.0f, 1.0f, 2);
        const QString diff = compare(ours(net, x, 2), openCv(bytes, x, {2, 2, 11, 11}));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // Skip connections (ONNX Add of the chain and an earlier value): over convolutions, over a
    // dense block, and from the graph's input; OpenCV agrees and they read back the same.
    void residualNetworks_data()
    {
        QTest::addColumn<bool>("images");
        QTest::newRow("conv") << true;
        QTest::newRow("dense") << false;
    }
    void residualNetworks()
    {
        QFETCH(bool, images);
        ModelSpec spec;
        spec.loss = LossKind::SoftmaxCrossEntropy;
        if (images) {
            spec.input = {2, 7, 7};
            spec.layers = {LayerSpec::conv(2, 3, 1, 1), LayerSpec::act(ActivationKind::Relu), LayerSpec::residual(2),
                LayerSpec::conv(4, 3, 1, 1), LayerSpec::act(ActivationKind::Relu), LayerSpec::conv(4, 3, 1, 1),
                LayerSpec::residual(2), LayerSpec::flatten(), LayerSpec::dense(3), LayerSpec::softmax()};
        } else {
            spec.input = {5};
            spec.layers = {LayerSpec::dense(5), LayerSpec::act(ActivationKind::Tanh), LayerSpec::dropout(0.2f),
                LayerSpec::residual(3), LayerSpec::dense(5), LayerSpec::act(ActivationKind::Tanh),
                LayerSpec::residual(2), LayerSpec::dense(3), LayerSpec::softmax()};
        }
        CpuBackend cpu;
        Network net(spec, cpu, 4);
        OnnxModel model {spec, parametersFor(net, 2), {}, {}};
        const std::string bytes = exportOnnx(model);
        std::vector<int> shape {3};
        shape.insert(shape.end(), spec.input.begin(), spec.input.end());
        const std::vector<float> x = uniform(3 * elementCount(spec.input), -1.0f, 1.0f, 5);
        const QString diff = compare(ours(net, x, 3), openCv(bytes, x, shape));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        if (images) {
            checkRoundTrip(model, bytes);
        } else { // the dropout is left out of the graph, so the first skip spans one layer fewer
            const OnnxModel back = importOnnx(bytes);
            QCOMPARE(back.spec.layers[2], LayerSpec::residual(2));
            QCOMPARE(back.spec.layers[5], LayerSpec::residual(2));
            QCOMPARE(back.parameters, model.parameters);
        }
    }

    // A LeNet that PyTorch trained and wrote (data/make_pytorch_lenet.py): our reading gives
    // OpenCV's outputs, and with the softmax the Images mode adds it classifies the bundled test
    // digits as PyTorch did (95.95 % there).
    void importsPyTorchLeNet()
    {
        QFile file(QFINDTESTDATA("data/pytorch_lenet.onnx"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray raw = file.readAll();
        const std::string bytes(raw.constData(), std::size_t(raw.size()));
        OnnxModel model = importOnnx(bytes);
        QCOMPARE(model.spec.input, (Shape {1, 28, 28}));
        QStringList layers;
        for (const LayerSpec &l : model.spec.layers)
            layers << QString::fromStdString(describeLayer(l));
        QCOMPARE(layers.size(), 10);
        QVERIFY2(layers.join(", ").startsWith("conv 5x5, 6 filters"), qPrintable(layers.join(", ")));
        QCOMPARE(model.spec.layers.back().units, 10);

        const data::ImageSplit split = data::splitBundledMnist(data::loadBundledMnist(), 0.0, 1);
        const data::ImageSet &test = split.test;
        std::vector<float> testValues(std::size_t(test.count()) * test.imageSize());
        data::normalizeInto(test, data::channelStats(split.train), 0, test.count(), testValues.data());
        CpuBackend cpu;
        {
            Network logits(model.spec, cpu, 1);
            logits.setParameters(model.parameters);
            const std::vector<float> first(testValues.begin(), testValues.begin() + 50 * 784);
            const QString diff = compare(ours(logits, first, 50), openCv(bytes, first, {50, 1, 28, 28}));
            QVERIFY2(diff.isEmpty(), qPrintable(diff));
        }
        QVERIFY(endWithSoftmax(model));
        QCOMPARE(model.spec.loss, LossKind::SoftmaxCrossEntropy);
        Network net(model.spec, cpu, 1);
        net.setParameters(model.parameters);
        const std::vector<float> p = ours(net, testValues, test.count());
        int right = 0;
        for (int i = 0; i < test.count(); ++i) {
            const float *row = p.data() + std::size_t(i) * 10;
            right += int(std::max_element(row, row + 10) - row) == test.labels[std::size_t(i)];
        }
        const double accuracy = double(right) / test.count();
        QVERIFY2(accuracy > 0.95, qPrintable(QString::number(accuracy)));
    }

    void unsupportedOperatorsAreNamed()
    {
        CpuBackend cpu;
        const ModelSpec spec = ModelSpec::mlp(2, {3}, {ActivationKind::Relu}, 1, LossKind::MeanSquaredError);
        Network net(spec, cpu, 1);
        std::string bytes = exportOnnx({spec, net.parametersToHost(), {}, {}});
        // The same model with its Relu turned into Abs, a name no operator has.
        const std::size_t at = bytes.find("Relu");
        QVERIFY(at != std::string::npos);
        bytes.replace(at, 4, "Absx"); // the same length keeps the protobuf sound
        try {
            importOnnx(bytes);
            QFAIL("an unknown operator was accepted");
        } catch (const Error &e) {
            QVERIFY2(QString(e.what()).contains("operator Absx"), e.what());
            QVERIFY2(!QString(e.what()).contains('\n'), "not one line");
        }
    }

    // A standard operator's name in a vendor's operator set is not the standard operator.
    void otherOperatorSetsAreRefused()
    {
        const ModelSpec spec = ModelSpec::mlp(2, {3}, {ActivationKind::Relu}, 1, LossKind::MeanSquaredError);
        ::onnx::ModelProto proto = exportedProto(spec);
        bool set = false;
        const std::string vendor = "com.microsoft";
        for (::onnx::NodeProto &n : *proto.mutable_graph()->mutable_node())
            if (n.op_type() == "Relu") {
                n.set_domain(vendor);
                set = true;
            }
        QVERIFY(set);
        try {
            importOnnx(proto.SerializeAsString());
            QFAIL("a vendor's Relu was read as the standard one");
        } catch (const Error &e) {
            QVERIFY2(QString(e.what()).contains("operator set 'com.microsoft'"), e.what());
        }
    }

    // A pool's stride 0 is named at the pool, not at the dense layer after it whose input no
    // longer fits (as it was).
    void badAttributesAreNamedAtTheirNode()
    {
        ModelSpec spec;
        spec.input = {1, 8, 8};
        spec.layers = {LayerSpec::conv(2, 3, 1, 1), LayerSpec::maxPool(2), LayerSpec::flatten(), LayerSpec::dense(3),
            LayerSpec::softmax()};
        spec.loss = LossKind::SoftmaxCrossEntropy;
        ::onnx::ModelProto proto = exportedProto(spec);
        bool changed = false;
        std::string pool;
        for (::onnx::NodeProto &n : *proto.mutable_graph()->mutable_node())
            if (n.op_type() == "MaxPool")
                for (::onnx::AttributeProto &a : *n.mutable_attribute())
                    if (a.name() == "strides") {
                        a.set_ints(0, 0);
                        a.set_ints(1, 0);
                        pool = n.name();
                        changed = true;
                    }
        QVERIFY(changed);
        try {
            importOnnx(proto.SerializeAsString());
            QFAIL("a stride of 0 was accepted");
        } catch (const Error &e) {
            QVERIFY2(QString(e.what()).contains(QString::fromStdString("node '" + pool + "': strides")), e.what());
        }
    }

    // A graph of 30,000 nodes imports whole and in order. The importer checked the whole network
    // after each node (30,000 nodes took 183 s, 10,000 took 10 s); now each layer once.
    void longGraphsImport()
    {
        ModelSpec spec;
        spec.input = {1, 4, 4};
        spec.layers = {LayerSpec::act(ActivationKind::Relu), LayerSpec::flatten(), LayerSpec::dense(3),
            LayerSpec::softmax()};
        spec.loss = LossKind::SoftmaxCrossEntropy;
        ::onnx::ModelProto proto = exportedProto(spec);
        ::onnx::GraphProto &graph = *proto.mutable_graph();
        QCOMPARE(graph.node(0).op_type(), std::string("Relu"));
        // 29,999 more ReLUs before the first, each reading the one before.
        constexpr int kExtra = 29999;
        google::protobuf::RepeatedPtrField<::onnx::NodeProto> nodes;
        std::string previous = graph.node(0).input(0);
        for (int i = 0; i < kExtra; ++i) {
            ::onnx::NodeProto *n = nodes.Add();
            n->set_op_type("Relu");
            n->set_name("extra" + std::to_string(i));
            n->add_input(previous);
            previous = "extra_out" + std::to_string(i);
            n->add_output(previous);
        }
        graph.mutable_node(0)->set_input(0, previous);
        for (const ::onnx::NodeProto &n : graph.node())
            *nodes.Add() = n;
        graph.mutable_node()->Swap(&nodes);
        const OnnxModel model = importOnnx(proto.SerializeAsString());
        QCOMPARE(model.spec.layers.size(), std::size_t(kExtra + 4));
        for (int i = 0; i <= kExtra; ++i)
            QVERIFY(model.spec.layers[std::size_t(i)] == LayerSpec::act(ActivationKind::Relu));
        QVERIFY(model.spec.layers[std::size_t(kExtra + 2)].kind == LayerKind::Dense);
    }

    // PyTorch's dynamic axes: a file that takes pictures of any height and width imports at a
    // size asked for, and says what it needs when none is.
    void anyPictureSizeTakesTheSizeAskedFor()
    {
        ModelSpec spec;
        spec.input = {3, 8, 8};
        spec.layers = {LayerSpec::conv(4, 3, 1, 1), LayerSpec::act(ActivationKind::Relu), LayerSpec::globalAvgPool(),
            LayerSpec::dense(2), LayerSpec::softmax()};
        spec.loss = LossKind::SoftmaxCrossEntropy;
        ::onnx::ModelProto proto = exportedProto(spec);
        auto *dims = proto.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim();
        QCOMPARE(dims->size(), 4);
        const std::string height = "height", width = "width";
        dims->Mutable(2)->set_dim_param(height);
        dims->Mutable(3)->set_dim_param(width);
        std::string bytes;
        QVERIFY(proto.SerializeToString(&bytes));
        QString error;
        try {
            importOnnx(bytes);
        } catch (const Error &e) {
            error = e.what();
        }
        QVERIFY2(error.contains("any height") && error.contains("--size"), qPrintable(error));
        const OnnxModel m = importOnnx(bytes, {16, 12});
        QCOMPARE(m.spec.input, Shape({3, 16, 12}));
        QCOMPARE(m.spec.layers.size(), spec.layers.size());
        // A file with its own size keeps it, whatever is asked.
        QCOMPARE(importOnnx(exportOnnx({spec, importOnnx(bytes, {8, 8}).parameters, {}, {}}), {16, 12}).spec.input,
            Shape({3, 8, 8}));
    }

    void damagedFilesAreNamed()
    {
        auto errorOf = [](const std::string &bytes) {
            try {
                importOnnx(bytes);
            } catch (const Error &e) {
                return QString::fromStdString(e.what());
            }
            return QString();
        };
        QVERIFY(errorOf("").contains("not an ONNX model"));
        QVERIFY(errorOf("\x08\x07garbage that is not protobuf").contains("not an ONNX model"));

        CpuBackend cpu;
        const ModelSpec spec = ModelSpec::mlp(2, {3}, {ActivationKind::Relu}, 1, LossKind::MeanSquaredError);
        Network net(spec, cpu, 1);
        const std::string bytes = exportOnnx({spec, net.parametersToHost(), {}, {}});
        // Found by tests/fuzz/fuzz_onnx: a prelude node without an output was read past its end.
        QFile found(QFINDTESTDATA("data/fuzz-node-without-output.onnx"));
        QVERIFY(found.open(QIODevice::ReadOnly));
        const QString foundError = errorOf(found.readAll().toStdString());
        QVERIFY2(foundError.contains("has no output"), qPrintable(foundError));

        // Every truncation is refused with a message or reads a smaller model, never a crash.
        for (std::size_t n = 0; n < bytes.size(); n += 7)
            errorOf(bytes.substr(0, n));
    }
};

QTEST_GUILESS_MAIN(TestOnnx)
#include "tst_onnx.moc"
