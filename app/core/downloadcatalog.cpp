// The four data sets, from the pages their authors publish them on (the mirrors torchvision uses
// for MNIST, whose original page no longer serves the files), with the published MD5 sums.
#include "downloadcatalog.h"

#include "error.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <cmath>

namespace ds::app {
namespace {

// MNIST-layout sets: four gzipped IDX files under one address.
DownloadableSet idxSet(QString id, QString title, QString about, QString source, const QString &base,
    QStringList classNames, const std::array<std::pair<qint64, const char *>, 4> &files)
{
    DownloadableSet s;
    s.id = std::move(id);
    s.title = std::move(title);
    s.about = std::move(about);
    s.source = std::move(source);
    s.format = DownloadableSet::Idx;
    s.classNames = std::move(classNames);
    const char *names[] = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz"};
    for (int i = 0; i < 4; ++i)
        s.files.append({names[i], base + names[i], files[std::size_t(i)].first, files[std::size_t(i)].second, {}, false});
    s.train = {names[0], names[1]};
    s.test = {names[2], names[3]};
    s.imageCount = 70000;
    return s;
}

QList<DownloadableSet> builtInSets()
{
    QList<DownloadableSet> sets;
    sets << idxSet("mnist", "MNIST", "handwritten digits, 60,000 to train and 10,000 to test (28×28 gray)",
        "Yann LeCun, Corinna Cortes and Christopher Burges (mirror: ossci-datasets.s3.amazonaws.com)",
        "https://ossci-datasets.s3.amazonaws.com/mnist/", {},
        {{{9912422, "f68b3c2dcbeaaa9fbdd348bbdeb94873"}, {28881, "d53e105ee54ea40749a09fcbcd1e9432"},
            {1648877, "9fb629c4189551a2d022fa330f9573f3"}, {4542, "ec29112dd5afa0611ce80d1b7f02629c"}}});
    sets << idxSet("fashion-mnist", "Fashion-MNIST",
        "Zalando's clothes and shoes in ten classes, 60,000 to train and 10,000 to test (28×28 gray)",
        "Zalando Research (fashion-mnist.s3-website.eu-central-1.amazonaws.com, MIT licence)",
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"},
        {{{26421880, "8d4fb7e6c68d591d4c3dfef9ec88bf0d"}, {29515, "25c81989df183df01b3e8a0aad5dffbe"},
            {4422102, "bef4ecab320f06d8554ea6380940ec79"}, {5148, "bb300cfdad3c16e7a12a480ee83cd310"}}});
    sets << idxSet("kmnist", "Kuzushiji-MNIST",
        "ten cursive Japanese characters (hiragana), 60,000 to train and 10,000 to test (28×28 gray)",
        "ROIS-DS Center for Open Data in the Humanities (codh.rois.ac.jp, CC BY-SA 4.0)",
        "http://codh.rois.ac.jp/kmnist/dataset/kmnist/",
        {"お (o)", "き (ki)", "す (su)", "つ (tsu)", "な (na)", "は (ha)", "ま (ma)", "や (ya)", "れ (re)", "を (wo)"},
        {{{18165135, "bdb82020997e1d708af4cf47b453dcf7"}, {29497, "e144d726b3acfaa3e44228e80efcd344"},
            {3041136, "5c965bf0a639b31b8f53240b1b52f4d7"}, {5120, "7320c461ea6c1c855c0b718fb2a4b134"}}});

    DownloadableSet cifar;
    cifar.id = "cifar10";
    cifar.title = "CIFAR-10";
    cifar.about = "small colour photos in ten classes, 50,000 to train and 10,000 to test (32×32 RGB)";
    cifar.source = "Alex Krizhevsky, Vinod Nair and Geoffrey Hinton (www.cs.toronto.edu/~kriz)";
    cifar.format = DownloadableSet::Cifar10;
    cifar.files.append({"cifar-10-binary.tar.gz", "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", 170052171,
        "c32a1d4ab5d03f1284b67883e8d87530", {}, true});
    for (int i = 1; i <= 5; ++i)
        cifar.train << QString("cifar-10-batches-bin/data_batch_%1.bin").arg(i);
    cifar.test = {"cifar-10-batches-bin/test_batch.bin"};
    cifar.imageCount = 60000;
    sets << cifar;
    return sets;
}

// A catalog names folders and files inside the cache: nothing that could reach outside it.
bool plainName(const QString &name)
{
    static const QRegularExpression plain("^[A-Za-z0-9_-][A-Za-z0-9._-]*$");
    return plain.match(name).hasMatch();
}

bool relativePath(const QString &path)
{
    const QStringList parts = path.split('/');
    return std::all_of(parts.begin(), parts.end(), plainName);
}

bool hexDigits(const QString &text, int count)
{
    static const QRegularExpression hex("^[0-9a-f]*$");
    return text.size() == count && hex.match(text).hasMatch();
}

// The most a catalog may say a file or a set weighs (a petabyte): a size beyond it is a mistake,
// and sums of such sizes stay far inside 64 bits.
constexpr double kMostBytes = 1e15;

QStringList stringList(const QJsonValue &v)
{
    QStringList list;
    for (const QJsonValue &s : v.toArray())
        list << s.toString();
    return list;
}

// DEEPSCOPE_DATA_CATALOG's sets; throws ds::Error saying what is wrong with the file.
QList<DownloadableSet> catalogFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error("cannot read it");
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parse);
    if (doc.isNull())
        throw Error("not JSON: " + parse.errorString().toStdString());
    QList<DownloadableSet> sets;
    for (const QJsonValue &v : doc.object().value("sets").toArray()) {
        const QJsonObject o = v.toObject();
        DownloadableSet s;
        s.id = o.value("id").toString();
        s.title = o.value("title").toString(s.id);
        s.about = o.value("about").toString();
        s.source = o.value("source").toString();
        const QString format = o.value("format").toString();
        if (format != "idx" && format != "cifar10")
            throw Error("set '" + s.id.toStdString() + "': format must be idx or cifar10");
        s.format = format == "idx" ? DownloadableSet::Idx : DownloadableSet::Cifar10;
        s.classNames = stringList(o.value("classes"));
        double setBytes = 0.0;
        for (const QJsonValue &fv : o.value("files").toArray()) {
            const QJsonObject fo = fv.toObject();
            // A size is a whole number of bytes (a JSON number is a double: no cast of anything else).
            const QJsonValue size = fo.value("bytes");
            const double bytes = size.toDouble(0.0);
            if (!size.isUndefined() && !(size.isDouble() && bytes >= 0.0 && bytes <= kMostBytes && bytes == std::floor(bytes)))
                throw Error("set '" + s.id.toStdString() + "': file '" + fo.value("name").toString().toStdString()
                    + "': bytes is a whole number from 0 to 10^15");
            setBytes += bytes;
            if (setBytes > kMostBytes)
                throw Error("set '" + s.id.toStdString() + "': its files add up to more than 10^15 bytes");
            s.files.append({fo.value("name").toString(), fo.value("url").toString(), qint64(bytes),
                fo.value("md5").toString().toLower(), fo.value("sha256").toString().toLower(), fo.value("unpack").toBool()});
            if (s.files.back().name.isEmpty() || s.files.back().url.isEmpty()
                || s.files.back().checksum().isEmpty())
                throw Error("set '" + s.id.toStdString() + "': every file needs a name, a url and an md5 or sha256");
        }
        s.train = stringList(o.value("train"));
        s.test = stringList(o.value("test"));
        const QStringList names = s.train + s.test;
        const bool plainFiles = std::all_of(s.files.begin(), s.files.end(), [](const auto &f) {
            return plainName(f.name) && (f.url.startsWith("http://") || f.url.startsWith("https://"));
        });
        if (!plainName(s.id) || !plainFiles || !std::all_of(names.begin(), names.end(), relativePath))
            throw Error("set '" + s.id.toStdString() + "': ids and file names are letters, digits, '.', '_' and '-' "
                "(train and test may name sub-folders), and addresses are http or https");
        for (const DownloadFile &f : s.files)
            if (!hexDigits(f.checksum(), f.hasMd5() ? 32 : 64))
                throw Error("set '" + s.id.toStdString() + "': file '" + f.name.toStdString()
                    + "': an md5 is 32 hexadecimal digits, a sha256 64");
        if (std::any_of(sets.begin(), sets.end(), [&](const auto &other) { return other.id == s.id; }))
            throw Error("set '" + s.id.toStdString() + "' is listed twice");
        s.imageCount = o.value("images").toInt();
        const bool pairs = s.format != DownloadableSet::Idx || (s.train.size() == 2 && s.test.size() == 2);
        if (s.id.isEmpty() || s.files.isEmpty() || s.train.isEmpty() || s.test.isEmpty() || !pairs)
            throw Error("set '" + s.id.toStdString() + "' needs an id, files, and its train and test files");
        sets << s;
    }
    if (sets.isEmpty())
        throw Error("it lists no sets");
    return sets;
}

} // namespace

qint64 DownloadableSet::bytes() const
{
    qint64 total = 0;
    for (const DownloadFile &f : files)
        total += f.bytes;
    return total;
}

QList<DownloadableSet> downloadableSets(QString *error)
{
    const QString path = qEnvironmentVariable("DEEPSCOPE_DATA_CATALOG");
    if (!path.isEmpty()) {
        try {
            return catalogFile(path);
        } catch (const Error &e) {
            if (error)
                *error = QString("DEEPSCOPE_DATA_CATALOG (%1) was not used: %2").arg(path, e.what());
        }
    }
    return builtInSets();
}

std::optional<DownloadableSet> downloadableSet(const QString &id)
{
    for (const DownloadableSet &s : downloadableSets())
        if (s.id == id)
            return s;
    return std::nullopt;
}

QString downloadableIds()
{
    QStringList ids;
    for (const DownloadableSet &s : downloadableSets())
        ids << s.id;
    return ids.join(", ");
}

QString dataSetsFolder()
{
    // The generic location, not the application's: the command line has no application name set.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/Deepscope/datasets";
}

QString setFolder(const DownloadableSet &set)
{
    return dataSetsFolder() + "/" + set.id;
}

QString completeMarker(const DownloadableSet &set)
{
    return setFolder(set) + "/deepscope-complete.json";
}

bool isDownloaded(const DownloadableSet &set)
{
    // The marker lists the files (and checksums) it was written for: another catalog's set of the
    // same name is not this one.
    QFile marker(completeMarker(set));
    if (!marker.open(QIODevice::ReadOnly))
        return false;
    const QJsonArray done = QJsonDocument::fromJson(marker.readAll()).object().value("files").toArray();
    for (const DownloadFile &f : set.files) {
        const auto same = std::find_if(done.begin(), done.end(), [&](const QJsonValue &v) {
            const QJsonObject o = v.toObject();
            return o.value("name").toString() == f.name && o.value(f.checksumKey()).toString() == f.checksum();
        });
        if (same == done.end())
            return false;
    }
    for (const QString &name : set.train + set.test)
        if (!QFileInfo(setFolder(set) + "/" + name).isFile())
            return false;
    return true;
}

qint64 removeDownloadedSet(const DownloadableSet &set, QString *error)
{
    QDir folder(setFolder(set));
    if (!folder.exists())
        return 0;
    qint64 bytes = 0;
    QDirIterator it(folder.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        bytes += it.fileInfo().size();
    }
    // The marker first: a removal cut short never leaves a set that says it is whole.
    QFile::remove(completeMarker(set));
    if (!folder.removeRecursively()) {
        if (error)
            *error = "could not remove all of " + folder.path();
        return -1;
    }
    return bytes;
}

bool markComplete(const DownloadableSet &set, QString *error)
{
    QJsonArray files;
    for (const DownloadFile &f : set.files)
        files.append(QJsonObject {{"name", f.name}, {"url", f.url}, {f.checksumKey(), f.checksum()}});
    const QByteArray text = QJsonDocument(QJsonObject {{"set", set.id}, {"files", files},
                                              {"downloaded", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}})
                                .toJson();
    QSaveFile marker(completeMarker(set));
    if (marker.open(QIODevice::WriteOnly) && marker.write(text) == text.size() && marker.commit())
        return true;
    if (error)
        *error = "cannot write " + completeMarker(set) + " (disk full?)";
    return false;
}

QString megabytesText(qint64 bytes)
{
    return QString("%1 MB").arg(double(bytes) / 1e6, 0, 'f', bytes < 10'000'000 ? 1 : 0);
}

data::ImageSet loadDownloadedSet(const DownloadableSet &set, int *testCount, const data::LoadProgress &progress)
{
    if (!isDownloaded(set))
        throw Error(set.title.toStdString() + " is not downloaded yet: File → Get data sets… (or `deepscope data get "
            + set.id.toStdString() + "`) fetches it (" + megabytesText(set.bytes()).toStdString() + ")");
    const std::string folder = setFolder(set).toStdString() + "/";
    auto paths = [&](const QStringList &names) {
        std::vector<std::string> p;
        for (const QString &n : names)
            p.push_back(folder + n.toStdString());
        return p;
    };
    // The training part takes most of the load's progress, the test part the rest.
    auto part = [&](double from, double to) -> data::LoadProgress {
        if (!progress)
            return {};
        return [=](double f) { return progress(from + (to - from) * f); };
    };
    data::ImageSet train, test;
    if (set.format == DownloadableSet::Idx) {
        std::vector<std::string> names;
        for (const QString &n : set.classNames)
            names.push_back(n.toStdString());
        const auto t = paths(set.train), s = paths(set.test);
        train = data::loadIdx(t[0], t[1], part(0.0, 0.85), names);
        test = data::loadIdx(s[0], s[1], part(0.85, 1.0), names);
    } else {
        train = data::loadCifar10(paths(set.train), part(0.0, 0.85));
        test = data::loadCifar10(paths(set.test), part(0.85, 1.0));
    }
    if (test.channels != train.channels || test.height != train.height || test.width != train.width
        || test.classNames != train.classNames)
        throw Error(set.title.toStdString() + ": its test images are not the shape or classes of its training images");
    train.name = set.title.toStdString();
    train.pixels.insert(train.pixels.end(), test.pixels.begin(), test.pixels.end());
    train.labels.insert(train.labels.end(), test.labels.begin(), test.labels.end());
    if (testCount)
        *testCount = test.count();
    return train;
}

} // namespace ds::app
