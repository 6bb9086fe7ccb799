// Training threads run below the window: with both modes training on a two-core machine the
// window's thread would otherwise wait its turn behind them for 100 ms at a time. Linux gives
// each thread its own nice value, and threads inherit it from the thread that starts them, so a
// worker thread lowers itself when it starts and creates its backend (and the backend's pool of
// threads) afterwards. Elsewhere this does nothing.
#pragma once

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace ds::app {

inline void lowerThisThreadsPriority()
{
#ifdef __linux__
    constexpr int kNice = 10; // a tenth of the window's share of a core when both want it
    setpriority(PRIO_PROCESS, id_t(::syscall(SYS_gettid)), kNice);
#endif
}

} // namespace ds::app
