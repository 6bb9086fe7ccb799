// The direct stride-1 convolution (engine/cpu/directconv.h) against a plain seven-loop convolution,
// for every kernel set this CPU can run (AVX-512 and AVX2 here): the forward pass, the input
// gradient and the filter and bias gradients, over channel counts that fill no block exactly,
// rows that end mid-vector, non-square and dilated kernels, every padding the path accepts and
// chunks of one to five images. The finite-difference checks (tst_convgradients) go through the
// same path on the best kernels; this one pins each kernel set to the reference.
#include "backend.h"
#include "cpu/directconv.h"
#include "testbackends.h"

#include <QTest>

#include <cmath>
#include <thread>

using namespace ds;
using namespace ds::test;

namespace {

// The convolution as written in the textbook: y[n][o][oy][ox] = b[o] + sum w * x.
struct Reference {
    ConvShape s;

    float input(const std::vector<float> &x, int n, int c, int iy, int ix) const
    {
        if (iy < 0 || iy >= s.inH || ix < 0 || ix >= s.inW)
            return 0.0f;
        return x[((std::size_t(n) * s.inC + c) * s.inH + iy) * s.inW + ix];
    }

    // Calls f(n, o, oy, ox, c, ki, kj, iy, ix) for every product term with its input inside the image.
    template <typename F> void forEachTerm(F &&f) const
    {
        for (int n = 0; n < s.batch; ++n)
            for (int o = 0; o < s.outC; ++o)
                for (int oy = 0; oy < s.outH; ++oy)
                    for (int ox = 0; ox < s.outW; ++ox)
                        for (int c = 0; c < s.inC; ++c)
                            for (int ki = 0; ki < s.kernelH; ++ki)
                                for (int kj = 0; kj < s.kernelW; ++kj) {
                                    const int iy = oy - s.padH + ki * s.dilationH;
                                    const int ix = ox - s.padW + kj * s.dilationW;
                                    if (iy >= 0 && iy < s.inH && ix >= 0 && ix < s.inW)
                                        f(n, o, oy, ox, c, ki, kj, iy, ix);
                                }
    }

    std::size_t outIndex(int n, int o, int oy, int ox) const
    {
        return ((std::size_t(n) * s.outC + o) * s.outH + oy) * s.outW + ox;
    }
    std::size_t inIndex(int n, int c, int iy, int ix) const
    {
        return ((std::size_t(n) * s.inC + c) * s.inH + iy) * s.inW + ix;
    }
    std::size_t weightIndex(int o, int c, int ki, int kj) const
    {
        return ((std::size_t(o) * s.inC + c) * s.kernelH + ki) * s.kernelW + kj;
    }
};

void compare(const std::vector<float> &got, const std::vector<double> &want, const char *what)
{
    QCOMPARE(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        if (std::abs(got[i] - want[i]) > 1e-4 * std::max(1.0, std::abs(want[i])))
            QFAIL(qPrintable(QString("%1[%2] = %3, want %4").arg(what).arg(i).arg(got[i]).arg(want[i])));
}

} // namespace

class TestDirectConv : public QObject {
    Q_OBJECT

private slots:
    void appliesToStrideOneWithPaddingBelowTheKernel()
    {
        ConvShape s;
        s.batch = 1;
        s.inC = s.outC = 1;
        s.inH = s.inW = s.outH = s.outW = 8;
        s.kernelH = s.kernelW = 3;
        s.padH = s.padW = 1;
        QVERIFY(directConvApplies(s));
        s.strideW = 2;
        QVERIFY(!directConvApplies(s)); // strided: im2col
        s.strideW = 1;
        s.padW = 3;
        QVERIFY(!directConvApplies(s)); // its input gradient would need negative padding
        s.padW = 2;
        QVERIFY(directConvApplies(s));
    }

    void matchesTheReference_data()
    {
        QTest::addColumn<QString>("kernels");
        QTest::addColumn<QList<int>>("g"); // batch, inC, h, w, outC, kH, kW, padH, padW, dilationH, dilationW
        const QList<QList<int>> cases {
            {5, 1, 28, 28, 8, 5, 5, 2, 2, 1, 1}, // ConvNetJS's first layer
            {4, 8, 14, 14, 16, 5, 5, 2, 2, 1, 1}, // and its second
            {3, 6, 14, 14, 16, 5, 5, 0, 0, 1, 1}, // LeNet-5's second
            {2, 3, 9, 13, 5, 3, 3, 1, 1, 1, 1}, {1, 17, 6, 7, 3, 3, 2, 2, 0, 1, 1}, {3, 2, 11, 10, 9, 3, 3, 2, 1, 2, 2},
            {2, 4, 5, 5, 7, 1, 1, 0, 0, 1, 1}, {1, 2, 4, 3, 2, 4, 3, 3, 2, 1, 1},
            {2, 3, 10, 9, 6, 3, 3, 0, 2, 1, 1}, // no padding on one axis only
            {2, 2, 12, 11, 5, 3, 2, 1, 2, 2, 3}, // a different dilation on each axis
        };
        const std::vector<const DirectConvKernels *> usable = usableDirectConvKernels();
        if (usable.empty())
            QSKIP("this CPU has neither AVX2 + FMA nor AVX-512: the direct path is off");
        for (const DirectConvKernels *k : usable)
            for (const QList<int> &c : cases) {
                QStringList parts;
                for (int v : c)
                    parts << QString::number(v);
                QTest::newRow(qPrintable(QString("%1 %2").arg(k->name, parts.join(' ')))) << QString(k->name) << c;
            }
    }

    void matchesTheReference()
    {
        QFETCH(QString, kernels);
        QFETCH(QList<int>, g);
        const DirectConvKernels *k = nullptr;
        for (const DirectConvKernels *candidate : usableDirectConvKernels())
            if (kernels == candidate->name)
                k = candidate;
        QVERIFY(k);
        Reference r;
        ConvShape &s = r.s;
        s.batch = g[0];
        s.inC = g[1];
        s.inH = g[2];
        s.inW = g[3];
        s.outC = g[4];
        s.kernelH = g[5];
        s.kernelW = g[6];
        s.padH = g[7];
        s.padW = g[8];
        s.dilationH = g[9];
        s.dilationW = g[10];
        s.outH = s.inH + 2 * s.padH - s.dilationH * (s.kernelH - 1);
        s.outW = s.inW + 2 * s.padW - s.dilationW * (s.kernelW - 1);
        QVERIFY(directConvApplies(s));

        const std::size_t inSize = std::size_t(s.batch) * s.inC * s.inH * s.inW;
        const std::size_t outSize = std::size_t(s.batch) * s.outC * s.outH * s.outW;
        const std::size_t weightSize = std::size_t(s.outC) * s.inC * s.kernelH * s.kernelW;
        const std::vector<float> x = randomVector(inSize, -1.0f, 1.0f, 11);
        const std::vector<float> w = randomVector(weightSize, -1.0f, 1.0f, 12);
        const std::vector<float> bias = randomVector(std::size_t(s.outC), -1.0f, 1.0f, 13);
        const std::vector<float> dy = randomVector(outSize, -1.0f, 1.0f, 14);

        std::vector<double> wantY(outSize), wantDx(inSize, 0.0), wantDw(weightSize, 0.0), wantDb(std::size_t(s.outC));
        for (int n = 0; n < s.batch; ++n)
            for (int o = 0; o < s.outC; ++o)
                for (int p = 0; p < s.outH * s.outW; ++p) {
                    wantY[r.outIndex(n, o, 0, 0) + std::size_t(p)] = bias[std::size_t(o)];
                    wantDb[std::size_t(o)] += dy[r.outIndex(n, o, 0, 0) + std::size_t(p)];
                }
        r.forEachTerm([&](int n, int o, int oy, int ox, int c, int ki, int kj, int iy, int ix) {
            const float wv = w[r.weightIndex(o, c, ki, kj)], xv = x[r.inIndex(n, c, iy, ix)];
            const float dv = dy[r.outIndex(n, o, oy, ox)];
            wantY[r.outIndex(n, o, oy, ox)] += double(wv) * xv;
            wantDx[r.inIndex(n, c, iy, ix)] += double(wv) * dv;
            wantDw[r.weightIndex(o, c, ki, kj)] += double(xv) * dv;
        });

        const std::size_t inImage = inSize / std::size_t(s.batch), outImage = outSize / std::size_t(s.batch);
        std::vector<float> y(outSize), dx(inSize);
        // The whole batch as one chunk, with the output buffers full of garbage first: the
        // gradient is written, not added to.
        std::vector<float> dw(weightSize, 1e30f), db(std::size_t(s.outC), 1e30f);
        // On a thread of its own, whose scratch buffers are sized for this case alone: a read past
        // them runs off the end of their heap block (which an address-sanitized build reports)
        // instead of into what a larger earlier case left there.
        std::thread([&] {
            const DirectConvProduct forward(*k, s, w.data(), bias.data());
            const DirectConvProduct backward = DirectConvProduct::backwardData(*k, s, w.data());
            for (int n = 0; n < s.batch; ++n) {
                forward.run(x.data() + std::size_t(n) * inImage, y.data() + std::size_t(n) * outImage);
                backward.run(dy.data() + std::size_t(n) * outImage, dx.data() + std::size_t(n) * inImage);
            }
            DirectConvFilterGradient(*k, s).run(x.data(), dy.data(), s.batch, dw.data(), db.data());
        }).join();
        compare(y, wantY, "y");
        compare(dx, wantDx, "dx");
        compare(dw, wantDw, "dw");
        compare(db, wantDb, "db");
    }
};

QTEST_APPLESS_MAIN(TestDirectConv)
#include "tst_directconv.moc"
