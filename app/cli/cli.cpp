#include "cli.h"

#include "backends.h"
#include "buildcommit.h"
#include "engineinfo.h"

#include <QString>
#include <QtGlobal>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace ds::app {

std::string versionText()
{
    return "deepscope " + deepscopeVersion() + " (commit " DEEPSCOPE_COMMIT ")";
}

std::string infoText()
{
    std::string s = versionText() + "\n";
    s += "Qt " + std::string(qVersion()) + " (built with " QT_VERSION_STR ")\n";
    s += "Eigen " + eigenVersion() + " (" + simdInstructions() + ")\n";
    s += "Backends:\n";
    for (const BackendInfo &b : probeBackends()) {
        s += "  " + b.id + ": ";
        s += b.available ? "available, " + b.label : "off — " + b.reason;
        s += "\n";
    }
    return s;
}

std::string helpText()
{
    return "Usage: deepscope [COMMAND]\n"
           "  (no command)   open the playground window\n"
           "  FILE.deepscope open the window on that playground\n"
           "  MODEL.onnx [PICTURE|FOLDER...]\n"
           "                 open the window on an ONNX image classifier (the Model mode), showing what\n"
           "                 it makes of the pictures\n"
           "  --mode points|images|arithmetic|model\n"
           "                 open the window on that mode (2-D points, CNNs on images, conv arithmetic, a model)\n"
           "  render CONFIG.json --epochs N --out FILE.png [--size WxH]\n"
           "  render images --epochs N --out FILE.png [--size WxH] [--tab predictions|maps|draw|results|graph|landscape]\n"
           "                 train a saved playground N epochs and save the window as an image\n"
           "  train FILE.deepscope [--epochs N] [--backend cpu|cuda] [--save OUT] [--export-onnx OUT]\n"
           "                 [--export-torch DIR] [--history OUT.csv]\n"
           "                 train a playground without a window; a JSON summary at the end\n"
           "  export FILE.deepscope --onnx OUT.onnx | --torch DIR\n"
           "                 the playground's network as ONNX, or as a PyTorch script with its weights\n"
           "  inspect MODEL.onnx [--batch N] [--size HxW]\n"
           "                 an ONNX model's layers, shapes, parameters, arithmetic and memory, headless\n"
           "  landscape FILE.deepscope [--epochs N] [--directions random|path] [--grid N] [--range R] [--log]\n"
           "            --out MAP.png [--csv GRID.csv]\n"
           "                 the loss around a playground's network as a contour map, headless\n"
           "  data list | get NAME | path NAME | remove NAME\n"
           "                 the data sets Deepscope downloads (mnist, fashion-mnist, kmnist, cifar10): list them,\n"
           "                 download and verify one into the cache, print its folder, delete it\n"
           "  info           versions and the compute backends, with why the GPU is off if it is\n"
           "  --version      the version\n"
           "  --help         this text\n";
}

void quietQtMessages()
{
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        if (type == QtCriticalMsg || type == QtFatalMsg)
            std::cerr << message.toStdString() << "\n";
    });
}

void useHeadlessQt()
{
    // No display needed: the offscreen platform draws into memory.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    quietQtMessages();
}

std::optional<long> wholeArgument(const std::string &text, long lo, long hi)
{
    if (text.empty() || text.size() > 19)
        return std::nullopt;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(text[i])) && !(i == 0 && text[i] == '-' && text.size() > 1))
            return std::nullopt;
    errno = 0;
    const long value = std::strtol(text.c_str(), nullptr, 10);
    if (errno == ERANGE || value < lo || value > hi)
        return std::nullopt;
    return value;
}

int modeIndex(const std::string &name)
{
    const char *names[] = {"points", "images", "arithmetic", "model"};
    for (int i = 0; i < 4; ++i)
        if (name == names[i])
            return i;
    return -1;
}

std::optional<int> runCommand(const std::vector<std::string> &args)
{
    if (args.empty())
        return std::nullopt;
    const std::string &cmd = args[0];
    if (cmd == "--version" || cmd == "-v") {
        std::cout << versionText() << "\n";
        return 0;
    }
    if (cmd == "info") {
        std::cout << infoText();
        return 0;
    }
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        std::cout << helpText();
        return 0;
    }
    if (cmd == "--mode") { // the window's own option: checked by main()
        if (args.size() >= 2 && modeIndex(args[1]) >= 0)
            return std::nullopt;
        std::cerr << "deepscope: --mode takes points, images, arithmetic or model\n";
        return 2;
    }
    // Qt's own options (-platform, -style, ...) are for the window.
    if (cmd.size() > 1 && cmd[0] == '-' && cmd.rfind("--", 0) != 0)
        return std::nullopt;
    // deepscope FILE: the window opens it (main()); a name that is no file is a mistyped command.
    if (std::filesystem::is_regular_file(cmd))
        return std::nullopt;
    std::error_code ec;
    if (std::filesystem::exists(cmd, ec)) { // there, but a folder, a pipe or a device
        std::cerr << "deepscope: cannot open " << cmd
                  << ": it is not a regular file (a folder, a pipe or a device); give a .deepscope or .onnx file\n";
        return 2;
    }
    if (cmd.ends_with(".deepscope") || cmd.ends_with(".json")) {
        std::cerr << "deepscope: cannot open " << cmd << ": no such file\n";
        return 2;
    }
    std::cerr << "deepscope: unknown command '" << cmd << "'\n\n" << helpText();
    return 2;
}

} // namespace ds::app
