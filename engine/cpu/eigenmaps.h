// Eigen views of raw float storage, for the CPU backend's .cpp files only (never a public header:
// Eigen is heavy to compile).
#pragma once

#include <Eigen/Core>

namespace ds {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ColMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
using MatMap = Eigen::Map<RowMatrix, Eigen::Unaligned>;
using ConstMatMap = Eigen::Map<const RowMatrix, Eigen::Unaligned>;
using ConstColMatMap = Eigen::Map<const ColMatrix, Eigen::Unaligned>;
using VecMap = Eigen::Map<Eigen::VectorXf, Eigen::Unaligned>;
using ConstVecMap = Eigen::Map<const Eigen::VectorXf, Eigen::Unaligned>;
using ArrMap = Eigen::Map<Eigen::ArrayXf, Eigen::Unaligned>;
using ConstArrMap = Eigen::Map<const Eigen::ArrayXf, Eigen::Unaligned>;

} // namespace ds
