/* denoise_reference.h — what the Gradient Denoise tests share: seeded
 * piecewise-constant test scenes, parameter helpers, an iteration recorder,
 * and the independent double-precision reference (gradient, divergence,
 * energy, a long FISTA run) that the core's float solvers are checked
 * against.  Header-only (static inline), like test_random.h. */
#ifndef FG_TEST_DENOISE_REFERENCE_H
#define FG_TEST_DENOISE_REFERENCE_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fg/gradient_denoise.h"
#include "test_random.h"

/* Piecewise-constant shapes in 0.25..0.75, a little different per channel. */
static inline double scene_value(int x, int y, int w, int h, int c)
{
    double u = (x + 0.5) / w, v = (y + 0.5) / h, value = 0.3 + 0.05 * c;
    if (u > 0.15 && u < 0.55 && v > 0.15 && v < 0.6) value = 0.7 - 0.1 * c;
    double dx = u - 0.7, dy = v - 0.65;
    if (dx * dx + dy * dy < 0.05) value = 0.5 + 0.2 * (c == 1);
    if (v > 0.8 * u + 0.6) value = 0.25 + 0.1 * c;
    return value;
}

static inline float *scene(int w, int h, int ch, double sigma)
{
    float *d = malloc((size_t)w * h * ch * sizeof *d);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            for (int c = 0; c < ch; c++)
                d[((size_t)y * w + x) * ch + c] = (float)(scene_value(x, y, w, h, c) + sigma * test_gauss());
    return d;
}

static inline float *copy_floats(const float *src, size_t n)
{
    float *d = malloc(n * sizeof *d);
    memcpy(d, src, n * sizeof *d);
    return d;
}

static inline fg_denoise_params explicit_params(fg_energy energy, double lambda)
{
    fg_denoise_params p;
    fg_denoise_params_init(&p);
    p.energy = energy;
    p.auto_strength = 0;
    p.lambda = lambda;
    /* The accelerated solver and the energy-change rule, without the coarse
     * start (the defaults before FG_SOLVER_AUTO, the gap rule and the coarse
     * start): what these tests were written for;
     * tests of the other solvers and the gap rule set them. */
    p.solver = FG_SOLVER_ACCELERATED;
    p.stop = FG_STOP_ENERGY_CHANGE;
    p.tolerance = FG_DENOISE_ENERGY_CHANGE_TOLERANCE;
    p.coarse_start = 0;     /* the solvers' own paths (test_denoise_coarse.c tests the coarse start) */
    return p;
}

/* Records the energies passed to on_iteration. */
typedef struct recorder {
    double energy[4096];
    int count, cancel_at;
} recorder;

static inline int record(void *user, int iteration, int max_iterations, double energy)
{
    (void)max_iterations;
    recorder *r = user;
    if (iteration == r->count && r->count < 4096)
        r->energy[r->count] = energy;
    r->count++;
    return r->cancel_at >= 0 && iteration >= r->cancel_at;
}

/* Makes `p` record every iteration's energy into `r`, emptied, never cancelling. */
static inline void record_into(fg_denoise_params *p, recorder *r)
{
    p->on_iteration = record;
    p->user_data = r;
    r->count = 0;
    r->cancel_at = -1;
}

/* ---- Double-precision reference operators (one channel, row-major) --------- */

static inline void ref_grad(const double *u, int w, int h, double *gx, double *gy)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            size_t i = (size_t)y * w + x;
            gx[i] = x + 1 < w ? u[i + 1] - u[i] : 0.0;
            gy[i] = y + 1 < h ? u[i + (size_t)w] - u[i] : 0.0;
        }
}

static inline void ref_div(const double *px, const double *py, int w, int h, double *d)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            size_t i = (size_t)y * w + x;
            double ax = x + 1 < w ? px[i] : 0.0, bx = x > 0 ? px[i - 1] : 0.0;
            double ay = y + 1 < h ? py[i] : 0.0, by = y > 0 ? py[i - (size_t)w] : 0.0;
            d[i] = (ax - bx) + (ay - by);
        }
}

/* A multi-channel double image: planes[c][y * w + x]. */
typedef struct dimage {
    int w, h, ch;
    double *planes[4];
} dimage;

static inline dimage dimage_new(int w, int h, int ch)
{
    dimage d = { w, h, ch, { NULL, NULL, NULL, NULL } };
    for (int c = 0; c < ch; c++)
        d.planes[c] = calloc((size_t)w * h, sizeof(double));
    return d;
}

static inline void dimage_free(dimage *d)
{
    for (int c = 0; c < d->ch; c++)
        free(d->planes[c]);
}

static inline dimage dimage_from(const float *src, int w, int h, int ch)
{
    dimage d = dimage_new(w, h, ch);
    for (size_t i = 0; i < (size_t)w * h; i++)
        for (int c = 0; c < ch; c++)
            d.planes[c][i] = src[i * ch + c];
    return d;
}

typedef struct model {
    int tv, coupled;
    double lambda, eps;
} model;

/* E(u) and, if grad != NULL, grad E(u), in double. */
static inline double ref_energy(const dimage *u, const dimage *f, const model *m, dimage *grad)
{
    size_t n = (size_t)u->w * u->h;
    double *gx[4], *gy[4], *wt = malloc(n * 4 * sizeof(double));
    for (int c = 0; c < u->ch; c++) {
        gx[c] = malloc(n * sizeof(double));
        gy[c] = malloc(n * sizeof(double));
        ref_grad(u->planes[c], u->w, u->h, gx[c], gy[c]);
    }
    double fid = 0.0, reg = 0.0;
    for (size_t i = 0; i < n; i++) {
        double q_all = m->eps * m->eps;
        for (int c = 0; c < u->ch; c++) {
            double d = u->planes[c][i] - f->planes[c][i];
            fid += 0.5 * d * d;
            double q = gx[c][i] * gx[c][i] + gy[c][i] * gy[c][i];
            q_all += q;
            if (!m->tv) {
                reg += 0.5 * q;
                wt[i * 4 + c] = 1.0;
            } else if (!m->coupled) {
                double s = sqrt(q + m->eps * m->eps);
                reg += s;
                wt[i * 4 + c] = 1.0 / s;
            }
        }
        if (m->tv && m->coupled) {
            double s = sqrt(q_all);
            reg += s;
            for (int c = 0; c < u->ch; c++)
                wt[i * 4 + c] = 1.0 / s;
        }
    }
    if (grad) {
        double *d = malloc(n * sizeof(double));
        for (int c = 0; c < u->ch; c++) {
            for (size_t i = 0; i < n; i++) {
                gx[c][i] *= wt[i * 4 + c];
                gy[c][i] *= wt[i * 4 + c];
            }
            ref_div(gx[c], gy[c], u->w, u->h, d);
            for (size_t i = 0; i < n; i++)
                grad->planes[c][i] = (u->planes[c][i] - f->planes[c][i]) - m->lambda * d[i];
        }
        free(d);
    }
    for (int c = 0; c < u->ch; c++) {
        free(gx[c]);
        free(gy[c]);
    }
    free(wt);
    return fid + m->lambda * reg;
}

/* Plain FISTA with gradient restart in double; returns E of the result in u. */
static inline double ref_fista(dimage *u, const dimage *f, const model *m, int iterations)
{
    size_t n = (size_t)f->w * f->h;
    double lipschitz = m->tv ? 1.0 + 8.0 * m->lambda / m->eps : 1.0 + 8.0 * m->lambda, tau = 1.0 / lipschitz;
    dimage x = dimage_new(f->w, f->h, f->ch), xp = dimage_new(f->w, f->h, f->ch);
    dimage y = dimage_new(f->w, f->h, f->ch), g = dimage_new(f->w, f->h, f->ch);
    for (int c = 0; c < f->ch; c++) {
        memcpy(x.planes[c], f->planes[c], n * sizeof(double));
        memcpy(xp.planes[c], f->planes[c], n * sizeof(double));
    }
    double t = 1.0;
    for (int k = 0; k < iterations; k++) {
        double t_next = 0.5 * (1.0 + sqrt(1.0 + 4.0 * t * t)), beta = (t - 1.0) / t_next;
        for (int c = 0; c < f->ch; c++)
            for (size_t i = 0; i < n; i++)
                y.planes[c][i] = x.planes[c][i] + beta * (x.planes[c][i] - xp.planes[c][i]);
        ref_energy(&y, f, m, &g);
        double dot = 0.0;
        for (int c = 0; c < f->ch; c++)
            for (size_t i = 0; i < n; i++) {
                double next = y.planes[c][i] - tau * g.planes[c][i];
                dot += (y.planes[c][i] - next) * (next - x.planes[c][i]);
                xp.planes[c][i] = x.planes[c][i];
                x.planes[c][i] = next;
            }
        t = dot > 0.0 ? 1.0 : t_next;
    }
    for (int c = 0; c < f->ch; c++)
        memcpy(u->planes[c], x.planes[c], n * sizeof(double));
    double e = ref_energy(u, f, m, NULL);
    dimage_free(&x); dimage_free(&xp); dimage_free(&y); dimage_free(&g);
    return e;
}

#endif
