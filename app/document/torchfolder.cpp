// The PyTorch folder's files: the script, the weights and the data as raw little-endian float32
// (numpy reads them with np.fromfile), each written atomically.
#include "torchfolder.h"

#include "playgroundfile.h"

#include <QDir>

namespace ds::app {
namespace {

QByteArray raw(const std::vector<float> &v)
{
    return QByteArray(reinterpret_cast<const char *>(v.data()), qsizetype(v.size() * sizeof(float)));
}

} // namespace

int TorchData::rows() const
{
    return int(targets.size());
}

bool writeTorchFolder(const QString &folder, const TorchExport &e, QString *error)
{
    if (!QDir().mkpath(folder)) {
        *error = QString("cannot create the folder %1").arg(folder);
        return false;
    }
    const QDir dir(folder);
    const std::string script = torchScript(e);
    const std::pair<const char *, QByteArray> files[] = {
        {"train.py", QByteArray::fromStdString(script)},
        {"weights.bin", raw(e.model.parameters)},
        {"train-inputs.f32", raw(e.train.inputs)},
        {"train-targets.f32", raw(e.train.targets)},
        {"test-inputs.f32", raw(e.test.inputs)},
        {"test-targets.f32", raw(e.test.targets)},
        {"expected-outputs.f32", raw(e.expectedOutputs)},
    };
    for (const auto &[name, bytes] : files)
        if (!writeFileAtomically(dir.filePath(name), bytes, error))
            return false;
    QFile::setPermissions(dir.filePath("train.py"), QFile::permissions(dir.filePath("train.py")) | QFile::ExeOwner);
    return true;
}

} // namespace ds::app
