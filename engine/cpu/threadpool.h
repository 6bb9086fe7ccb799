// ThreadPool: a fixed set of worker threads for the CPU backend. parallelFor cuts the work into
// chunks whose boundaries depend only on the problem size and grain, never on the thread count,
// so every chunk computes the same bits however many threads share the work: training stays
// bit-identical for a seed on any machine.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ds {

class ThreadPool {
public:
    explicit ThreadPool(int threads); // threads >= 1; the calling thread is one of them
    ~ThreadPool();
    ThreadPool(const ThreadPool &) = delete;
    ThreadPool &operator=(const ThreadPool &) = delete;

    int threadCount() const { return static_cast<int>(m_workers.size()) + 1; }

    // Calls fn(begin, end) over [0, count) in chunks of `grain` (the last may be shorter); returns
    // when all are done. Runs inline when there is only one chunk or one thread.
    void parallelFor(std::size_t count, std::size_t grain, const std::function<void(std::size_t, std::size_t)> &fn);

private:
    void workerLoop();
    void runChunks();

    std::vector<std::thread> m_workers;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    const std::function<void(std::size_t, std::size_t)> *m_job = nullptr;
    std::size_t m_count = 0;
    std::size_t m_grain = 1;
    std::size_t m_nextChunk = 0;
    std::size_t m_chunks = 0;
    std::size_t m_finishedChunks = 0;
    unsigned long m_generation = 0;
    bool m_stop = false;
    // Mirrors of m_generation and "all chunks finished" that waiting threads spin on for a few
    // microseconds before they sleep: a training step issues dozens of short parallel loops, and
    // waking a sleeping thread costs more than many of them take.
    std::atomic<unsigned long> m_published {0};
    std::atomic<bool> m_allDone {true};
};

} // namespace ds
