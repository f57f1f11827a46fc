/* frequency_peaks.c — periodic noise (fg/periodic_noise.h): peaks of the
 * Hann-windowed spectrum against a local median background, their
 * harmonics, and their removal with notches. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fg/periodic_noise.h"
#include "frequency_engine.h"
#include "frequency_filters.h"
#include "premultiply.h"
#include "pool.h"

#define PI 3.14159265358979323846

/* Neighbourhoods in bins (Chebyshev distance): the local maximum, the
 * isolation ring, the background annulus. */
#define PEAK_LOCAL 2
#define RING_FROM 3
#define RING_TO 4
#define ANNULUS_TO 8
#define ANNULUS_MAX ((2 * ANNULUS_TO + 1) * (2 * ANNULUS_TO + 1))
#define MIN_BINS 4
#define ISOLATION 0.6931471805599453   /* log 2 */

/* ---- Parameters ------------------------------------------------------------ */

void fg_peak_params_init(fg_peak_params *params)
{
    if (!params)
        return;
    memset(params, 0, sizeof *params);
    params->max_period = FG_PEAK_DEFAULT_MAX_PERIOD;
    params->min_strength = FG_PEAK_DEFAULT_MIN_STRENGTH;
}

void fg_periodic_params_init(fg_periodic_params *params)
{
    if (!params)
        return;
    memset(params, 0, sizeof *params);
    fg_peak_params_init(&params->detect);
    params->max_notches = FG_PERIODIC_DEFAULT_MAX_NOTCHES;
    params->harmonics = 1;
    params->harmonic_strength = FG_PERIODIC_DEFAULT_HARMONIC_STRENGTH;
    params->notch_radius = 0.0;
    params->profile = FG_LOWPASS_GAUSSIAN;
    params->order = 2;
    params->boundary = FG_BOUNDARY_MIRROR;
}

static fg_status peak_params_check(const fg_peak_params *params, int *threads, fg_error *error)
{
    if (!params)
        return fg_fail(error, FG_ERR_NULL, "peak detection parameters are NULL");
    if (!(params->max_period >= 2.0) || !isfinite(params->max_period))
        return fg_fail(error, FG_ERR_PARAM, "maximum period %g px: must be finite and >= 2", params->max_period);
    if (!(params->min_strength > 1.0) || !isfinite(params->min_strength))
        return fg_fail(error, FG_ERR_PARAM, "minimum strength %g: must be finite and > 1", params->min_strength);
    return fg_threads_check(params->threads, threads, error);
}

static fg_status progress(const fg_peak_params *params, double fraction, fg_error *error)
{
    if (params->progress && params->progress(params->progress_data, fraction) != 0)
        return fg_fail(error, FG_ERR_CANCELLED, "cancelled by the progress callback");
    return FG_OK;
}

/* ---- The windowed spectrum ------------------------------------------------------ */

typedef struct window_load {
    const fg_image *image;
    const float *wx, *wy;   /* Hann window per axis */
} window_load;

/* Row y of the mean of the colour channels (premultiplied), windowed. */
static int load_windowed_row(void *arg, int y, float *const *rows)
{
    const window_load *l = arg;
    const fg_image *in = l->image;
    const int channels = in->channels, colours = fg_colour_channels(in);
    return fg_mean_colour_row(fg_pixel(in, 0, y), in->width, channels, colours, in->has_alpha,
                              l->wy[y] / (float)colours, l->wx, rows[0]);
}

/* The log-magnitude plane, indexed by signed frequency modulo the size. */
typedef struct spectrum {
    int w, h;
    float *log_mag;         /* w * h: [ky * w + kx], kx, ky in 0..w-1, 0..h-1 */
    double window_sum;      /* sum of the 2-D window */
} spectrum;

static inline float L_at(const spectrum *s, int sx, int sy)
{
    /* Wrapped by additions: the signed bins asked for are within a few
     * bins of -size/2 .. size, and a division per access would cost more
     * than the rest of the search. */
    int kx = sx, ky = sy;
    while (kx < 0)
        kx += s->w;
    while (kx >= s->w)
        kx -= s->w;
    while (ky < 0)
        ky += s->h;
    while (ky >= s->h)
        ky -= s->h;
    return s->log_mag[(size_t)ky * (size_t)s->w + (size_t)kx];
}

static fg_status spectrum_make(fg_fft_context *ctx, const fg_image *image, int threads, spectrum *s,
                               fg_error *error)
{
    const int w = image->width, h = image->height;
    memset(s, 0, sizeof *s);
    s->w = w;
    s->h = h;
    fg_layout layout;
    fg_status status = fg_layout_init(&layout, w, h, FG_BOUNDARY_PERIODIC, 2, error);
    if (status != FG_OK)
        return status;
    float *half = fg_alloc_array(layout.plane_floats, sizeof(float));
    float *window = fg_alloc_array((size_t)w + (size_t)h, sizeof(float));
    s->log_mag = fg_alloc_array(fg_mul_size((size_t)w, (size_t)h), sizeof(float));
    if (!half || !window || !s->log_mag)
        status = fg_fail(error, FG_ERR_NOMEM, "out of memory for the %dx%d spectrum", w, h);
    if (status == FG_OK) {
        double sx = 0.0, sy = 0.0;
        for (int x = 0; x < w; x++)
            sx += window[x] = (float)(0.5 - 0.5 * cos(2 * PI * (x + 0.5) / w));
        for (int y = 0; y < h; y++)
            sy += window[w + y] = (float)(0.5 - 0.5 * cos(2 * PI * (y + 0.5) / h));
        s->window_sum = sx * sy;
        window_load load = { image, window, window + w };
        fg_engine_job job;
        memset(&job, 0, sizeof job);
        job.ctx = ctx;
        job.layout = &layout;
        job.planes = 1;
        job.threads = threads;
        job.buffer = half;
        job.load = load_windowed_row;
        job.load_arg = &load;
        status = fg_engine_run(&job, error);
        if (job.load_failed) {
            status = fg_image_check_finite(image, error);
            if (status == FG_OK)
                status = fg_fail(error, FG_ERR_NONFINITE, "pixel values too large: the signal overflows");
        }
    }
    if (status == FG_OK) {
        /* Full plane from the half spectrum: F(-k) is the conjugate of F(k). */
        for (int ky = 0; ky < h; ky++)
            for (int kx = 0; kx < w; kx++) {
                int hx = kx, hy = ky;
                if (kx > w / 2) {
                    hx = w - kx;
                    hy = (h - ky) % h;
                }
                const float *z = half + (size_t)hy * layout.row_floats + 2 * (size_t)hx;
                double m2 = (double)z[0] * z[0] + (double)z[1] * z[1];   /* log |F| = log |F|^2 / 2 */
                s->log_mag[(size_t)ky * (size_t)w + (size_t)kx] = (float)(0.5 * log(m2 + 1e-60));
            }
    }
    fg_free(half);
    fg_free(window);
    if (status != FG_OK) {
        fg_free(s->log_mag);
        s->log_mag = NULL;
    }
    return status;
}

/* ---- Peak tests --------------------------------------------------------------- */

static float median(float *v, int n)
{
    /* Quickselect of the middle element. */
    int lo = 0, hi = n - 1, k = n / 2;
    while (lo < hi) {
        float pivot = v[(lo + hi) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                float t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            break;
    }
    return v[k];
}

/* The median of L at Chebyshev distance RING_FROM..ANNULUS_TO around (sx, sy). */
static float background(const spectrum *s, int sx, int sy)
{
    float v[ANNULUS_MAX];
    int n = 0;
    for (int dy = -ANNULUS_TO; dy <= ANNULUS_TO; dy++)
        for (int dx = -ANNULUS_TO; dx <= ANNULUS_TO; dx++)
            if (abs(dx) >= RING_FROM || abs(dy) >= RING_FROM)
                v[n++] = L_at(s, sx + dx, sy + dy);
    return median(v, n);
}

static int is_local_max(const spectrum *s, int sx, int sy, float l)
{
    for (int dy = -PEAK_LOCAL; dy <= PEAK_LOCAL; dy++)
        for (int dx = -PEAK_LOCAL; dx <= PEAK_LOCAL; dx++)
            if ((dx || dy) && !(L_at(s, sx + dx, sy + dy) < l))
                return 0;
    return 1;
}

static float ring_max(const spectrum *s, int sx, int sy)
{
    float m = -FLT_MAX;
    for (int dy = -RING_TO; dy <= RING_TO; dy++)
        for (int dx = -RING_TO; dx <= RING_TO; dx++)
            if (abs(dx) >= RING_FROM || abs(dy) >= RING_FROM)
                m = fmaxf(m, L_at(s, sx + dx, sy + dy));
    return m;
}

/* As narrow as a stationary sinusoid's peak: the Hann window's main lobe
 * is 2 bins wide on each side, and 2 bins from the nearest bin (1.5 to 2.5
 * bins from the true frequency) a sinusoid's magnitude is at most 0.21 of
 * the peak bin's; a broad bump (a texture's band of frequencies, not one
 * frequency) keeps much of its height there.  With the background added, a
 * peak at the minimum strength still drops by a factor of about 3, so the
 * test asks for a factor of 2 on each of the four sides along the axes. */
static int narrow(const spectrum *s, int sx, int sy, float l)
{
    float side = fmaxf(fmaxf(L_at(s, sx - 2, sy), L_at(s, sx + 2, sy)), fmaxf(L_at(s, sx, sy - 2), L_at(s, sx, sy + 2)));
    return l - side >= ISOLATION;
}

/* Parabolic refinement through (-1, a), (0, b), (1, c): offset in -0.5..0.5
 * and the interpolated height. */
static double parabola(double a, double b, double c, double *height)
{
    double denominator = a - 2.0 * b + c, offset = 0.0;
    if (denominator < 0)
        offset = 0.5 * (a - c) / denominator;
    offset = offset < -0.5 ? -0.5 : offset > 0.5 ? 0.5 : offset;
    *height = b - 0.25 * (a - c) * offset;
    return offset;
}

/* Low frequencies are never peaks. */
static int low_frequency(const spectrum *s, double min_rho, int sx, int sy)
{
    if (abs(sx) < MIN_BINS && abs(sy) < MIN_BINS)
        return 1;
    return hypot((double)sx / s->w, (double)sy / s->h) < min_rho;
}

/* The canonical signed bin of (kx, ky) with kx in 0..w/2: 0 for the
 * duplicate twin of another bin of that half. */
static int canonical(const spectrum *s, int kx, int ky, int *sy)
{
    *sy = ky <= s->h / 2 ? ky : ky - s->h;
    if (kx == 0 && *sy <= 0)
        return 0;
    if (2 * kx == s->w && *sy < 0)
        return 0;
    return 1;
}

static double wrap_half(double f)
{
    return f - nearbyint(f);   /* into -0.5..0.5 */
}

static int compare_strength(const void *a, const void *b)
{
    const fg_peak *p = a, *q = b;
    return p->strength > q->strength ? -1 : p->strength < q->strength ? 1
         : p->fx < q->fx ? -1 : p->fx > q->fx ? 1 : p->fy < q->fy ? -1 : p->fy > q->fy;
}

/* All peaks of the spectrum, strongest first, at most `capacity`. */
static fg_status find_peaks(const spectrum *s, const fg_peak_params *params, fg_peak *peaks, int capacity,
                            int *count, fg_error *error)
{
    const double min_rho = 1.0 / params->max_period, min_log = log(params->min_strength);
    int found = 0, room = 64;
    fg_peak *all = fg_alloc_array((size_t)room, sizeof *all);
    if (!all)
        return fg_fail(error, FG_ERR_NOMEM, "out of memory for the peaks");
    for (int ky = 0; ky < s->h; ky++) {
        for (int kx = 0; kx <= s->w / 2; kx++) {
            int sy;
            if (!canonical(s, kx, ky, &sy) || low_frequency(s, min_rho, kx, sy))
                continue;
            const float l = L_at(s, kx, sy);
            if (!is_local_max(s, kx, sy, l) || l - ring_max(s, kx, sy) < ISOLATION || !narrow(s, kx, sy, l))
                continue;
            const double strength = l - background(s, kx, sy);
            if (strength < min_log)
                continue;
            double hx, hy;
            double ox = parabola(L_at(s, kx - 1, sy), l, L_at(s, kx + 1, sy), &hx);
            double oy = parabola(L_at(s, kx, sy - 1), l, L_at(s, kx, sy + 1), &hy);
            double height = hx + hy - l;   /* both refinements added */
            if (found == room) {
                fg_peak *bigger = fg_alloc_array((size_t)room * 2, sizeof *bigger);
                if (!bigger) {
                    fg_free(all);
                    return fg_fail(error, FG_ERR_NOMEM, "out of memory for the peaks");
                }
                memcpy(bigger, all, (size_t)room * sizeof *all);
                fg_free(all);
                all = bigger;
                room *= 2;
            }
            fg_peak *p = &all[found++];
            p->fx = wrap_half((kx + ox) / s->w);
            p->fy = wrap_half((sy + oy) / s->h);
            p->strength = exp(strength + (height - l));
            p->amplitude = 2.0 * exp(height) / s->window_sum;
        }
    }
    qsort(all, (size_t)found, sizeof *all, compare_strength);
    *count = found < capacity ? found : capacity;
    if (*count > 0)
        memcpy(peaks, all, (size_t)*count * sizeof *all);
    fg_free(all);
    return FG_OK;
}

/* A search's image and its count pointer ("peak", "notch"), in the order
 * both searches check them: the image, then its parameters, then the array. */
static fg_status search_input_check(const fg_image *image, const int *count, const char *what, fg_error *error)
{
    if (!image)
        return fg_fail(error, FG_ERR_NULL, "image is NULL");
    if (!count)
        return fg_fail(error, FG_ERR_NULL, "%s count pointer is NULL", what);
    return fg_image_check(image, error);
}

/* The caller's result array: room for max >= 0 results (the argument
 * `max_name`), there when max > 0. */
static fg_status results_check(const void *results, int max, const char *max_name, const char *what,
                               fg_error *error)
{
    if (max < 0)
        return fg_fail(error, FG_ERR_PARAM, "%s %d: must be >= 0", max_name, max);
    if (max > 0 && !results)
        return fg_fail(error, FG_ERR_NULL, "%s array is NULL", what);
    return FG_OK;
}

fg_status fg_find_periodic_peaks(fg_fft_context *ctx, const fg_image *image, const fg_peak_params *params,
                                 fg_peak *peaks, int max_peaks, int *count, fg_error *error)
{
    fg_status status = search_input_check(image, count, "peak", error);
    int threads;
    if (status != FG_OK || (status = peak_params_check(params, &threads, error)) != FG_OK
        || (status = results_check(peaks, max_peaks, "max_peaks", "peak", error)) != FG_OK)
        return status;
    if (max_peaks == 0) {
        *count = 0;
        return fg_succeed(error);
    }
    spectrum s;
    if ((status = progress(params, 0.0, error)) != FG_OK || (status = spectrum_make(ctx, image, threads, &s, error)) != FG_OK)
        return status;
    int found = 0;
    fg_peak *local = fg_alloc_array((size_t)max_peaks, sizeof *local);
    if (!local)
        status = fg_fail(error, FG_ERR_NOMEM, "out of memory for %d peaks", max_peaks);
    if (status == FG_OK)
        status = progress(params, 0.7, error);
    if (status == FG_OK)
        status = find_peaks(&s, params, local, max_peaks, &found, error);
    if (status == FG_OK)
        status = progress(params, 1.0, error);
    if (status == FG_OK) {
        memcpy(peaks, local, (size_t)found * sizeof *local);
        *count = found;
    }
    fg_free(local);
    fg_free(s.log_mag);
    return status == FG_OK ? fg_succeed(error) : status;
}

/* ---- Notches on the peaks and their harmonics ------------------------------------ */

static fg_status periodic_params_check(const fg_periodic_params *params, int *threads, fg_error *error)
{
    if (!params)
        return fg_fail(error, FG_ERR_NULL, "periodic noise parameters are NULL");
    fg_status status = peak_params_check(&params->detect, threads, error);
    if (status != FG_OK)
        return status;
    if (params->max_notches < 1 || params->max_notches > FG_MAX_NOTCHES)
        return fg_fail(error, FG_ERR_PARAM, "max_notches %d: must be 1 to %d", params->max_notches, FG_MAX_NOTCHES);
    if (params->harmonics != 0 && params->harmonics != 1)
        return fg_fail(error, FG_ERR_PARAM, "harmonics %d: must be 0 or 1", params->harmonics);
    if (!(params->harmonic_strength > 1.0) || !isfinite(params->harmonic_strength))
        return fg_fail(error, FG_ERR_PARAM, "harmonic strength %g: must be finite and > 1", params->harmonic_strength);
    if (!(params->notch_radius >= 0.0 && params->notch_radius <= 0.5))
        return fg_fail(error, FG_ERR_PARAM, "notch radius %g cycles/px: must be 0 (automatic) or up to 0.5",
                       params->notch_radius);
    if (!fg_boundary_known(params->boundary))
        return fg_fail(error, FG_ERR_PARAM, "unknown boundary %d", (int)params->boundary);
    fg_smooth_params filter;
    fg_smooth_params_init(&filter);
    filter.shape = FG_SHAPE_NOTCH;
    filter.filter = params->profile;
    filter.order = params->order;
    return fg_filter_params_check(&filter, error);
}

/* Within 1.5 bins of (fx, fy) or of its twin. */
static int near_frequency(const spectrum *s, double fx, double fy, double gx, double gy)
{
    for (int sign = -1; sign <= 1; sign += 2) {
        double dx = wrap_half(fx - sign * gx) * s->w, dy = wrap_half(fy - sign * gy) * s->h;
        if (fabs(dx) <= 1.5 && fabs(dy) <= 1.5)
            return 1;
    }
    return 0;
}

/* The strength of the spectrum at the frequency (fx, fy): the largest L of
 * the 3 x 3 bins around it against the background there. */
static double strength_at(const spectrum *s, double fx, double fy, const fg_peak_params *params)
{
    int sx = (int)lrint(fx * s->w), sy = (int)lrint(fy * s->h);
    if (low_frequency(s, 1.0 / params->max_period, sx, sy))
        return 0.0;
    float l = -FLT_MAX;
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++)
            l = fmaxf(l, L_at(s, sx + dx, sy + dy));
    return exp((double)l - background(s, sx, sy));
}

typedef struct candidate {
    double fx, fy, strength, radius;
} candidate;

static int compare_candidates(const void *a, const void *b)
{
    const candidate *p = a, *q = b;
    return p->strength > q->strength ? -1 : p->strength < q->strength ? 1
         : p->fx < q->fx ? -1 : p->fx > q->fx ? 1 : p->fy < q->fy ? -1 : p->fy > q->fy;
}

/* A halftone screen: two peaks a, b, not parallel, whose sum or difference
 * stands out as well (an additive pair of sinusoids has no energy there; a
 * screen, which multiplies, has its whole lattice i a + j b), and the
 * radius of its notches. */
typedef struct screen {
    double ax, ay, bx, by, radius;
} screen;

#define MAX_SCREENS 4
#define LATTICE 3   /* |i|, |j| <= LATTICE */

/* Whether (fx, fy) is on a lattice point of the screen (within 1.5 bins). */
static int on_screen(const spectrum *s, const screen *sc, double fx, double fy)
{
    for (int i = -LATTICE; i <= LATTICE; i++)
        for (int j = -LATTICE; j <= LATTICE; j++)
            if ((i || j) && near_frequency(s, fx, fy, wrap_half(i * sc->ax + j * sc->bx), wrap_half(i * sc->ay + j * sc->by)))
                return 1;
    return 0;
}

static int find_screens(const spectrum *s, const fg_periodic_params *params, const fg_peak *peaks, int n,
                        double small_radius, screen *screens)
{
    int count = 0, explained[FG_MAX_NOTCHES] = { 0 };
    for (int a = 0; a < n && count < MAX_SCREENS; a++) {
        if (explained[a])
            continue;
        const double la = hypot(peaks[a].fx, peaks[a].fy);
        for (int b = a + 1; b < n; b++) {
            const double lb = hypot(peaks[b].fx, peaks[b].fy);
            const double cross = peaks[a].fx * peaks[b].fy - peaks[a].fy * peaks[b].fx;
            if (explained[b] || fabs(cross) < 0.2 * la * lb)   /* parallel within 11.5 degrees: one banding */
                continue;
            double sum = strength_at(s, wrap_half(peaks[a].fx + peaks[b].fx), wrap_half(peaks[a].fy + peaks[b].fy), &params->detect);
            double diff = strength_at(s, wrap_half(peaks[a].fx - peaks[b].fx), wrap_half(peaks[a].fy - peaks[b].fy), &params->detect);
            if (fmax(sum, diff) < params->harmonic_strength)
                continue;
            screen *sc = &screens[count++];
            *sc = (screen){ peaks[a].fx, peaks[a].fy, peaks[b].fx, peaks[b].fy,
                            fmax(small_radius, FG_PERIODIC_SCREEN_RADIUS * fmin(la, lb)) };
            for (int p = 0; p < n; p++)
                explained[p] |= on_screen(s, sc, peaks[p].fx, peaks[p].fy);
            break;
        }
    }
    return count;
}

/* How many radii from its centre a notch of the profile takes out at most
 * 1/1000 (a quarter of an 8-bit level of the mean): 1 - H = g(u^2) <= 1e-3
 * with u = d / r, g the low-pass profile. */
static double mean_clearance(fg_lowpass profile, int order)
{
    if (profile == FG_LOWPASS_IDEAL)
        return 1.0 + 1e-9;
    if (profile == FG_LOWPASS_BUTTERWORTH)
        return pow(999.0, 0.5 / order);
    return sqrt(2.0 * log(1000.0));
}

/* The radius of a notch at (fx, fy): its screen's (the widest), else the
 * small one.  A screen's radius keeps the zero frequency `clearance` radii
 * away, so that the notches (the fundamentals, and lattice points aliased
 * close to zero) leave the picture's mean alone. */
static double notch_radius_at(const spectrum *s, const screen *screens, int count, double small_radius,
                              double clearance, double fx, double fy)
{
    double r = small_radius;
    for (int k = 0; k < count; k++)
        if (on_screen(s, &screens[k], fx, fy))
            r = fmax(r, fmin(screens[k].radius, hypot(fx, fy) / clearance));
    return r;
}

/* Appends the harmonics of peaks[0 .. n) that stand out to cand[have ..],
 * up to `limit` in all (the strongest first); returns the new length. */
static int add_harmonics(const spectrum *s, const fg_periodic_params *params, const fg_peak *peaks, int n,
                         const screen *screens, int screen_count, double small_radius, double clearance,
                         candidate *out, int have, int limit)
{
    enum { MAX_CANDIDATES = MAX_SCREENS * (2 * LATTICE + 1) * (2 * LATTICE + 1) + 2 * FG_MAX_NOTCHES };
    candidate cand[MAX_CANDIDATES];
    int m = 0;
    /* The lattices of the screens, then the multiples of every peak (non-sinusoidal banding). */
    for (int k = 0; k < screen_count; k++)
        for (int i = -LATTICE; i <= LATTICE; i++)
            for (int j = -LATTICE; j <= LATTICE; j++)
                if ((i || j) && m < MAX_CANDIDATES)
                    cand[m++] = (candidate){ i * screens[k].ax + j * screens[k].bx, i * screens[k].ay + j * screens[k].by,
                                             0, 0 };
    for (int p = 0; p < n; p++)
        for (int k = 2; k <= 3 && m < MAX_CANDIDATES; k++)
            cand[m++] = (candidate){ k * peaks[p].fx, k * peaks[p].fy, 0, 0 };
    int kept = 0;
    for (int c = 0; c < m; c++) {
        double fx = wrap_half(cand[c].fx), fy = wrap_half(cand[c].fy);   /* beyond Nyquist: aliased */
        if (fx < 0) {
            fx = -fx;
            fy = -fy;
        }
        double strength = strength_at(s, fx, fy, &params->detect);
        if (strength < params->harmonic_strength)
            continue;
        int dup = 0;
        for (int k = 0; k < have && !dup; k++)
            dup = near_frequency(s, fx, fy, out[k].fx, out[k].fy);
        for (int k = 0; k < kept && !dup; k++)
            dup = near_frequency(s, fx, fy, cand[k].fx, cand[k].fy);
        if (!dup)
            cand[kept++] = (candidate){ fx, fy, strength,
                                         notch_radius_at(s, screens, screen_count, small_radius, clearance, fx, fy) };
    }
    qsort(cand, (size_t)kept, sizeof *cand, compare_candidates);
    for (int c = 0; c < kept && have < limit; c++)
        out[have++] = cand[c];
    return have;
}

/* The notches of an already checked call. */
static fg_status place_notches(fg_fft_context *ctx, const fg_image *image, const fg_periodic_params *params,
                               int threads, int limit, fg_notch *notches, int *count, fg_error *error)
{
    spectrum s;
    fg_status status = spectrum_make(ctx, image, threads, &s, error);
    if (status != FG_OK)
        return status;
    fg_peak peaks[FG_MAX_NOTCHES];
    int found = 0;
    status = find_peaks(&s, &params->detect, peaks, limit, &found, error);
    if (status == FG_OK) {
        const double small_radius = fg_periodic_default_radius(image->width, image->height);
        const double clearance = mean_clearance(params->profile, params->order);
        screen screens[MAX_SCREENS];
        const int screen_count = params->harmonics ? find_screens(&s, params, peaks, found, small_radius, screens) : 0;
        candidate freq[FG_MAX_NOTCHES];
        for (int p = 0; p < found; p++)
            freq[p] = (candidate){ peaks[p].fx, peaks[p].fy, peaks[p].strength,
                                   notch_radius_at(&s, screens, screen_count, small_radius, clearance, peaks[p].fx,
                                                   peaks[p].fy) };
        int n = found;
        if (params->harmonics && found > 0)
            n = add_harmonics(&s, params, peaks, found, screens, screen_count, small_radius, clearance, freq, found,
                              limit);
        for (int k = 0; k < n; k++) {
            /* Refinement can step a hair past Nyquist: clamp. */
            notches[k].fx = fmax(-0.5, fmin(0.5, freq[k].fx));
            notches[k].fy = fmax(-0.5, fmin(0.5, freq[k].fy));
            notches[k].radius = params->notch_radius > 0 ? params->notch_radius : fmin(0.5, freq[k].radius);
        }
        *count = n;
    }
    fg_free(s.log_mag);
    return status;
}

double fg_periodic_default_radius(int width, int height)
{
    const int shorter = width < height ? width : height;
    return shorter < 4 ? 0.5 : 2.0 / shorter;
}

fg_status fg_periodic_noise_notches(fg_fft_context *ctx, const fg_image *image, const fg_periodic_params *params,
                                    fg_notch *notches, int max_notches, int *count, fg_error *error)
{
    fg_status status = search_input_check(image, count, "notch", error);
    int threads;
    if (status != FG_OK || (status = periodic_params_check(params, &threads, error)) != FG_OK
        || (status = results_check(notches, max_notches, "max_notches", "notch", error)) != FG_OK)
        return status;
    int limit = max_notches < params->max_notches ? max_notches : params->max_notches;
    if (limit == 0) {
        *count = 0;
        return fg_succeed(error);
    }
    fg_notch local[FG_MAX_NOTCHES];
    int n = 0;
    if ((status = progress(&params->detect, 0.0, error)) == FG_OK)
        status = place_notches(ctx, image, params, threads, limit, local, &n, error);
    if (status == FG_OK)
        status = progress(&params->detect, 1.0, error);
    if (status != FG_OK)
        return status;
    memcpy(notches, local, (size_t)n * sizeof *local);
    *count = n;
    return fg_succeed(error);
}

/* The caller's progress over two steps: detection 0..0.3, filtering 0.3..1. */
typedef struct progress_span {
    fg_progress_fn fn;
    void *data;
    double from, to;
} progress_span;

static int span_progress(void *arg, double fraction)
{
    const progress_span *span = arg;
    return span->fn(span->data, span->from + (span->to - span->from) * fraction);
}

fg_status fg_remove_periodic_noise(fg_fft_context *ctx, const fg_image *in, const fg_image *out,
                                   const fg_periodic_params *params, int *notch_count, fg_error *error)
{
    if (!in || !out)
        return fg_fail(error, FG_ERR_NULL, "%s image is NULL", !in ? "input" : "output");
    fg_status status = fg_image_check_pair(in, out, error);
    if (status != FG_OK)
        return status;
    int threads;
    if ((status = periodic_params_check(params, &threads, error)) != FG_OK)
        return status;

    fg_periodic_params detect = *params;
    progress_span span = { params->detect.progress, params->detect.progress_data, 0.0, 0.3 };
    if (span.fn) {
        detect.detect.progress = span_progress;
        detect.detect.progress_data = &span;
    }
    fg_notch notches[FG_MAX_NOTCHES];
    int n = 0;
    if ((status = progress(&detect.detect, 0.0, error)) == FG_OK)
        status = place_notches(ctx, in, params, threads, params->max_notches, notches, &n, error);
    if (status != FG_OK)
        return status;
    if (n == 0) {
        /* Nothing periodic: an exact copy. */
        if ((status = progress(params->detect.progress ? &params->detect : &detect.detect, 1.0, error)) != FG_OK)
            return status;
        if (in->data != out->data && (status = fg_image_copy(in, out, error)) != FG_OK)
            return status;
    } else {
        fg_smooth_params smooth;
        fg_smooth_params_init(&smooth);
        smooth.shape = FG_SHAPE_NOTCH;
        smooth.filter = params->profile;
        smooth.order = params->order;
        smooth.boundary = params->boundary;
        smooth.threads = params->detect.threads;
        smooth.notches = notches;
        smooth.notch_count = n;
        span.from = 0.3;
        span.to = 1.0;
        if (span.fn) {
            smooth.progress = span_progress;
            smooth.progress_data = &span;
        }
        if ((status = fg_frequency_smooth(ctx, in, out, &smooth, error)) != FG_OK)
            return status;
    }
    if (notch_count)
        *notch_count = n;
    return fg_succeed(error);
}
