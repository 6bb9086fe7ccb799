#include "threadpool.h"

#include <algorithm>
#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define DS_CPU_RELAX() _mm_pause()
#else
#define DS_CPU_RELAX() std::atomic_signal_fence(std::memory_order_seq_cst)
#endif

namespace ds {
namespace {

// How long a waiting thread spins before it blocks: longer than the gap between the loops of one
// training step, far shorter than a frame.
constexpr auto kSpin = std::chrono::microseconds(50);

// Spins until done() or the spin time is up; true when done() became true.
template <typename Done> bool spinUntil(Done &&done)
{
    const auto until = std::chrono::steady_clock::now() + kSpin;
    for (int i = 0;; ++i) {
        if (done())
            return true;
        DS_CPU_RELAX();
        if ((i & 63) == 63 && std::chrono::steady_clock::now() > until)
            return false;
    }
}

} // namespace

ThreadPool::ThreadPool(int threads)
{
    for (int i = 1; i < threads; ++i)
        m_workers.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    for (auto &t : m_workers)
        t.join();
}

void ThreadPool::parallelFor(
    std::size_t count, std::size_t grain, const std::function<void(std::size_t, std::size_t)> &fn)
{
    grain = std::max<std::size_t>(grain, 1);
    const std::size_t chunks = (count + grain - 1) / grain;
    if (chunks <= 1 || m_workers.empty()) {
        for (std::size_t b = 0; b < count; b += grain)
            fn(b, std::min(count, b + grain));
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_job = &fn;
        m_count = count;
        m_grain = grain;
        m_nextChunk = 0;
        m_chunks = chunks;
        m_finishedChunks = 0;
        ++m_generation;
        m_allDone.store(false, std::memory_order_relaxed);
        m_published.store(m_generation, std::memory_order_release);
    }
    m_wake.notify_all();
    runChunks();
    spinUntil([this] { return m_allDone.load(std::memory_order_acquire); });
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this] { return m_finishedChunks == m_chunks; });
    m_job = nullptr;
}

// Takes chunks until none is left; each thread (the caller included) runs this.
void ThreadPool::runChunks()
{
    for (;;) {
        std::size_t chunk;
        const std::function<void(std::size_t, std::size_t)> *job;
        {
            std::lock_guard lock(m_mutex);
            if (!m_job || m_nextChunk >= m_chunks)
                return;
            chunk = m_nextChunk++;
            job = m_job;
        }
        const std::size_t begin = chunk * m_grain;
        (*job)(begin, std::min(m_count, begin + m_grain));
        std::lock_guard lock(m_mutex);
        if (++m_finishedChunks == m_chunks) {
            m_allDone.store(true, std::memory_order_release);
            m_done.notify_all();
        }
    }
}

void ThreadPool::workerLoop()
{
    unsigned long seen = 0;
    for (;;) {
        spinUntil([&] { return m_published.load(std::memory_order_acquire) != seen; });
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stop || m_generation != seen; });
            if (m_stop)
                return;
            seen = m_generation;
        }
        runChunks();
    }
}

} // namespace ds
