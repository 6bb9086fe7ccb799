#include "modelworker.h"

#include "backends.h"
#include "error.h"
#include "onnximport.h"

#include <QImageReader>

namespace ds::app {

ModelWorker::ModelWorker(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<ds::app::Preprocessing>();
    qRegisterMetaType<std::shared_ptr<const ds::app::ModelOverview>>();
    qRegisterMetaType<std::shared_ptr<const ds::app::ModelPicture>>();
    qRegisterMetaType<std::shared_ptr<const ds::app::TopPatches>>();
}

ModelWorker::~ModelWorker() = default;

QImage ModelWorker::fitToInput(const QImage &picture, int width, int height)
{
    if (picture.isNull() || width < 1 || height < 1)
        return {};
    const QImage scaled = picture.convertToFormat(QImage::Format_RGB888)
                              .scaled(width, height, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
    return scaled.copy((scaled.width() - width) / 2, (scaled.height() - height) / 2, width, height)
        .convertToFormat(QImage::Format_RGB888);
}

onnx::OnnxModel ModelWorker::model() const
{
    if (!m_session)
        throw Error("no model is open");
    return m_session->model();
}

void ModelWorker::open(const QByteArray &bytes, const QString &name, int serial, int height, int width)
{
    // The model shown stays until the new one is built: a file that does not open loses nothing.
    std::unique_ptr<ModelSession> session;
    try {
        if (!m_backend)
            m_backend = createBackend("cpu");
        onnx::OnnxModel model
            = onnx::importOnnx(std::string_view(bytes.constData(), std::size_t(bytes.size())), {height, width});
        session = std::make_unique<ModelSession>(std::move(model), name.toStdString(), *m_backend);
    } catch (const std::exception &e) {
        emit failed(name + ": " + QString::fromStdString(e.what()), serial);
        return;
    }
    m_session = std::move(session);
    m_serial = serial;
    m_picture = {};
    m_last.reset();
    m_node = -1;
    emit opened(std::make_shared<const ModelOverview>(m_session->overview()), serial);
}

void ModelWorker::setPreprocessing(const Preprocessing &p)
{
    if (!m_session)
        return;
    try {
        m_session->setPreprocessing(p);
    } catch (const std::exception &e) {
        emit failed(QString::fromStdString(e.what()), m_serial);
        return;
    }
    run();
}

void ModelWorker::classify(const QImage &picture, const QString &name)
{
    if (!m_session)
        return;
    const Shape &in = m_session->overview().input;
    m_picture = fitToInput(picture, in[2], in[1]);
    m_pictureName = name;
    run();
}

void ModelWorker::setNode(int node)
{
    m_node = node;
    if (!m_session || !m_last)
        return;
    auto p = std::make_shared<ModelPicture>(*m_last); // the same picture and answer, another node's maps
    p->result.node = node;
    p->result.maps = m_session->maps(node);
    m_last = p;
    emit classified(p);
}

void ModelWorker::findPatches(const QStringList &paths, int node)
{
    if (!m_session)
        return;
    const Shape &in = m_session->overview().input;
    std::vector<std::vector<std::uint8_t>> pictures;
    for (const QString &path : paths) {
        if (int(pictures.size()) >= kMaxPatchPictures)
            break;
        QImageReader reader(path);
        reader.setAutoTransform(true);
        // Read near the size it needs: a folder of camera photos is gigabytes at full size.
        const QSize size = reader.size(), need(in[2], in[1]);
        if (size.isValid() && size.width() > 2 * need.width() && size.height() > 2 * need.height())
            reader.setScaledSize(size.scaled(need * 2, Qt::KeepAspectRatioByExpanding));
        const QImage fitted = fitToInput(reader.read(), in[2], in[1]);
        if (fitted.isNull())
            continue; // not a picture: the others still count
        pictures.push_back(packedRgb(fitted));
    }
    if (pictures.empty()) {
        emit failed("none of the pictures could be read for the top patches", m_serial);
        return;
    }
    try {
        auto patches = std::make_shared<const TopPatches>(m_session->topPatches(node, pictures, kPatchesPerFilter));
        emit patchesFound(patches, node, m_serial);
    } catch (const std::exception &e) {
        emit failed(QString::fromStdString(e.what()), m_serial);
    }
    run(); // the last picture's maps, which the search replaced
}

std::vector<std::uint8_t> ModelWorker::packedRgb(const QImage &picture)
{
    // Rows of a QImage are padded to 4 bytes: pack them for the session.
    const int w = picture.width(), h = picture.height();
    std::vector<std::uint8_t> rgb(std::size_t(w) * std::size_t(h) * 3);
    for (int y = 0; y < h; ++y)
        std::copy_n(picture.constScanLine(y), std::size_t(w) * 3, rgb.begin() + std::ptrdiff_t(y) * w * 3);
    return rgb;
}

void ModelWorker::run()
{
    if (!m_session || m_picture.isNull())
        return;
    const std::vector<std::uint8_t> rgb = packedRgb(m_picture);
    auto p = std::make_shared<ModelPicture>();
    p->serial = m_serial;
    p->name = m_pictureName;
    p->shown = m_picture;
    p->result = m_session->classify(rgb.data(), m_node);
    m_last = p;
    emit classified(p);
}

} // namespace ds::app
