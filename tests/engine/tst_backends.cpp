// The backend list: the CPU is always there; the GPU is there or says why not, in words.
#include "backends.h"
#include "error.h"

#include <QTest>

using namespace ds;

class TestBackends : public QObject {
    Q_OBJECT

private slots:
    void listsCpuAndCuda()
    {
        const auto list = probeBackends();
        QCOMPARE(list.size(), std::size_t(2));
        QCOMPARE(list[0].id, std::string("cpu"));
        QVERIFY(list[0].available);
        QVERIFY(QString::fromStdString(list[0].label).contains("Eigen"));
        QCOMPARE(list[1].id, std::string("cuda"));
        if (!list[1].available)
            QVERIFY2(list[1].reason.size() > 20, list[1].reason.c_str());
        qInfo("cuda: %s", list[1].available ? list[1].label.c_str() : list[1].reason.c_str());
    }

    void unavailableBackendSaysWhy()
    {
        const auto list = probeBackends();
        if (list[1].available)
            QSKIP("a GPU is available here");
        try {
            createBackend("cuda");
            QFAIL("an unavailable backend was created");
        } catch (const Error &e) {
            QVERIFY(QString(e.what()).contains(QString::fromStdString(list[1].reason)));
        }
    }

    void unknownBackend() { QVERIFY_THROWS_EXCEPTION(Error, createBackend("tpu")); }
};

QTEST_APPLESS_MAIN(TestBackends)
#include "tst_backends.moc"
