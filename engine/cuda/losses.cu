// Loss values and gradients from the network's output, one thread per row (the playground's rows
// are a handful of columns wide). Formulas and divisions mirror cpuupdates.cpp.
#include "reduce.cuh"

namespace ds::cuda {

__global__ void addPartials(const double *partials, double *total)
{
    const double s = blockSum<kReduceBlocks>(partials[threadIdx.x]);
    if (threadIdx.x == 0)
        *total = s;
}

namespace {

constexpr int kThreads = 128;

// The summed terms of row r: squared errors, binary cross-entropies from logits, or
// sum_j t_j (logsumexp(z) - z_j) for softmax cross-entropy.
struct RowLoss {
    LossKind kind;
    const float *z, *t;
    int cols;

    __device__ double operator()(std::size_t r) const
    {
        const float *zr = z + r * cols, *tr = t + r * cols;
        double sum = 0.0;
        switch (kind) {
        case LossKind::MeanSquaredError:
            for (int j = 0; j < cols; ++j)
                sum += double(zr[j] - tr[j]) * double(zr[j] - tr[j]);
            break;
        case LossKind::BinaryCrossEntropy:
            for (int j = 0; j < cols; ++j)
                sum += fmaxf(zr[j], 0.0f) - zr[j] * tr[j] + log1p(exp(-fabs(double(zr[j]))));
            break;
        case LossKind::SoftmaxCrossEntropy: {
            float m = zr[0];
            for (int j = 1; j < cols; ++j)
                m = fmaxf(m, zr[j]);
            double e = 0.0;
            for (int j = 0; j < cols; ++j)
                e += exp(double(zr[j] - m));
            const double lse = m + log(e);
            for (int j = 0; j < cols; ++j)
                sum += double(tr[j]) * (lse - zr[j]);
            break;
        }
        }
        return sum;
    }
};

__global__ void lossGradientKernel(LossKind kind, const float *z, const float *t, int rows, int cols, float *g)
{
    const int r = blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= rows)
        return;
    const float *zr = z + std::size_t(r) * cols, *tr = t + std::size_t(r) * cols;
    float *gr = g + std::size_t(r) * cols;
    const float n = float(rows) * float(cols);
    switch (kind) {
    case LossKind::MeanSquaredError:
        for (int j = 0; j < cols; ++j)
            gr[j] = 2.0f * (zr[j] - tr[j]) / n;
        break;
    case LossKind::BinaryCrossEntropy:
        for (int j = 0; j < cols; ++j)
            gr[j] = (1.0f / (1.0f + expf(-zr[j])) - tr[j]) / n;
        break;
    case LossKind::SoftmaxCrossEntropy: {
        // d/dz_j = softmax_j * sum(t) - t_j, over the rows' mean.
        float m = zr[0];
        for (int j = 1; j < cols; ++j)
            m = fmaxf(m, zr[j]);
        float e = 0.0f, tsum = 0.0f;
        for (int j = 0; j < cols; ++j) {
            e += expf(zr[j] - m);
            tsum += tr[j];
        }
        for (int j = 0; j < cols; ++j)
            gr[j] = (expf(zr[j] - m) / e * tsum - tr[j]) / float(rows);
        break;
    }
    }
}

} // namespace

void lossSum(LossKind kind, const float *z, const float *t, int rows, int cols, double *partials, double *total,
    cudaStream_t stream)
{
    reduceSum(std::size_t(rows), RowLoss {kind, z, t, cols}, partials, total, stream);
}

void lossGradient(LossKind kind, const float *z, const float *t, int rows, int cols, float *grad, cudaStream_t stream)
{
    if (rows <= 0)
        return;
    lossGradientKernel<<<(rows + kThreads - 1) / kThreads, kThreads, 0, stream>>>(kind, z, t, rows, cols, grad);
    checkLaunch("lossGradient");
}

} // namespace ds::cuda
