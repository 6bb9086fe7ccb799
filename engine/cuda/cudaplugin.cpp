// The plugin's factory: the one place a CudaBackend is made for the engine. A failure to start
// comes back as null and a message (a plain C-style contract for the one call the engine makes
// before it knows the plugin matches); once made, the backend's calls throw ds::Error, whose type
// is visible to both sides (error.h).
#include "cudaplugin.h"
#include "cudabackend.h"
#include "version.h"

#include <cstdio>
#include <cstring>

extern "C" __attribute__((visibility("default"))) ds::Backend *deepscope_cuda_create_backend_v1(
    const char *engineVersion, int interfaceVersion, char *error, int errorSize)
{
    const auto fail = [&](const std::string &why) -> ds::Backend * {
        if (error && errorSize > 0)
            std::snprintf(error, std::size_t(errorSize), "%s", why.c_str());
        return nullptr;
    };
    if (interfaceVersion != ds::kBackendInterfaceVersion || !engineVersion
        || std::strcmp(engineVersion, DEEPSCOPE_VERSION) != 0)
        return fail(std::string("the CUDA plugin was built for Deepscope ") + DEEPSCOPE_VERSION
            + " and does not match this program; rebuild both together");
    try {
        return new ds::cuda::CudaBackend(0);
    } catch (const std::exception &e) {
        return fail(e.what());
    } catch (...) {
        return fail("the GPU backend could not start (unknown error)");
    }
}
