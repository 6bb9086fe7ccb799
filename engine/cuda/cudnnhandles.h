// Owning wrappers for the cuDNN descriptors and the checks for cuBLAS and cuDNN status codes.
// A descriptor is created with its wrapper and destroyed with it, so the plans that cache them
// (cudabackend.h) need no hand-written clean-up.
#pragma once

#include "cudacheck.h"

#include <cublas_v2.h>
#include <cudnn.h>

namespace ds::cuda {

inline void checkCublas(cublasStatus_t s, const char *what)
{
    if (s != CUBLAS_STATUS_SUCCESS)
        throw Error(std::string("GPU error in ") + what + ": " + cublasGetStatusString(s));
}

inline void checkCudnn(cudnnStatus_t s, const char *what)
{
    if (s != CUDNN_STATUS_SUCCESS)
        throw Error(std::string("GPU error in ") + what + ": " + cudnnGetErrorString(s));
}

template <typename T, cudnnStatus_t (*Create)(T *), cudnnStatus_t (*Destroy)(T)> class Descriptor {
public:
    Descriptor() { checkCudnn(Create(&m_handle), "creating a cuDNN descriptor"); }
    ~Descriptor() { Destroy(m_handle); }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;

    operator T() const { return m_handle; }

private:
    T m_handle {};
};

using TensorDescriptor = Descriptor<cudnnTensorDescriptor_t, cudnnCreateTensorDescriptor, cudnnDestroyTensorDescriptor>;
using FilterDescriptor = Descriptor<cudnnFilterDescriptor_t, cudnnCreateFilterDescriptor, cudnnDestroyFilterDescriptor>;
using ConvolutionDescriptor
    = Descriptor<cudnnConvolutionDescriptor_t, cudnnCreateConvolutionDescriptor, cudnnDestroyConvolutionDescriptor>;
using PoolingDescriptor
    = Descriptor<cudnnPoolingDescriptor_t, cudnnCreatePoolingDescriptor, cudnnDestroyPoolingDescriptor>;
using ActivationDescriptor
    = Descriptor<cudnnActivationDescriptor_t, cudnnCreateActivationDescriptor, cudnnDestroyActivationDescriptor>;

// An NCHW float tensor descriptor.
inline void setTensor4d(cudnnTensorDescriptor_t d, int n, int c, int h, int w)
{
    checkCudnn(cudnnSetTensor4dDescriptor(d, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, n, c, h, w), "describing a tensor");
}

} // namespace ds::cuda
