// What the window benchmarks that measure memory share: this process's memory as the kernel
// counts it, and an event-loop wait (the window keeps painting and training meanwhile).
#pragma once

#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <cstring>

namespace ds::bench {

// A field of /proc/self/status in MB: "VmRSS:" (resident now) or "VmHWM:" (the peak); 0 when
// it cannot be read.
inline double statusMegabytes(const char *field)
{
    QFile status("/proc/self/status");
    if (!status.open(QIODevice::ReadOnly))
        return 0.0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(std::strlen(field))).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return 0.0;
}

inline void runFor(double seconds)
{
    QEventLoop loop;
    QTimer::singleShot(int(seconds * 1000), &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace ds::bench
