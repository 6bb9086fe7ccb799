// CIFAR-10 binary batches (datasets/cifarreader.cpp), gzipped or not, read from a file as the app does.
#include "error.h"
#include "fuzzfile.h"
#include "images.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    try {
        ds::data::loadCifar10({ds::fuzz::writeInput("data_batch_1.bin", data, size)});
    } catch (const ds::Error &) {
    }
    return 0;
}
