// ONNX import (engine/onnx): any bytes either give a valid spec with parameters that fit it, or
// ds::Error.
#include "error.h"
#include "onnximport.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    try {
        ds::onnx::OnnxModel m = ds::onnx::importOnnx(std::string(reinterpret_cast<const char *>(data), size));
        if (m.spec.validationError() != "" || m.parameters.size() != ds::onnx::parameterBufferSize(m.spec))
            std::abort(); // an import must never hand out a spec it did not check
        ds::onnx::endWithSoftmax(m);
    } catch (const ds::Error &) {
    }
    return 0;
}
