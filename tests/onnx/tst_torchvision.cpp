// The importer on the networks people train: torchvision's resnet18, mobilenet_v2, squeezenet1_1,
// mobilenet_v3_small, alexnet and vgg11, exported by PyTorch itself
// (data/make_torchvision_models.py, run here into a temporary folder). Each imports into a graph spec that our engine runs to OpenCV DNN's outputs
// (a reader that is not ours) and to PyTorch's own, within 1e-4 of the largest output; and our
// export of the imported graph reads back to the same spec and bits.
#include "cpu/cpubackend.h"
#include "error.h"
#include "network.h"
#include "onnxexport.h"
#include "onnximport.h"
#include "patience.h"
#include "workload.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <onnx/onnx_pb.h>
#include <opencv2/dnn.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

using namespace ds;
using namespace ds::onnx;

namespace {

constexpr double kTolerance = 1e-4; // of the largest output

// A name for a protobuf setter; GCC 12 warns falsely (-Wrestrict) when a literal is inlined there.
std::string text(const char *s)
{
    return std::string(s);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::vector<float> readFloats(const QString &path)
{
    const QByteArray bytes = readAll(path);
    std::vector<float> v(std::size_t(bytes.size()) / sizeof(float));
    std::memcpy(v.data(), bytes.constData(), v.size() * sizeof(float));
    return v;
}

std::vector<float> ourOutputs(const OnnxModel &model, const std::vector<float> &input)
{
    CpuBackend be(2);
    Network net(model.spec, be, 1);
    net.setParameters(model.parameters);
    Shape shape = model.spec.input;
    const int rows = int(input.size() / elementCount(shape));
    shape.insert(shape.begin(), rows);
    return be.toHost(net.forward(be.fromHost(input, shape), false));
}

// The model at `path` with PyTorch's shared constants (Identity nodes of an initializer) written
// out as initializers of their own, which OpenCV 4.6 needs; the path of that copy.
QString withoutSharedConstants(const QString &path)
{
    ::onnx::ModelProto proto;
    const QByteArray bytes = readAll(path);
    if (!proto.ParseFromArray(bytes.constData(), int(bytes.size())))
        return path;
    auto *graph = proto.mutable_graph();
    std::map<std::string, int> initializers;
    for (int i = 0; i < graph->initializer_size(); ++i)
        initializers[graph->initializer(i).name()] = i;
    ::google::protobuf::RepeatedPtrField<::onnx::NodeProto> kept;
    for (const auto &n : graph->node()) {
        const auto it = n.op_type() == "Identity" ? initializers.find(n.input(0)) : initializers.end();
        if (it == initializers.end()) {
            *kept.Add() = n;
            continue;
        }
        ::onnx::TensorProto copy = graph->initializer(it->second);
        copy.set_name(n.output(0));
        *graph->add_initializer() = copy;
    }
    graph->mutable_node()->Swap(&kept);
    const QString out = path + ".opencv.onnx";
    QFile f(out);
    const std::string written = proto.SerializeAsString();
    if (!f.open(QIODevice::WriteOnly) || f.write(written.data(), qint64(written.size())) != qint64(written.size()))
        return path;
    return out;
}

std::vector<float> openCvOutputs(const QString &path, const std::vector<float> &input, const Shape &row)
try {
    cv::dnn::Net net = cv::dnn::readNetFromONNX(path.toStdString());
    const int rows = int(input.size() / elementCount(row));
    const int dims[4] = {rows, row[0], row[1], row[2]};
    cv::Mat blob(4, dims, CV_32F, const_cast<float *>(input.data()));
    net.setInput(blob);
    const cv::Mat out = net.forward().clone();
    return std::vector<float>(out.ptr<float>(), out.ptr<float>() + out.total());
} catch (const cv::Exception &e) {
    qWarning("OpenCV: %s", e.what());
    return {};
}

// "" or the worst difference, relative to the largest reference output.
QString compare(const std::vector<float> &ours, const std::vector<float> &theirs, const char *who)
{
    if (ours.size() != theirs.size())
        return QString("%1 gives %2 outputs, we give %3").arg(who).arg(theirs.size()).arg(ours.size());
    double scale = 1.0, worst = 0.0;
    std::size_t at = 0;
    for (float t : theirs)
        scale = std::max(scale, double(std::abs(t)));
    for (std::size_t i = 0; i < ours.size(); ++i)
        if (const double d = std::abs(double(ours[i]) - theirs[i]); d > worst) {
            worst = d;
            at = i;
        }
    if (worst <= kTolerance * scale)
        return {};
    return QString("output %1: ours %2, %3's %4 (largest output %5)")
        .arg(at)
        .arg(ours[at])
        .arg(who)
        .arg(theirs[at])
        .arg(scale);
}

} // namespace

class TestTorchvision : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QProcess p;
        p.start("/usr/bin/python3", {"-c", "import torch, torchvision, numpy"});
        if (!p.waitForFinished(deepscope::test::patience(60000)) || p.exitCode() != 0)
            QSKIP("/usr/bin/python3 cannot import torch and torchvision: tools/install-deps installs them");
        QVERIFY(m_dir.isValid());
    }

    void network_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("layers"); // in the imported spec
        QTest::addColumn<bool>("graph"); // reads other than the layer before somewhere
        // PyTorch folds eval-mode batch norms into the convolutions before writing. resnet18: 20
        // convolutions (3 of them projections), 17 relu, a max pool, 8 adds, the pool, flatten and
        // fc; mobilenet_v2: 52 convolutions, 35 ReLU6, 10 adds (residual layers: its blocks are
        // chains) and the head; squeezenet1_1: 8 fire modules of 3 convolutions, 3 relu and a
        // Concat; mobilenet_v3_small: squeeze-and-excitation (a global pool, two 1×1 convolutions
        // read as dense layers, a hard-sigmoid gate multiplied in per channel) and hard-swish;
        // alexnet and vgg11: chains.
        QTest::newRow("resnet18") << "resnet18" << 49 << true;
        QTest::newRow("mobilenet_v3_small") << "mobilenet_v3_small" << 122 << true;
        QTest::newRow("mobilenet_v2") << "mobilenet_v2" << 100 << false;
        QTest::newRow("squeezenet1_1") << "squeezenet1_1" << 65 << true;
        QTest::newRow("alexnet") << "alexnet" << 20 << false;
        QTest::newRow("vgg11") << "vgg11" << 28 << false;
    }
    void network()
    {
        QFETCH(QString, name);
        QFETCH(int, layers);
        QFETCH(bool, graph);
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start("/usr/bin/python3", {QFINDTESTDATA("data/make_torchvision_models.py"), m_dir.path(), name});
        QVERIFY(p.waitForFinished(deepscope::test::patience(300000)));
        QVERIFY2(p.exitCode() == 0, p.readAll().constData());
        const QString path = m_dir.filePath(name + ".onnx");
        const QByteArray bytes = readAll(path);
        QVERIFY(!bytes.isEmpty());

        OnnxModel model;
        try {
            model = importOnnx(bytes.toStdString());
        } catch (const Error &e) {
            QFAIL(e.what());
        }
        QCOMPARE(model.spec.outputShape(), (Shape {1000}));
        QVERIFY(model.spec.validationError().empty());

        const std::vector<float> input = readFloats(m_dir.filePath(name + ".input.bin"));
        const std::vector<float> ours = ourOutputs(model, input);
        QString e = compare(ours, readFloats(m_dir.filePath(name + ".torch.bin")), "PyTorch");
        QVERIFY2(e.isEmpty(), qPrintable(e));
        // OpenCV 4.6 reads ReLU6 (Clip) only as opset 10 writes it, and fails on mobilenet_v3_small
        // (PyTorch's file and ours alike: an assertion in its shape code, "start <= shape.size()";
        // its squeeze-and-excitation and hard-swish alone it reads): that one is checked against
        // PyTorch only, and its export by the round trip.
        const QString forOpenCv = name == "mobilenet_v2" ? m_dir.filePath(name + ".opset10.onnx") : path;
        if (name != "mobilenet_v3_small") {
            e = compare(ours, openCvOutputs(withoutSharedConstants(forOpenCv), input, model.spec.input), "OpenCV");
            QVERIFY2(e.isEmpty(), qPrintable(e));
        }
        QCOMPARE(int(model.spec.layers.size()), layers);
        QCOMPARE(model.spec.isGraph(), graph);

        // Our export of the graph reads back to the same spec and bits, and OpenCV reads it to
        // the same outputs (ReLU6 aside: our Clip is opset 13's, which OpenCV 4.6 refuses).
        const std::string exported = exportOnnx(model);
        const OnnxModel back = importOnnx(exported);
        QVERIFY(back.spec == model.spec);
        QVERIFY(back.parameters == model.parameters);
        if (name != "mobilenet_v2" && name != "mobilenet_v3_small") {
            const QString again = m_dir.filePath(name + ".ours.onnx");
            QFile out(again);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(exported.data(), qint64(exported.size()));
            out.close();
            e = compare(ours, openCvOutputs(again, input, model.spec.input), "OpenCV on our export");
            QVERIFY2(e.isEmpty(), qPrintable(e));
        }
        for (const QString &f : QDir(m_dir.path()).entryList(QDir::Files))
            QFile::remove(m_dir.filePath(f)); // a few hundred MB each for alexnet and vgg11
    }

    // An operator still unsupported is named with its node, in one line.
    void unsupportedOperatorNamed()
    {
        ::onnx::ModelProto proto;
        proto.set_ir_version(7);
        proto.add_opset_import()->set_version(13);
        auto *g = proto.mutable_graph();
        auto *in = g->add_input();
        in->set_name(text("x"));
        auto *t = in->mutable_type()->mutable_tensor_type();
        t->set_elem_type(::onnx::TensorProto::FLOAT);
        t->mutable_shape()->add_dim()->set_dim_value(1);
        t->mutable_shape()->add_dim()->set_dim_value(4);
        auto *n = g->add_node();
        n->set_op_type(text("Einsum"));
        n->set_name(text("mystery"));
        n->add_input(text("x"));
        n->add_output(text("y"));
        g->add_output()->set_name(text("y"));
        try {
            importOnnx(proto.SerializeAsString());
            QFAIL("an Einsum imported");
        } catch (const Error &e) {
            const QString m = e.what();
            QVERIFY2(m.contains("Einsum") && m.contains("mystery") && !m.contains('\n'), qPrintable(m));
        }
    }

private:
    QTemporaryDir m_dir;
};

QTEST_APPLESS_MAIN(TestTorchvision)
#include "tst_torchvision.moc"
