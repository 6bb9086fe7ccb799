#include "version.h"
#include "engineinfo.h"

#include <Eigen/Core>

namespace ds {

std::string deepscopeVersion()
{
    return DEEPSCOPE_VERSION;
}

std::string eigenVersion()
{
    return std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "."
        + std::to_string(EIGEN_MINOR_VERSION);
}

std::string simdInstructions()
{
    return Eigen::SimdInstructionSetsInUse();
}

} // namespace ds
