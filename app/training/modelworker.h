// ModelWorker: owns the Model mode's ModelSession on its own thread (moveToThread), so that
// reading a large file, building its network and running a picture through it never stall the
// window. The view sends it files, pictures, a preprocessing and a node, and paints what comes
// back; every answer carries the serial of the file it belongs to, so that a late answer about
// an earlier model is dropped. Inference only, on the CPU.
#pragma once

#include "core/modelsession.h"

#include <QByteArray>
#include <QImage>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace ds {
class Backend;
}

namespace ds::app {

// A picture as the network saw it, and what it made of it.
struct ModelPicture {
    int serial = 0;
    QString name; // the picture's file name
    QImage shown; // scaled to cover the input and cropped to its centre, RGB
    ModelResult result;
};

class ModelWorker : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxPatchPictures = 500;
    static constexpr int kPatchesPerFilter = 8;

    explicit ModelWorker(QObject *parent = nullptr);
    ~ModelWorker() override;

    // The picture scaled to cover `width` × `height` (keeping its aspect ratio, smoothly) and
    // cropped to the centre: as torchvision's Resize + CenterCrop, in one step.
    static QImage fitToInput(const QImage &picture, int width, int height);
    // The opened model with its weights, for fine-tuning in the Images mode; call it on the
    // worker's thread. Throws ds::Error when none is open.
    onnx::OnnxModel model() const;

public slots:
    // An ONNX file's bytes; opened() or failed() answers with `serial`. On failure the model
    // open before stays, with its serial. `height` and `width` size a model that takes pictures
    // of any size (onnx::ImportOptions).
    void open(const QByteArray &bytes, const QString &name, int serial, int height = 0, int width = 0);
    void setPreprocessing(const ds::app::Preprocessing &p); // runs the last picture again
    void classify(const QImage &picture, const QString &name);
    void setNode(int node); // the maps of `node` for the last picture (none for -1)
    // The top patches of convolution `node` over these picture files (the first kMaxPatchPictures;
    // each fitted to the input as classify does): patchesFound() answers, or failed() when none of
    // them reads. The last picture's answer is made again afterwards.
    void findPatches(const QStringList &paths, int node);

signals:
    void opened(std::shared_ptr<const ds::app::ModelOverview> overview, int serial);
    void failed(const QString &message, int serial);
    void classified(std::shared_ptr<const ds::app::ModelPicture> picture);
    void patchesFound(std::shared_ptr<const ds::app::TopPatches> patches, int node, int serial);

private:
    void run();
    static std::vector<std::uint8_t> packedRgb(const QImage &picture); // RGB888, rows packed

    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<ModelSession> m_session;
    int m_serial = 0;
    int m_node = -1;
    QImage m_picture; // the last one, already fitted
    QString m_pictureName;
    std::shared_ptr<const ModelPicture> m_last; // what it made of that picture
};

} // namespace ds::app

Q_DECLARE_METATYPE(ds::app::Preprocessing)
Q_DECLARE_METATYPE(std::shared_ptr<const ds::app::ModelOverview>)
Q_DECLARE_METATYPE(std::shared_ptr<const ds::app::ModelPicture>)
Q_DECLARE_METATYPE(std::shared_ptr<const ds::app::TopPatches>)
