#include "rendercommand.h"

#include "cli.h"
#include "images/cnnview.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QImage>

#include <algorithm>
#include <iostream>

namespace ds::app {

int runRender(int argc, char *argv[], const std::vector<std::string> &args)
{
    std::string config, out, tab = "predictions";
    long epochs = 0;
    int width = 1366, height = 768;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string &a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == "--epochs" && hasValue) {
            const std::optional<long> n = wholeArgument(args[++i], 0, 1000000);
            if (!n) {
                std::cerr << "deepscope render: --epochs takes a whole number from 0 to 1000000, not '" << args[i]
                          << "'\n";
                return 2;
            }
            epochs = *n;
        } else if (a == "--size" && hasValue) {
            const std::string &size = args[++i];
            const std::size_t x = size.find('x');
            const auto w = x == std::string::npos ? std::nullopt : wholeArgument(size.substr(0, x), 320, 8192);
            const auto h = x == std::string::npos ? std::nullopt : wholeArgument(size.substr(x + 1), 240, 8192);
            if (!w || !h) {
                std::cerr << "deepscope render: --size is WIDTHxHEIGHT, from 320x240 to 8192x8192, not '" << size
                          << "'\n";
                return 2;
            }
            width = int(*w);
            height = int(*h);
        }
        else if (a == "--tab" && hasValue)
            tab = args[++i];
        else if (a == "--out" && hasValue)
            out = args[++i];
        else if (config.empty() && !a.empty() && a[0] != '-')
            config = a;
        else {
            std::cerr << "deepscope render: unexpected argument '" << a << "'\n";
            return 2;
        }
    }
    if (config.empty() || out.empty() || epochs < 0 || width < 320 || height < 240 || width > 8192 || height > 8192) {
        std::cerr << "usage: deepscope render CONFIG.json --epochs N --out FILE.png [--size WxH]\n"
                     "       deepscope render images --epochs N --out FILE.png [--size WxH] [--tab TAB]\n";
        return 2;
    }
    useHeadlessQt();
    QApplication app(argc, argv);
    MainWindow window;
    window.resize(width, height);
    window.show();
    const std::vector<std::string> tabs {"predictions", "maps", "draw", "results", "graph", "landscape"};
    const auto at = std::find(tabs.begin(), tabs.end(), tab);
    if (at == tabs.end()) {
        std::cerr << "deepscope render: --tab is one of predictions, maps, draw, results, graph, landscape\n";
        return 2;
    }
    // The CNN view on the bundled digits with its first preset, or an Images-mode playground file.
    auto renderImages = [&]() {
        if (!window.cnnView()->trainAndWait(int(epochs))) {
            const auto s = window.cnnView()->lastSnapshot();
            std::cerr << "deepscope render: training the CNN did not finish"
                      << (s && !s->message.empty() ? ": " + s->message : std::string()) << "\n";
            return 1;
        }
        window.cnnView()->showTab(int(at - tabs.begin()));
        QApplication::processEvents();
        if (!window.grab().save(QString::fromStdString(out))) {
            std::cerr << "deepscope render: cannot write " << out << "\n";
            return 1;
        }
        const auto s = window.cnnView()->lastSnapshot();
        std::cout << "rendered " << out << " after " << s->epoch << " epochs (test accuracy "
                  << (s->report ? s->report->metrics.accuracy : -1.0f) << ")\n";
        return 0;
    };
    if (config == "images") {
        window.showMode(MainWindow::ImagesMode);
        return renderImages();
    }
    QString error;
    if (!window.openFile(QString::fromStdString(config), &error)) {
        std::cerr << "deepscope render: " << error.toStdString() << "\n";
        return 1;
    }
    if (window.mode() == MainWindow::ImagesMode)
        return renderImages();
    window.trainAndWait(epochs);
    if (!window.grab().save(QString::fromStdString(out))) {
        std::cerr << "deepscope render: cannot write " << out << "\n";
        return 1;
    }
    // The picture is written either way (a diverged map is worth seeing); the exit status says
    // whether the training worked.
    const auto s = window.lastSnapshot();
    if (!s || s->diverged || !s->train.finite() || !s->test.finite()) {
        const std::string why = s && !s->message.empty() ? s->message : "training did not produce a finite loss";
        std::cerr << "deepscope render: " << why << " (the image shows where it got to: " << out << ")\n";
        return 1;
    }
    std::cout << "rendered " << out << " after " << window.lastSnapshot()->epoch << " epochs (test loss "
              << window.lastSnapshot()->test.loss << ")\n";
    return 0;
}

} // namespace ds::app
