/* denoise_kernels_body.h — the row kernels of the gradient denoiser, written
 * once over a small vector layer and compiled once per instruction set by
 * denoise_kernels.c (which includes this file several times; no include
 * guard).  The includer defines:
 *   V_SUFFIX       the suffix of every name made here (_scalar, _sse2, ...)
 *   VW             the vector width in floats, 0 for the scalar code only
 * and, when VW > 0, the vector type VT and its operations:
 *   V_LOAD(p) V_STORE(p, v) V_SET1(x) V_ZERO() V_ADD V_SUB V_MUL V_DIV
 *   V_SQRT V_MAX (the IEEE operations, correctly rounded, lane-wise),
 *   V_MADD(a, b, c)  a b + c: two roundings (SSE2) or one (FMA),
 *   V_SHIFT_IN(c, v) (c[VW-1], v[0], ..., v[VW-2]),
 *   V_LAST(v)        v[VW-1],
 *   V_FLUSH(d, v)    adds lane l of v into double d[l % 4], in a fixed order,
 *   V_FOLD4(f, v)    stores lanes l of v added into float f[l % 4],
 *   S_MADD(a, b, c)  (optional) the scalar a b + c, fused where V_MADD is.
 * Without FMA the vector code does the scalar code's operations in the
 * same order, so every width gives the same floats; with it (V_MADD fused)
 * results differ by rounding only (see fg/gradient_denoise.h, "Code paths").
 * Sums: pixel k goes to lane k % VW of a float accumulator, which is added
 * to the double lanes at every SEGMENT pixels (see denoise_kernels.c). */

#define VCAT2(a, b) a##b
#define VCAT(a, b) VCAT2(a, b)
#define VNAME(name) VCAT(name, V_SUFFIX)

/* The scalar mirror rounds as the vector code: S_MADD(a, b, c) is a b + c,
 * fused where V_MADD is (so a pixel's floats do not depend on whether the
 * vector or the scalar code computed it -- the crop of fg_denoise_margin
 * shifts pixels between them). */
#ifndef S_MADD
#define S_MADD(a, b, c) ((a) * (b) + (c))
#endif

/* |grad|^2 of one channel: gy^2 + gx^2 (as rounded: the same as gx^2 + gy^2 unfused). */
FG_ALWAYS_INLINE float VNAME(s_norm2)(float gx, float gy)
{
    return S_MADD(gy, gy, gx * gx);
}
#if VW
FG_ALWAYS_INLINE VT VNAME(v_norm2)(VT gx, VT gy)
{
    return V_MADD(gy, gy, V_MUL(gx, gx));
}

/* After the group at k: at the end of a segment, the float sums into the
 * double lanes. */
FG_ALWAYS_INLINE void VNAME(v_segment)(double lanes[SUMS][4], VT acc[SUMS], int k)
{
    if (((k + VW) & (SEGMENT - 1)) == 0)
        for (int i = 0; i < SUMS; i++) {
            V_FLUSH(lanes[i], acc[i]);
            acc[i] = V_ZERO();
        }
}

/* Hands the open segment and the carries (px of the last pixel done) over
 * to the scalar code. */
FG_ALWAYS_INLINE void VNAME(v_hand_over)(float partial[SUMS][4], float carry[4], const VT acc[SUMS],
                                         const VT v_carry[4], int channels)
{
    for (int i = 0; i < SUMS; i++)
        V_FOLD4(partial[i], acc[i]);
    for (int c = 0; c < channels; c++)
        carry[c] = V_LAST(v_carry[c]);
}
#endif

FG_ALWAYS_INLINE void VNAME(row_kernel)(const kernel_constants *kc, const row_io *io, double lanes[SUMS][4],
                                        const int channels, const int model, const int mode)
{
    const int width = kc->width, has_next = io->next[0] != NULL;
    const float eps2 = kc->eps2, lambda = kc->lambda, tau = kc->tau;
    const float *cur[4], *next[4], *f[4], *xk[4];
    float *out[4], *py_prev[4];
    for (int c = 0; c < channels; c++) {
        cur[c] = io->cur[c];
        next[c] = io->next[c];
        f[c] = io->f[c];
        xk[c] = io->x[c];
        out[c] = io->out[c];
        py_prev[c] = io->py_prev + (size_t)c * (size_t)width;
    }
    float partial[SUMS][4] = { { 0.0f } };
    float carry[4] = { 0.0f, 0.0f, 0.0f, 0.0f };    /* px of the pixel to the left */
    int k = 0;
#if VW
    {
        const VT v_eps2 = V_SET1(eps2), v_lambda = V_SET1(lambda);
        const VT v_tau = V_SET1(tau), v_one = V_SET1(1.0f), zero = V_ZERO();
        const VT v_eps = V_SET1(kc->eps), v_half_lambda = V_SET1(kc->half_lambda);
        VT acc[SUMS], v_carry[4];
        for (int i = 0; i < SUMS; i++)
            acc[i] = zero;
        for (int c = 0; c < channels; c++)
            v_carry[c] = zero;
        for (; k + VW < width; k += VW) {      /* all VW pixels have a right neighbour */
            VT y[4], gx[4], gy[4], w[4];
            for (int c = 0; c < channels; c++) {
                y[c] = V_LOAD(cur[c] + k);
                gx[c] = V_SUB(V_LOAD(cur[c] + k + 1), y[c]);
                gy[c] = has_next ? V_SUB(V_LOAD(next[c] + k), y[c]) : zero;
            }
            if (model == MODEL_TIKHONOV) {
                for (int c = 0; c < channels; c++) {
                    w[c] = v_one;
                    if (mode != MODE_PY)
                        acc[SUM_REGULARISER] = V_ADD(acc[SUM_REGULARISER], VNAME(v_norm2)(gx[c], gy[c]));
                }
            } else if (model == MODEL_TV_COUPLED) {
                VT q = v_eps2;
                for (int c = 0; c < channels; c++)
                    q = V_ADD(q, VNAME(v_norm2)(gx[c], gy[c]));
                VT root = V_SQRT(q);
                acc[SUM_REGULARISER] = V_ADD(acc[SUM_REGULARISER], root);
                VT weight = mode == MODE_ENERGY ? v_one : V_DIV(v_one, root);
                for (int c = 0; c < channels; c++)
                    w[c] = weight;
                if (mode == MODE_STEP || mode == MODE_STEP_RESTART)
                    acc[SUM_DUAL_Q] = V_MADD(v_eps, weight, acc[SUM_DUAL_Q]);
            } else {
                for (int c = 0; c < channels; c++) {
                    VT root = V_SQRT(V_ADD(v_eps2, VNAME(v_norm2)(gx[c], gy[c])));
                    acc[SUM_REGULARISER] = V_ADD(acc[SUM_REGULARISER], root);
                    w[c] = mode == MODE_ENERGY ? v_one : V_DIV(v_one, root);
                    if (mode == MODE_STEP || mode == MODE_STEP_RESTART)
                        acc[SUM_DUAL_Q] = V_MADD(v_eps, w[c], acc[SUM_DUAL_Q]);
                }
            }
            for (int c = 0; c < channels; c++) {
                if (mode == MODE_ENERGY) {
                    VT d = V_SUB(y[c], V_LOAD(f[c] + k));
                    acc[SUM_FIDELITY] = V_MADD(d, d, acc[SUM_FIDELITY]);
                    continue;
                }
                VT px = model == MODEL_TIKHONOV ? gx[c] : V_MUL(gx[c], w[c]);
                VT py = model == MODEL_TIKHONOV ? gy[c] : V_MUL(gy[c], w[c]);
                if (mode == MODE_PY) {
                    V_STORE(py_prev[c] + k, py);
                    continue;
                }
                VT px_left = V_SHIFT_IN(v_carry[c], px);
                v_carry[c] = px;
                VT div = V_ADD(V_SUB(px, px_left), V_SUB(py, V_LOAD(py_prev[c] + k)));
                V_STORE(py_prev[c] + k, py);
                VT fv = V_LOAD(f[c] + k);
                VT d = V_SUB(y[c], fv);
                /* o = y - tau (d - lambda div) */
                VT o = V_SUB(y[c], V_MUL(v_tau, V_SUB(d, V_MUL(v_lambda, div))));
                V_STORE(out[c] + k, o);
                acc[SUM_FIDELITY] = V_MADD(d, d, acc[SUM_FIDELITY]);
                acc[SUM_DUAL_DIV] = V_MADD(div, V_MADD(v_half_lambda, div, fv), acc[SUM_DUAL_DIV]);
                if (mode == MODE_STEP_RESTART)
                    acc[SUM_RESTART] = V_MADD(V_SUB(y[c], o), V_SUB(o, V_LOAD(xk[c] + k)), acc[SUM_RESTART]);
            }
            if (mode != MODE_PY)
                VNAME(v_segment)(lanes, acc, k);
        }
        VNAME(v_hand_over)(partial, carry, acc, v_carry, channels);
    }
#endif
    for (; k < width; k++) {
        const int lane = k & 3;
        float y[4], gx[4], gy[4], w[4];
        for (int c = 0; c < channels; c++) {
            y[c] = cur[c][k];
            gx[c] = k + 1 < width ? cur[c][k + 1] - y[c] : 0.0f;
            gy[c] = has_next ? next[c][k] - y[c] : 0.0f;
        }
        if (model == MODEL_TIKHONOV) {
            for (int c = 0; c < channels; c++) {
                w[c] = 1.0f;
                if (mode != MODE_PY)
                    partial[SUM_REGULARISER][lane] += VNAME(s_norm2)(gx[c], gy[c]);
            }
        } else if (model == MODEL_TV_COUPLED) {
            float q = eps2;
            for (int c = 0; c < channels; c++)
                q = q + VNAME(s_norm2)(gx[c], gy[c]);
            float root = sqrtf(q);
            partial[SUM_REGULARISER][lane] += root;
            float weight = mode == MODE_ENERGY ? 1.0f : 1.0f / root;
            for (int c = 0; c < channels; c++)
                w[c] = weight;
            if (mode == MODE_STEP || mode == MODE_STEP_RESTART)
                partial[SUM_DUAL_Q][lane] = S_MADD(kc->eps, weight, partial[SUM_DUAL_Q][lane]);
        } else {
            for (int c = 0; c < channels; c++) {
                float root = sqrtf(eps2 + VNAME(s_norm2)(gx[c], gy[c]));
                partial[SUM_REGULARISER][lane] += root;
                w[c] = mode == MODE_ENERGY ? 1.0f : 1.0f / root;
                if (mode == MODE_STEP || mode == MODE_STEP_RESTART)
                    partial[SUM_DUAL_Q][lane] = S_MADD(kc->eps, w[c], partial[SUM_DUAL_Q][lane]);
            }
        }
        for (int c = 0; c < channels; c++) {
            if (mode == MODE_ENERGY) {
                float d = y[c] - f[c][k];
                partial[SUM_FIDELITY][lane] = S_MADD(d, d, partial[SUM_FIDELITY][lane]);
                continue;
            }
            float px = model == MODEL_TIKHONOV ? gx[c] : gx[c] * w[c];
            float py = model == MODEL_TIKHONOV ? gy[c] : gy[c] * w[c];
            if (mode == MODE_PY) {
                py_prev[c][k] = py;
                continue;
            }
            float div = (px - carry[c]) + (py - py_prev[c][k]);
            carry[c] = px;
            py_prev[c][k] = py;
            float fk = f[c][k];
            float d = y[c] - fk;
            float o = y[c] - tau * (d - lambda * div);
            out[c][k] = o;
            partial[SUM_FIDELITY][lane] = S_MADD(d, d, partial[SUM_FIDELITY][lane]);
            partial[SUM_DUAL_DIV][lane] = S_MADD(div, S_MADD(kc->half_lambda, div, fk), partial[SUM_DUAL_DIV][lane]);
            if (mode == MODE_STEP_RESTART)
                partial[SUM_RESTART][lane] = S_MADD(y[c] - o, o - xk[c][k], partial[SUM_RESTART][lane]);
        }
        if (((k + 1) & (SEGMENT - 1)) == 0)
            flush_segment(lanes, partial);
    }
    flush_segment(lanes, partial);
}

#define ROW_KERNEL_V(name, channels, model, mode) \
    static void name(const kernel_constants *kc, const row_io *io, double lanes[SUMS][4]) \
    { VNAME(row_kernel)(kc, io, lanes, channels, model, mode); }
#define GENERIC_KERNEL_V(name, mode) \
    static void name(const kernel_constants *kc, const row_io *io, double lanes[SUMS][4]) \
    { VNAME(row_kernel)(kc, io, lanes, kc->channels, kc->model, mode); }

KERNEL_FAMILY_X(ROW_KERNEL_V, GENERIC_KERNEL_V, V_SUFFIX)
#undef ROW_KERNEL_V
#undef GENERIC_KERNEL_V

/* ---- The primal-dual row kernel (denoise_kernels.h) ----------------------------
 * The energy of u_n uses the very operations, in the same order and with the
 * same lanes and segments, as the descent kernels' energy pass of the same
 * code path, so E(u_n) here is bit for bit fg_denoise_energy's. */
FG_ALWAYS_INLINE void VNAME(pd_row)(const kernel_constants *kc, const pd_constants *pc, const pd_row_io *io,
                                    double lanes[SUMS][4], const int channels, const int model)
{
    const int width = kc->width, has_next = io->u_next[0] != NULL;
    const float eps2 = kc->eps2, half_lambda = kc->half_lambda;
    const float sl = pc->sigma_lambda, sle = pc->sigma_lambda_eps, tau = pc->tau;
    const float tau_lambda = pc->tau_lambda, inv_one_tau = pc->inv_one_tau, shrink = pc->tikhonov_shrink;
    float *py_prev[4];
    for (int c = 0; c < channels; c++)
        py_prev[c] = io->py_prev + (size_t)c * (size_t)width;
    float partial[SUMS][4] = { { 0.0f } };
    float carry[4] = { 0.0f, 0.0f, 0.0f, 0.0f };
    int k = 0;
#if VW
    {
        const VT zero = V_ZERO(), v_one = V_SET1(1.0f), v_eps2 = V_SET1(eps2);
        const VT v_half_lambda = V_SET1(half_lambda), v_sl = V_SET1(sl), v_sle = V_SET1(sle);
        const VT v_tau = V_SET1(tau), v_tau_lambda = V_SET1(tau_lambda), v_inv_one_tau = V_SET1(inv_one_tau);
        const VT v_shrink = V_SET1(shrink);
        VT acc[SUMS], v_carry[4];
        for (int i = 0; i < SUMS; i++)
            acc[i] = zero;
        for (int c = 0; c < channels; c++)
            v_carry[c] = zero;
        for (; k + VW < width; k += VW) {
            VT y[4], qx[4], qy[4];
            /* E(u_n): the descent kernels' energy pass, operation for operation. */
            {
                VT gx[4], gy[4];
                for (int c = 0; c < channels; c++) {
                    y[c] = V_LOAD(io->u_cur[c] + k);
                    gx[c] = V_SUB(V_LOAD(io->u_cur[c] + k + 1), y[c]);
                    gy[c] = has_next ? V_SUB(V_LOAD(io->u_next[c] + k), y[c]) : zero;
                }
                if (model == MODEL_TIKHONOV) {
                    for (int c = 0; c < channels; c++)
                        acc[SUM_REGULARISER] = V_ADD(acc[SUM_REGULARISER], VNAME(v_norm2)(gx[c], gy[c]));
                } else if (model == MODEL_TV_COUPLED) {
                    VT q = v_eps2;
                    for (int c = 0; c < channels; c++)
                        q = V_ADD(q, VNAME(v_norm2)(gx[c], gy[c]));
                    acc[SUM_REGULARISER] = V_ADD(acc[SUM_REGULARISER], V_SQRT(q));
                } else {
                    for (int c = 0; c < channels; c++)
                        acc[SUM_REGULARISER] = V_ADD(acc[SUM_REGULARISER],
                                                     V_SQRT(V_ADD(v_eps2, VNAME(v_norm2)(gx[c], gy[c]))));
                }
                for (int c = 0; c < channels; c++) {
                    VT d = V_SUB(y[c], V_LOAD(io->f[c] + k));
                    acc[SUM_FIDELITY] = V_MADD(d, d, acc[SUM_FIDELITY]);
                }
            }
            /* The dual ascent step at grad ubar_n, then the projection. */
            for (int c = 0; c < channels; c++) {
                VT b = V_LOAD(io->b_cur[c] + k);
                VT bx = V_SUB(V_LOAD(io->b_cur[c] + k + 1), b);
                VT by = has_next ? V_SUB(V_LOAD(io->b_next[c] + k), b) : zero;
                qx[c] = V_MADD(v_sl, bx, V_LOAD(io->qx[c] + k));
                qy[c] = V_MADD(v_sl, by, V_LOAD(io->qy[c] + k));
            }
            if (model == MODEL_TIKHONOV) {
                for (int c = 0; c < channels; c++) {
                    qx[c] = V_MUL(qx[c], v_shrink);
                    qy[c] = V_MUL(qy[c], v_shrink);
                    acc[SUM_DUAL_Q] = V_ADD(acc[SUM_DUAL_Q], VNAME(v_norm2)(qx[c], qy[c]));
                }
            } else if (model == MODEL_TV_COUPLED) {
                VT z0 = V_ADD(V_LOAD(io->q0[0] + k), v_sle);
                VT n2 = V_MUL(z0, z0);
                for (int c = 0; c < channels; c++)
                    n2 = V_ADD(n2, VNAME(v_norm2)(qx[c], qy[c]));
                /* 1 / max(1, |z|): exactly the scalar n2 > 1 ? 1 / sqrt(n2) : 1 (NaN: 1 too) */
                VT s = V_DIV(v_one, V_SQRT(V_MAX(n2, v_one)));
                for (int c = 0; c < channels; c++) {
                    qx[c] = V_MUL(qx[c], s);
                    qy[c] = V_MUL(qy[c], s);
                }
                z0 = V_MUL(z0, s);
                V_STORE(io->q0[0] + k, z0);
                acc[SUM_DUAL_Q] = V_ADD(acc[SUM_DUAL_Q], z0);
            } else {
                for (int c = 0; c < channels; c++) {
                    VT z0 = V_ADD(V_LOAD(io->q0[c] + k), v_sle);
                    VT n2 = V_ADD(V_MUL(z0, z0), VNAME(v_norm2)(qx[c], qy[c]));
                    VT s = V_DIV(v_one, V_SQRT(V_MAX(n2, v_one)));
                    qx[c] = V_MUL(qx[c], s);
                    qy[c] = V_MUL(qy[c], s);
                    z0 = V_MUL(z0, s);
                    V_STORE(io->q0[c] + k, z0);
                    acc[SUM_DUAL_Q] = V_ADD(acc[SUM_DUAL_Q], z0);
                }
            }
            /* The primal step: the proximal map of the fidelity at u_n + tau lambda div q_{n+1}. */
            for (int c = 0; c < channels; c++) {
                V_STORE(io->qx[c] + k, qx[c]);
                V_STORE(io->qy[c] + k, qy[c]);
                VT px_left = V_SHIFT_IN(v_carry[c], qx[c]);
                v_carry[c] = qx[c];
                VT div = V_ADD(V_SUB(qx[c], px_left), V_SUB(qy[c], V_LOAD(py_prev[c] + k)));
                V_STORE(py_prev[c] + k, qy[c]);
                VT fk = V_LOAD(io->f[c] + k);
                VT o = V_MUL(V_ADD(y[c], V_MADD(v_tau_lambda, div, V_MUL(v_tau, fk))), v_inv_one_tau);
                V_STORE(io->out[c] + k, o);
                acc[SUM_DUAL_DIV] = V_MADD(div, V_MADD(v_half_lambda, div, fk), acc[SUM_DUAL_DIV]);
            }
            VNAME(v_segment)(lanes, acc, k);
        }
        VNAME(v_hand_over)(partial, carry, acc, v_carry, channels);
    }
#endif
    for (; k < width; k++) {
        const int lane = k & 3;
        const int right = k + 1 < width;
        float y[4], gx[4], gy[4], qx[4], qy[4];
        /* E(u_n): the descent kernels' energy pass, operation for operation. */
        for (int c = 0; c < channels; c++) {
            y[c] = io->u_cur[c][k];
            gx[c] = right ? io->u_cur[c][k + 1] - y[c] : 0.0f;
            gy[c] = has_next ? io->u_next[c][k] - y[c] : 0.0f;
        }
        if (model == MODEL_TIKHONOV) {
            for (int c = 0; c < channels; c++)
                partial[SUM_REGULARISER][lane] += VNAME(s_norm2)(gx[c], gy[c]);
        } else if (model == MODEL_TV_COUPLED) {
            float q = eps2;
            for (int c = 0; c < channels; c++)
                q = q + VNAME(s_norm2)(gx[c], gy[c]);
            partial[SUM_REGULARISER][lane] += sqrtf(q);
        } else {
            for (int c = 0; c < channels; c++)
                partial[SUM_REGULARISER][lane] += sqrtf(eps2 + VNAME(s_norm2)(gx[c], gy[c]));
        }
        for (int c = 0; c < channels; c++) {
            float d = y[c] - io->f[c][k];
            partial[SUM_FIDELITY][lane] = S_MADD(d, d, partial[SUM_FIDELITY][lane]);
        }
        /* The dual ascent step at grad ubar_n, then the projection. */
        for (int c = 0; c < channels; c++) {
            float b = io->b_cur[c][k];
            float bx = right ? io->b_cur[c][k + 1] - b : 0.0f;
            float by = has_next ? io->b_next[c][k] - b : 0.0f;
            qx[c] = S_MADD(sl, bx, io->qx[c][k]);
            qy[c] = S_MADD(sl, by, io->qy[c][k]);
        }
        if (model == MODEL_TIKHONOV) {
            for (int c = 0; c < channels; c++) {
                qx[c] *= shrink;
                qy[c] *= shrink;
                partial[SUM_DUAL_Q][lane] += VNAME(s_norm2)(qx[c], qy[c]);
            }
        } else if (model == MODEL_TV_COUPLED) {
            float z0 = io->q0[0][k] + sle;
            float n2 = z0 * z0;
            for (int c = 0; c < channels; c++)
                n2 = n2 + VNAME(s_norm2)(qx[c], qy[c]);
            float s = n2 > 1.0f ? 1.0f / sqrtf(n2) : 1.0f;
            for (int c = 0; c < channels; c++) {
                qx[c] *= s;
                qy[c] *= s;
            }
            z0 *= s;
            io->q0[0][k] = z0;
            partial[SUM_DUAL_Q][lane] += z0;
        } else {
            for (int c = 0; c < channels; c++) {
                float z0 = io->q0[c][k] + sle;
                float n2 = z0 * z0 + VNAME(s_norm2)(qx[c], qy[c]);
                float s = n2 > 1.0f ? 1.0f / sqrtf(n2) : 1.0f;
                qx[c] *= s;
                qy[c] *= s;
                z0 *= s;
                io->q0[c][k] = z0;
                partial[SUM_DUAL_Q][lane] += z0;
            }
        }
        /* The primal step: the proximal map of the fidelity at u_n + tau lambda div q_{n+1}. */
        for (int c = 0; c < channels; c++) {
            io->qx[c][k] = qx[c];
            io->qy[c][k] = qy[c];
            float div = (qx[c] - carry[c]) + (qy[c] - py_prev[c][k]);
            carry[c] = qx[c];
            py_prev[c][k] = qy[c];
            float fk = io->f[c][k];
            io->out[c][k] = (y[c] + S_MADD(tau_lambda, div, tau * fk)) * inv_one_tau;
            partial[SUM_DUAL_DIV][lane] = S_MADD(div, S_MADD(half_lambda, div, fk), partial[SUM_DUAL_DIV][lane]);
        }
        if (((k + 1) & (SEGMENT - 1)) == 0)
            flush_segment(lanes, partial);
    }
    flush_segment(lanes, partial);
}

#define PD_KERNEL_V(name, channels, model) \
    static void VNAME(name)(const kernel_constants *kc, const pd_constants *pc, const pd_row_io *io, \
                            double lanes[SUMS][4]) \
    { VNAME(pd_row)(kc, pc, io, lanes, channels, model); }

PD_KERNEL_V(pd_tikhonov_1, 1, MODEL_TIKHONOV)
PD_KERNEL_V(pd_tv_1, 1, MODEL_TV_SEPARATE)
PD_KERNEL_V(pd_tikhonov_3, 3, MODEL_TIKHONOV)
PD_KERNEL_V(pd_coupled_3, 3, MODEL_TV_COUPLED)
PD_KERNEL_V(pd_separate_3, 3, MODEL_TV_SEPARATE)
#undef PD_KERNEL_V

static void VNAME(pd_generic)(const kernel_constants *kc, const pd_constants *pc, const pd_row_io *io,
                              double lanes[SUMS][4])
{
    VNAME(pd_row)(kc, pc, io, lanes, kc->channels, kc->model);
}

/* This code path's kernels, by set (see pick_kernels). */
static const kernel_set VNAME(kernel_sets)[SETS] = KERNEL_SETS_X(V_SUFFIX);

#undef S_MADD
#undef VNAME
#undef VCAT
#undef VCAT2
