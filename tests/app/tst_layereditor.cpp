// LayerEditor and the CNN presets: rows show what ModelSpec::check() computes, a layer that does
// not fit is marked and the editor turns invalid until it is fixed, layers are added, removed and
// moved; every preset is valid for its input, and LeNet-5 has its famous 61,706 parameters.
#include "images/cnnpresets.h"
#include "images/layereditor.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

using namespace ds;
using ds::app::LayerEditor;

Q_DECLARE_METATYPE(ds::ModelSpec)

namespace {

// input 1x28x28 → conv 3x3 pad 1 → 28 → pool 2 → 14 → pool 2 → 7 → pool 2 → 3 → flatten → dense 10.
ModelSpec smallNet()
{
    ModelSpec s;
    s.input = {1, 28, 28};
    s.loss = LossKind::SoftmaxCrossEntropy;
    s.layers = {LayerSpec::conv(8, 3, 1, 1), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2),
        LayerSpec::maxPool(2), LayerSpec::maxPool(2), LayerSpec::flatten(), LayerSpec::dense(10), LayerSpec::softmax()};
    return s;
}

QSpinBox *spin(LayerEditor &editor, int row, const char *name)
{
    return editor.rowWidget(row) ? editor.rowWidget(row)->findChild<QSpinBox *>(name) : nullptr;
}

} // namespace

class TestLayerEditor : public QObject {
    Q_OBJECT

private slots:
    void rowsShowWhatCheckComputes()
    {
        LayerEditor editor;
        QSignalSpy valid(&editor, &LayerEditor::validityChanged);
        QSignalSpy changed(&editor, &LayerEditor::specChanged);
        const ModelSpec spec = app::cnnPresets({1, 28, 28}).at(1).spec; // LeNet-5
        editor.setSpec(spec);
        QVERIFY(editor.isValid());
        QCOMPARE(valid.count(), 1);
        QCOMPARE(valid[0][0].toBool(), true);
        QCOMPARE(changed.count(), 0); // setSpec is not an edit
        QCOMPARE(editor.rowCount(), int(spec.layers.size()));
        const auto checks = spec.check();
        for (int i = 0; i < editor.rowCount(); ++i) {
            QCOMPARE(editor.outputShapeText(i), LayerEditor::shapeText(checks[std::size_t(i)].output));
            QVERIFY(editor.rowError(i).isEmpty());
            QVERIFY(!editor.rowGreyed(i));
        }
        QCOMPARE(editor.outputShapeText(0), QString("6×28×28"));
        QCOMPARE(editor.outputShapeText(6), QString("400"));
        QVERIFY2(editor.totalText().contains("61,706"), qPrintable(editor.totalText()));
        QVERIFY(editor.validationError().isEmpty());
        // The conv row's own parameters are written in it.
        const auto labels = editor.rowWidget(0)->findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.begin(), labels.end(), [](QLabel *l) { return l->text() == "156 params"; }));
    }

    void aKernelThatDoesNotFitIsMarkedUntilFixed()
    {
        LayerEditor editor;
        editor.setSpec(smallNet());
        QVERIFY(editor.isValid());
        QCOMPARE(editor.outputShapeText(4), QString("8×3×3"));
        QSignalSpy valid(&editor, &LayerEditor::validityChanged);
        QSignalSpy changed(&editor, &LayerEditor::specChanged);

        // A conv after the 3x3 map, made 5x5 with the row's own spin box.
        editor.selectRow(4);
        editor.addLayer(LayerKind::Conv2D);
        QCOMPARE(editor.selectedRow(), 5);
        QCOMPARE(editor.spec().layers[5].kind, LayerKind::Conv2D);
        QVERIFY(editor.isValid()); // 3x3 with pad 1 fits
        QSpinBox *kernel = spin(editor, 5, "kernel");
        QSpinBox *padding = spin(editor, 5, "padding");
        QVERIFY(kernel && padding);
        padding->setValue(0);
        kernel->setValue(5);
        QVERIFY(!editor.isValid());
        QCOMPARE(valid.count(), 1);
        QCOMPARE(valid.last()[0].toBool(), false);
        QVERIFY2(editor.rowError(5).contains("does not fit in a 3x3 map"), qPrintable(editor.rowError(5)));
        QVERIFY(editor.rowWidget(5)->toolTip().contains("does not fit"));
        QVERIFY(editor.outputShapeText(5).isEmpty());
        for (int i = 6; i < editor.rowCount(); ++i)
            QVERIFY(editor.rowGreyed(i));
        QVERIFY(!editor.rowGreyed(4));
        QVERIFY(editor.validationError().contains("layer 6"));
        QCOMPARE(changed.last()[0].value<ModelSpec>().layers[5].kernel, 5);

        // The red edge is painted at the row's left.
        QWidget *row = editor.rowWidget(5);
        row->resize(300, row->sizeHint().height());
        const QColor edge = row->grab().toImage().pixelColor(2, row->height() / 2);
        QVERIFY2(edge.red() > 180 && edge.green() < 80, qPrintable(edge.name()));

        // Padding 1 makes 3 + 2 = 5 fit: valid again, and Play can be enabled.
        padding->setValue(1);
        QVERIFY(editor.isValid());
        QCOMPARE(valid.count(), 2);
        QCOMPARE(valid.last()[0].toBool(), true);
        QVERIFY(editor.rowError(5).isEmpty());
        QCOMPARE(editor.outputShapeText(5), QString("8×1×1"));
        QVERIFY(!editor.rowGreyed(6));
    }

    // Layers with weights can be frozen from their row; the total says how much is frozen.
    void freezingFromTheRow()
    {
        app::LayerEditor editor;
        ModelSpec spec;
        spec.input = {1, 28, 28};
        spec.layers = {LayerSpec::conv(6, 5), LayerSpec::act(ActivationKind::Relu), LayerSpec::flatten(),
            LayerSpec::dense(10), LayerSpec::softmax()};
        editor.setSpec(spec);
        const auto boxes = editor.findChildren<QCheckBox *>("frozen");
        QCOMPARE(boxes.size(), 2); // the convolution's and the dense layer's
        QSignalSpy changed(&editor, &app::LayerEditor::specChanged);
        boxes[0]->setChecked(true);
        QCOMPARE(changed.count(), 1);
        QVERIFY(editor.spec().layers[0].frozen && !editor.spec().layers[3].frozen);
        bool said = false;
        for (const QLabel *l : editor.findChildren<QLabel *>())
            said = said || l->text().contains("(156 frozen)");
        QVERIFY(said);
    }

    // With no row selected a new layer goes where its kind fits, so that it starts valid: image
    // layers before the flatten, a dense layer before the head (it used to land after the softmax).
    void addedLayersStartValid()
    {
        LayerEditor editor;
        ModelSpec spec;
        spec.input = {1, 28, 28};
        spec.layers = {LayerSpec::conv(6, 5), LayerSpec::act(ActivationKind::Relu), LayerSpec::maxPool(2),
            LayerSpec::flatten(), LayerSpec::dense(10), LayerSpec::softmax()};
        editor.setSpec(spec);
        editor.selectRow(-1);
        for (LayerKind kind : {LayerKind::Conv2D, LayerKind::MaxPool2D, LayerKind::Dense, LayerKind::Activation,
                 LayerKind::Dropout}) {
            editor.selectRow(-1);
            editor.addLayer(kind);
            QVERIFY2(editor.isValid(), qPrintable(QString::fromStdString(nameOf(kind)) + ": " + editor.validationError()));
        }
        const auto &layers = editor.spec().layers;
        QCOMPARE(layers.back().kind, LayerKind::Softmax);
        QCOMPARE(layers[layers.size() - 2].kind, LayerKind::Dense);
        QCOMPARE(layers[layers.size() - 2].units, 10); // the head is still the head
    }

    void moveUpAndDownReorders()
    {
        LayerEditor editor;
        editor.resize(420, 600);
        editor.setSpec(smallNet());
        editor.show();
        QVERIFY(QTest::qWaitForWindowActive(&editor));
        QSignalSpy changed(&editor, &LayerEditor::specChanged);

        editor.selectRow(1); // relu
        editor.moveSelected(-1);
        QCOMPARE(editor.spec().layers[0].kind, LayerKind::Activation);
        QCOMPARE(editor.spec().layers[1].kind, LayerKind::Conv2D);
        QCOMPARE(editor.selectedRow(), 0);
        QCOMPARE(changed.count(), 1);
        editor.moveSelected(-1); // already first: nothing
        QCOMPARE(changed.count(), 1);

        // Keyboard: Alt+Down twice from a focused spin box moves the conv row down.
        editor.selectRow(1);
        spin(editor, 1, "units")->setFocus();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down, Qt::AltModifier);
        QCOMPARE(editor.spec().layers[2].kind, LayerKind::Conv2D);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down, Qt::AltModifier);
        QCOMPARE(editor.spec().layers[3].kind, LayerKind::Conv2D);
        QCOMPARE(editor.selectedRow(), 3);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Up, Qt::AltModifier);
        QCOMPARE(editor.spec().layers[2].kind, LayerKind::Conv2D);
        QCOMPARE(editor.spec().layers[2].units, 8); // settings travel with the layer
        // The rows follow: row 2 now shows the conv's shape, from check().
        const auto checks = editor.spec().check();
        for (int i = 0; i < editor.rowCount(); ++i)
            QCOMPARE(editor.outputShapeText(i), LayerEditor::shapeText(checks[std::size_t(i)].output));
    }

    void removeAndTheWholeSpecError()
    {
        LayerEditor editor;
        editor.setSpec(smallNet());
        QSignalSpy valid(&editor, &LayerEditor::validityChanged);
        editor.selectRow(editor.rowCount() - 1);
        editor.removeSelected(); // the softmax: every layer fits, but the loss needs it
        QCOMPARE(editor.rowCount(), 7);
        QCOMPARE(editor.selectedRow(), 6);
        QVERIFY(!editor.isValid());
        QCOMPARE(valid.count(), 1);
        for (int i = 0; i < editor.rowCount(); ++i)
            QVERIFY(editor.rowError(i).isEmpty());
        QVERIFY(editor.validationError().contains("softmax"));
        editor.addLayer(LayerKind::Softmax);
        QVERIFY(editor.isValid());
        QCOMPARE(valid.count(), 2);
    }

    // The editor shows what training costs and refuses, with the estimate, a network too large
    // for the batch size; a smaller batch makes the same network trainable.
    void tooLargeANetworkIsRefusedWithItsSize()
    {
        LayerEditor editor;
        editor.setSpec(smallNet());
        QVERIFY(editor.isValid());
        QVERIFY2(editor.totalText().contains("to train") && editor.totalText().contains("FLOP per step"),
            qPrintable(editor.totalText()));
        ModelSpec wide = smallNet();
        wide.layers
            = {LayerSpec::conv(16384, 3, 1, 1), LayerSpec::globalAvgPool(), LayerSpec::dense(10), LayerSpec::softmax()};
        QSignalSpy valid(&editor, &LayerEditor::validityChanged);
        editor.setBatchSize(64);
        editor.setSpec(wide);
        QVERIFY(!editor.isValid());
        QCOMPARE(valid.count(), 1);
        QVERIFY2(
            editor.validationError().contains("GB of memory (at most 4.0 GB)"), qPrintable(editor.validationError()));
        editor.setBatchSize(1);
        QVERIFY2(editor.isValid(), qPrintable(editor.validationError()));
        QCOMPARE(valid.count(), 2);
    }

    void inputShapeAndInspect()
    {
        LayerEditor editor;
        editor.setSpec(smallNet());
        editor.setInputShape({3, 32, 32});
        QCOMPARE(editor.spec().input, (Shape {3, 32, 32}));
        QCOMPARE(editor.outputShapeText(0), QString("8×32×32"));
        QCOMPARE(editor.outputShapeText(4), QString("8×4×4"));

        QSignalSpy inspect(&editor, &LayerEditor::inspectLayerRequested);
        const auto buttons = editor.rowWidget(2)->findChildren<QToolButton *>();
        QCOMPARE(buttons.size(), 1); // pool rows have it; activation rows do not
        QVERIFY(editor.rowWidget(1)->findChildren<QToolButton *>().isEmpty());
        buttons[0]->click();
        QCOMPARE(inspect.count(), 1);
        QCOMPARE(inspect[0][0].toInt(), 2);
    }

    void activationAndDropoutEditors()
    {
        LayerEditor editor;
        ModelSpec s = smallNet();
        s.layers.insert(s.layers.begin() + 6, LayerSpec::dropout(0.5f));
        editor.setSpec(s);
        QSignalSpy changed(&editor, &LayerEditor::specChanged);
        auto *act = editor.rowWidget(1)->findChild<QComboBox *>("activation");
        QVERIFY(act);
        QCOMPARE(act->currentText(), QString("relu"));
        act->setCurrentIndex(act->findText("tanh"));
        QCOMPARE(editor.spec().layers[1].activation, ActivationKind::Tanh);
        auto *rate = editor.rowWidget(6)->findChild<QDoubleSpinBox *>("rate");
        QVERIFY(rate);
        rate->setValue(0.2);
        QCOMPARE(editor.spec().layers[6].rate, 0.2f);
        QCOMPARE(changed.count(), 2);
    }

    // A residual row edits its span; one that reaches back to another shape is marked invalid.
    void residualSpanEditor()
    {
        LayerEditor editor;
        ModelSpec s = smallNet();
        s.layers.insert(s.layers.begin() + 2, LayerSpec::residual(2)); // over the conv and its relu: 1 -> 8 channels
        editor.setSpec(s);
        QVERIFY(!editor.isValid());
        QVERIFY2(editor.rowError(2).contains("the shapes must match"), qPrintable(editor.rowError(2)));
        s.layers.insert(s.layers.begin() + 2, LayerSpec::conv(8, 3, 1, 1));
        s.layers[3] = LayerSpec::residual(3); // back to the 1-channel input
        editor.setSpec(s);
        QVERIFY(!editor.isValid());
        QSpinBox *span = spin(editor, 3, "units");
        QVERIFY(span);
        span->setValue(2); // over the relu and the second conv: 8 channels in and out
        QCOMPARE(editor.spec().layers[3], LayerSpec::residual(2));
        QVERIFY2(editor.isValid(), qPrintable(editor.rowError(3)));
    }

    void aSpecEchoedBackKeepsTheRows()
    {
        LayerEditor editor;
        editor.setSpec(smallNet());
        // A window that stores the spec and shows it again, synchronously, while the user types.
        connect(&editor, &LayerEditor::specChanged, &editor, [&editor](const ModelSpec &s) { editor.setSpec(s); });
        QWidget *row = editor.rowWidget(0);
        QSpinBox *units = spin(editor, 0, "units");
        units->setValue(12);
        QCOMPARE(editor.rowWidget(0), row); // not rebuilt: the spin box that emitted still exists
        QCOMPARE(editor.spec().layers[0].units, 12);
        QCOMPARE(editor.outputShapeText(0), QString("12×28×28"));

        // New settings for the same kinds show in the same editors, without reporting an edit.
        QSignalSpy changed(&editor, &LayerEditor::specChanged);
        ModelSpec s = smallNet();
        s.layers[0].kernel = 5;
        s.layers[0].padding = 2;
        editor.setSpec(s);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(spin(editor, 0, "kernel")->value(), 5);
        QCOMPARE(spin(editor, 0, "units")->value(), 8);
        QCOMPARE(editor.outputShapeText(0), QString("8×28×28"));
    }

    void presetsAreValid_data()
    {
        QTest::addColumn<Shape>("input");
        QTest::newRow("MNIST") << Shape {1, 28, 28};
        QTest::newRow("CIFAR-10") << Shape {3, 32, 32};
        QTest::newRow("RGB 28") << Shape {3, 28, 28};
        QTest::newRow("gray 64") << Shape {1, 64, 64};
    }

    void presetsAreValid()
    {
        QFETCH(Shape, input);
        const auto presets = app::cnnPresets(input);
        QVERIFY(presets.size() >= 5);
        QVERIFY(std::any_of(presets.begin(), presets.end(), [](const app::CnnPreset &p) {
            return p.name == "Small ResNet"
                && std::count_if(p.spec.layers.begin(), p.spec.layers.end(),
                       [](const LayerSpec &l) { return l.kind == LayerKind::Residual; })
                == 2;
        }));
        for (const auto &p : presets) {
            QVERIFY2(p.spec.validationError().empty(),
                qPrintable(p.name + ": " + QString::fromStdString(p.spec.validationError())));
            QCOMPARE(p.spec.input, input);
            QCOMPARE(p.spec.outputShape(), (Shape {10}));
            QCOMPARE(p.spec.loss, LossKind::SoftmaxCrossEntropy);
            QVERIFY(!p.description.isEmpty());
            qInfo("%s %s: %zu parameters — %s", qPrintable(QString::fromStdString(shapeToString(input))),
                qPrintable(p.name), p.spec.parameterCount(), qPrintable(p.description));
        }
    }

    // Every preset's rows show whole in the editor at the least width its layout gives it, at the
    // normal text and at presentation mode's: the row list's minimum followed the rows as they were
    // first made, before their shapes and parameter counts were written (Small ResNet's columns
    // were cut even at 1920 px).
    void presetRowsShowWhole()
    {
        for (const double scale : {1.0, 1.8}) {
            for (const app::CnnPreset &p : app::cnnPresets({3, 32, 32})) {
                QWidget window;
                auto *layout = new QHBoxLayout(&window);
                auto *editor = new LayerEditor(&window);
                layout->addWidget(editor);
                QFont font = window.font();
                font.setPointSizeF(font.pointSizeF() * scale);
                window.setFont(font);
                editor->setSpec(p.spec);
                window.show();
                for (int pass = 0; pass < 3; ++pass)
                    QCoreApplication::processEvents(); // the layouts' posted requests
                window.resize(window.minimumSizeHint());
                for (int pass = 0; pass < 3; ++pass)
                    QCoreApplication::processEvents();
                auto *area = editor->findChild<QScrollArea *>();
                QVERIFY(area && area->widget());
                QVERIFY2(area->widget()->width() <= area->viewport()->width(),
                    qPrintable(QString("%1 at %2×: %3 px of the rows' %4")
                                   .arg(p.name)
                                   .arg(scale)
                                   .arg(area->viewport()->width())
                                   .arg(area->widget()->width())));
            }
        }
    }

    void lenetHasItsParameters()
    {
        const auto presets = app::cnnPresets({1, 28, 28});
        const auto lenet
            = std::find_if(presets.begin(), presets.end(), [](const auto &p) { return p.name == "LeNet-5"; });
        QVERIFY(lenet != presets.end());
        // conv 1*6*25+6 = 156, conv 6*16*25+16 = 2,416, dense 400*120+120 = 48,120,
        // dense 120*84+84 = 10,164, dense 84*10+10 = 850.
        QCOMPARE(lenet->spec.parameterCount(), std::size_t(61706));
        QCOMPARE(lenet->spec.layerShapes()[5], (Shape {16, 5, 5}));
        QCOMPARE(lenet->spec.init, InitKind::Xavier);
        // Its classic 32x32 input needs no padding and gives the same count.
        const auto at32 = app::cnnPresets({1, 32, 32});
        QCOMPARE(std::find_if(at32.begin(), at32.end(), [](const auto &p) { return p.name == "LeNet-5"; })
                     ->spec.parameterCount(),
            std::size_t(61706));
        QVERIFY(app::cnnPresets({784}).isEmpty());
        QCOMPARE(app::cnnPresets({1, 28, 28}, 5).at(0).spec.outputShape(), (Shape {5}));
    }
};

QTEST_MAIN(TestLayerEditor)
#include "tst_layereditor.moc"
