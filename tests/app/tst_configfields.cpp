// The field tables (app/core/configfield.h) against the file format's document: every field's
// row in docs/file-format.md is made from its table, so a field added, renamed or given another
// range without the document fails here, with the rows the document should hold. And what the
// tables decide: which changes start a new run.
#include "core/arithmeticfields.h"
#include "core/imagesfields.h"
#include "core/pointsfields.h"
#include "core/pointssession.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace ds;
using namespace ds::app;

namespace {

QString effectName(FieldEffect e)
{
    return e == FieldEffect::NewRun ? "new run" : e == FieldEffect::InPlace ? "in place" : "view";
}

// A default as JSON text, short: `500`, `"circle"`, `["X1","X2"]`.
QString defaultText(const QJsonValue &v)
{
    if (v.isObject())
        return "below";
    QByteArray text = QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact);
    text = text.mid(1, text.size() - 2);
    return "`" + QString::fromUtf8(text) + "`";
}

template <class Config> QString rows(const FieldTable<Config> &table, const QString &prefix)
{
    QString s;
    const Config defaults {};
    for (const ConfigField<Config> &f : table)
        s += QString("| `%1%2` | %3 | %4 | %5 | %6 |\n")
                 .arg(prefix, f.key, QString::fromStdString(f.kind), defaultText(f.write(defaults)),
                     effectName(f.effect), QString::fromStdString(f.meaning));
    return s;
}

QString document()
{
    QFile f(DEEPSCOPE_SOURCE_DIR "/docs/file-format.md");
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Fails unless the document holds `expected`, printed whole for pasting (QVERIFY2 cuts it short).
void checkDocumentHolds(const QString &expected)
{
    const bool holds = document().contains(expected);
    if (!holds)
        qInfo().noquote() << "docs/file-format.md should hold:\n" + expected;
    QVERIFY2(holds, "docs/file-format.md disagrees with a field table; the rows it should hold are above");
}

const QString kHeader = "| field | kind and range | default | a change | meaning |\n|---|---|---|---|---|\n";

} // namespace

class TestConfigFields : public QObject {
    Q_OBJECT
private slots:
    void documentListsThePointsFields()
    {
        checkDocumentHolds("### `points`\n" + kHeader + rows(pointsFields(), ""));
    }

    void documentListsTheArithmeticFields()
    {
        checkDocumentHolds("### `arithmetic`\n" + kHeader + rows(arithmeticFields(), ""));
    }

    void documentListsTheImagesFields()
    {
        checkDocumentHolds("### `images`\n" + kHeader + rows(imagesFields(), "") + rows(imageDataFields(), "data."));
    }

    // Every field of the config is in its table: a config written and read back through the table
    // alone is the config (a member left out would come back as its default).
    void tablesCoverTheConfigs()
    {
        PlaygroundConfig p;
        p.drawnOnly = true;
        p.formula = "x > y";
        p.numPoints = 321;
        p.noisePercent = 7;
        p.trainPercent = 60;
        p.dataSeed = 99;
        p.drawnPoints = {{1, 2, 1}};
        p.features = data::X1 | data::SinX2;
        p.hiddenLayers = {3, 3};
        p.activation = ActivationKind::Relu;
        p.layerActivations = {ActivationKind::Elu, ActivationKind::Tanh};
        p.init = InitKind::He;
        p.residual = true;
        p.learningRate = 0.5f;
        p.optimizer = OptimizerKind::Adam;
        p.regularization = Regularization::L2;
        p.regularizationRate = 0.01f;
        p.race = {OptimizerKind::Sgd};
        p.schedule.kind = ScheduleKind::Cosine;
        p.schedule.stepEpochs = 3;
        p.schedule.gamma = 0.2;
        p.schedule.cosineEpochs = 40;
        p.schedule.minLearningRate = 0.001;
        p.batchSize = 17;
        p.seed = 1ull << 60;
        p.backend = "cuda";
        p.stopAfterEpochs = 70;
        p.patienceEpochs = 4;
        p.epochsPerSecond = 12;
        p.showTestData = p.discretizeOutput = true;
        PlaygroundConfig back;
        QCOMPARE(fieldsFromJson(pointsFields(), fieldsToJson(pointsFields(), p), back), QString());
        QVERIFY(back == p);

        ImagesConfig i;
        i.data.source = ImageDataChoice::Folder;
        i.data.paths = {"/x"};
        i.data.fashionNames = true;
        i.data.channels = 3;
        i.data.height = 40;
        i.data.width = 50;
        i.data.validationFraction = 0.3;
        i.data.testFraction = 0.4;
        i.preset = "";
        i.spec.layers = {LayerSpec::flatten(), LayerSpec::dense(10)};
        i.spec.init = InitKind::Uniform;
        i.learningRate = 0.25f;
        i.optimizer = OptimizerKind::RmsProp;
        i.batchSize = 9;
        i.epochs = 8;
        i.augment = true;
        i.epochsPerSecond = 2;
        i.seed = 5;
        i.shuffleSeed = 6;
        i.backend = "cuda";
        ImagesConfig iback;
        QCOMPARE(fieldsFromJson(imagesFields(), fieldsToJson(imagesFields(), i), iback), QString());
        QVERIFY(iback == i);
    }

    // The Points rule for a new run is the table's: each "new run" field restarts, the others keep
    // the weights.
    void newRunFollowsTheTable()
    {
        const PlaygroundConfig base;
        auto changed = [&](auto edit) {
            PlaygroundConfig c = base;
            edit(c);
            return continuesRun(base, c);
        };
        QVERIFY(!changed([](PlaygroundConfig &c) { c.numPoints = 200; }));
        QVERIFY(!changed([](PlaygroundConfig &c) { c.dataSeed = 2; }));
        QVERIFY(!changed([](PlaygroundConfig &c) { c.seed = 2; }));
        QVERIFY(!changed([](PlaygroundConfig &c) { c.hiddenLayers = {3}; }));
        QVERIFY(!changed([](PlaygroundConfig &c) { c.features = data::X1; }));
        QVERIFY(!changed([](PlaygroundConfig &c) { c.race = {OptimizerKind::Adam}; }));
        QVERIFY(changed([](PlaygroundConfig &c) { c.learningRate = 0.1f; }));
        QVERIFY(changed([](PlaygroundConfig &c) { c.batchSize = 3; }));
        QVERIFY(changed([](PlaygroundConfig &c) { c.drawnPoints = {{1, 1, 1}}; }));
        QVERIFY(changed([](PlaygroundConfig &c) { c.showTestData = true; }));
        QVERIFY(changed([](PlaygroundConfig &c) { c.optimizer = OptimizerKind::Adam; })); // not racing
        PlaygroundConfig racing = base;
        racing.race = {OptimizerKind::Adam};
        PlaygroundConfig other = racing;
        other.optimizer = OptimizerKind::Momentum;
        QVERIFY(!continuesRun(racing, other)); // racing: every lane starts again
        for (const auto &f : pointsFields())
            QVERIFY2(f.same(base, base), f.key);
    }
};

QTEST_GUILESS_MAIN(TestConfigFields)
#include "tst_configfields.moc"
