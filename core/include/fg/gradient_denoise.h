/* fg/gradient_denoise.h — variational denoising by gradient descent, its
 * locality (the margin a tile needs) and its automatic strength.  The noise
 * estimate behind that strength (fg/noise_estimate.h) and the gradient map
 * of the model's differences (fg/gradient_map.h) have headers of their own,
 * included here.
 *
 * Everything here follows fg/common.h: FG_OK or an error status with a
 * message, output untouched on any error or cancel, inputs never modified,
 * no printing, no global mutable state, thread-safe.
 *
 * ==== The model ================================================================
 *
 * Given the input f (colour on the 0..1 scale), the result u minimises
 *
 *     E(u) = 1/2 sum (u - f)^2  +  lambda R(u)
 *
 * where sums run over all pixels and colour channels, and R is one of
 *
 *   FG_ENERGY_TIKHONOV   R(u) = 1/2 sum_pixels sum_c |grad u_c|^2
 *   FG_ENERGY_TV         (smoothed total variation)
 *       FG_COLOUR_PER_CHANNEL  R(u) = sum_pixels sum_c sqrt(|grad u_c|^2 + eps^2)
 *       FG_COLOUR_COUPLED      R(u) = sum_pixels sqrt(sum_c |grad u_c|^2 + eps^2)
 *
 * For Tikhonov the two colour modes are the same energy.  Coupled ("vectorial")
 * TV has one norm per pixel over all colour channels, so channels keep their
 * edges in the same places and colour fringes are rarer; for one channel the
 * modes coincide.
 *
 * Discretisation.  grad u = (dx u, dy u) with forward differences and the
 * Neumann boundary: dx u(x, y) = u(x+1, y) - u(x, y), and 0 in the last column;
 * dy likewise, 0 in the last row.  div is its exact negative adjoint
 * (sum <grad u, p> = -sum u div p):
 *     div p(x, y) = px(x, y) - px(x-1, y) + py(x, y) - py(x, y-1),
 * with px(-1, y) = 0 and px of the last column taken as 0 (likewise py).
 *
 * Gradient of E:   grad E(u) = (u - f) - lambda div p,   where
 *     p = grad u                                         (Tikhonov)
 *     p = grad u_c / sqrt(|grad u_c|^2 + eps^2)          (TV, per channel)
 *     p = grad u_c / sqrt(sum_c |grad u_c|^2 + eps^2)    (TV, coupled)
 *
 * Lipschitz bound L of grad E (|grad|^2 <= 8; the TV integrand's Hessian is at
 * most 1/eps):   L = 1 + 8 lambda  (Tikhonov),   L = 1 + 8 lambda / eps  (TV).
 * E is 1-strongly convex (the fidelity term), so the minimiser is unique.
 *
 * Units: u, f, sigma and eps are on the 0..1 scale (eps = 0.01 is 2.55 grey
 * levels of 255).  For TV lambda has the unit of intensity (a sum of gradient
 * magnitudes weighed against a sum of squares), so the best lambda grows like
 * sigma; for Tikhonov it is dimensionless.
 *
 * ==== The solvers =============================================================
 *
 * FG_SOLVER_PLAIN: u_{k+1} = u_k - tau grad E(u_k), from u_0 = f.  Any
 *   0 < tau < 2/L decreases E at every iteration; the default is tau = 1/L.
 * FG_SOLVER_ACCELERATED: FISTA momentum,
 *   y_k = x_k + beta_k (x_k - x_{k-1}),  x_{k+1} = y_k - tau grad E(y_k),
 *   beta_k = (t_k - 1) / t_{k+1},  t_{k+1} = (1 + sqrt(1 + 4 t_k^2)) / 2,
 *   with the adaptive gradient restart of O'Donoghue and Candes (2015): when
 *   <y_k - x_{k+1}, x_{k+1} - x_k> > 0 (the step went against the momentum)
 *   t is reset to 1, so the next step has no momentum.  Needs 0 < tau <= 1/L;
 *   the default is 1/L.  E need not decrease at every iteration.
 *   The energy of an iteration is that of the point the gradient is taken at,
 *   y_k (x_k for plain descent), and that point is what the solver returns --
 *   computed in the same pass over memory as the step, so the reported
 *   energy is exactly the output's.
 *
 * FG_SOLVER_PRIMAL_DUAL: Chambolle and Pock (2011), Algorithm 2 -- the
 *   variant accelerated by the 1-strong convexity of the fidelity, O(1/k^2)
 *   -- on the saddle-point form of the same E (no approximation):
 *     sqrt(|g|^2 + eps^2) = |(g, eps)| = max over |(q, q0)| <= 1 of <q, g> + eps q0
 *   (|.| over the pixel's 2C + 1 numbers when coupled, over a channel's 3
 *   when per channel), so with the dual field (q, q0) and K = lambda grad:
 *     q_{n+1}    = P(q_n + sigma_n lambda grad ubar_n,  q0_n + sigma_n lambda eps),
 *                  P = projection onto the unit ball (per pixel or per channel)
 *     u_{n+1}    = (u_n + tau_n (lambda div q_{n+1} + f)) / (1 + tau_n)
 *     theta_n    = 1 / sqrt(1 + 2 tau_n),  tau_{n+1} = theta_n tau_n,  sigma_{n+1} = sigma_n / theta_n
 *     ubar_{n+1} = u_{n+1} + theta_n (u_{n+1} - u_n)
 *   from u_0 = ubar_0 = f, q_0 = 0, q0_0 = 0, with tau_0 sigma_0 8 lambda^2 = 1
 *   (|grad|^2 <= 8); tau_0 = step, or FG_DENOISE_PD_STEP / (sqrt(8) lambda)
 *   for step 0.  Any step > 0 converges (0.3 .. 10 times the default changed
 *   the iterations by < 20% on the bench photo).  For Tikhonov the dual step
 *   is q_{n+1} = (q_n + sigma_n lambda grad ubar_n) / (1 + sigma_n lambda).
 *   The rate depends on lambda, not on lambda / eps (there is no L).  The
 *   energy of iteration n is E(u_n), and u_n is what the solver returns.
 *   E need not decrease at every iteration.  The step schedule does not
 *   depend on the data, so iteration n at a pixel reads the input only
 *   within n pixels (no restart; see Locality).
 * FG_SOLVER_DIRECT (Tikhonov only; FG_ERR_PARAM for TV): no iterations.
 *   Tikhonov's minimiser solves the linear system (I - lambda div grad) u = f,
 *   and -div grad (the forward differences with the Neumann boundary above)
 *   is diagonal on the DCT-II basis, with eigenvalues
 *   4 sin^2(pi k / 2W) + 4 sin^2(pi l / 2H) at frequency (k / 2W, l / 2H);
 *   so u is f filtered by 1 / (1 + lambda (4 sin^2(pi fx) + 4 sin^2(pi fy)))
 *   -- Frequency Smooth's mirror-boundary transforms (fg/frequency_smooth.h)
 *   with that transfer function.  The energy is exactly the one above; the
 *   output is its minimiser up to float rounding of the transforms, within
 *   FG_DENOISE_DIRECT_TOLERANCE of it in every value (premultiplied, 0..1
 *   data; tested against a double-precision conjugate-gradient solve) (the
 *   relative duality gap it reports, below, was under 1e-7 in the tests, and
 *   every tolerance counts as met: converged = 1).  It reports one
 *   iteration: the callbacks see iteration 0 (E(f) and its gap; again at
 *   each of the transform's progress points, so a cancel is seen during it)
 *   and iteration 1 (the output).  step, stop, tolerance and a warm start
 *   are ignored (the start is checked, not used); max_iterations >= 1 is
 *   enough.  Cost: two transforms of the colour planes, about what Frequency
 *   Smooth costs, and less memory than the iterative solvers (see
 *   "Precision, memory, threads").  Unlike the iterative solvers' iterates
 *   it is not local (every output pixel depends on every input pixel, weakly
 *   with distance), so on a crop it agrees with the whole image's result
 *   within fg_denoise_margin's bound, not bit for bit.
 * FG_SOLVER_AUTO (default): the one expected to be faster.  Tikhonov: the
 *   direct solver on images of at least FG_DENOISE_DIRECT_MIN_PIXELS pixels
 *   or with lambda >= FG_DENOISE_DIRECT_MIN_LAMBDA, else the accelerated
 *   one: the transforms cost about what 3 (3 MP) to 6 (0.8 MP) accelerated
 *   Tikhonov iterations do, more on smaller images, whose iterations run in
 *   cache, plus a few ms of planning per call, while the accelerated solver
 *   needs about 3 sqrt(1 + 8 lambda) iterations (3 at lambda 0.05, 6 at
 *   0.3, 11..13 at 1, 17..34 at 3; measured with 2 threads at 128x128 ..
 *   2048x1536 RGB: direct faster from lambda 1 at 1024x768 and at every
 *   lambda at 2048x1536, slower below lambda 10 up to 512x320).  TV: the
 *   accelerated solver needs about sqrt(L) log(1/tolerance) iterations, the
 *   primal-dual one about 1/sqrt(tolerance) (O(1/n^2)), and a primal-dual
 *   iteration costs about 1.55 accelerated ones at 4096x4096 RGB (16 planes
 *   of memory traffic against 9; 1.16 at 1024x1024); so auto takes the
 *   primal-dual solver when
 *       (lambda / eps) tolerance^FG_DENOISE_AUTO_TOLERANCE_EXPONENT >= FG_DENOISE_AUTO_THRESHOLD,
 *   else the accelerated one (tolerance as given, whatever the stop rule;
 *   0 gives the accelerated one).  Fitted (tests/bench/compare_stop_rules.c
 *   on the twelve calibration photos, 512x320, sigma 10, 25, 50 of 255,
 *   automatic strength, gap tolerances 1e-4, 3e-5, 1e-5) by least squares of
 *   log(accelerated / primal-dual iterations) = 2.36 + 0.450 log(lambda/eps)
 *   + 0.302 log(tolerance) (rms 0.29: photos differ), set equal to log 1.55:
 *   at the default gap of 3e-5 the threshold is lambda / eps = 15 (sigma
 *   around 40 of 255 with automatic strength), at 1e-4 it is 6.7.  That fit
 *   is for a cold start: where the coarse start applies (see below) auto
 *   takes the accelerated solver, which from there needed fewer iterations
 *   than the primal-dual one did cold, each cheaper (four 1280x800 photos
 *   at sigma 50, the coarse solve's iterations included: 70 against 84,
 *   median; bench --only coarse, README "Performance").  The
 *   report says which solver ran.
 *
 * The coarse start.  The accelerated solver's iterations grow as
 *   sqrt(lambda / eps) mostly to move the large, smooth part of the
 *   solution, which a solve at half the resolution already gives for a
 *   quarter of the cost per iteration.  So with coarse_start (the default),
 *   when the solver is not plain descent and both sides are at least
 *   2 FG_DENOISE_COARSE_MIN_SIDE, the image is box-averaged to half its
 *   width and height (colour premultiplied, the last row or column repeated
 *   for odd sizes), that problem -- lambda / 2 for TV, lambda / 4 for
 *   Tikhonov, epsilon 2 eps, which keeps the energy's balance on pixels twice
 *   as large -- is solved with the same solver choice, stop rule and
 *   tolerance (itself from a coarser start while its sides allow), and its
 *   solution, interpolated bilinearly with pixel centres aligned, is the
 *   first iterate (as for fg_gradient_denoise_warm, whose start disables
 *   it).  The energy, the stop rule and so the accuracy of the output are
 *   those of the full problem; only the path changes, and the output differs
 *   from a solve without the coarse start by no more than both differ from
 *   the minimiser.  The callbacks see the coarse solves' iterations as
 *   iteration 0 (with their own energy and gap), so a cancel is seen during
 *   them; report.coarse_levels and report.coarse_iterations say what they
 *   did.  The half-size copy is freed before the full solve takes its
 *   working copies, so the peak memory is unchanged.  README (Performance)
 *   gives iterations and times on photographs.
 *
 * The duality gap.  For any dual field q with |q| <= 1 per pixel (channel),
 *     D(q) = -lambda sum div q (f + lambda/2 div q) + lambda eps sum sqrt(1 - |q|^2)   (TV)
 *     D(q) = -lambda sum div q (f + lambda/2 div q) - lambda/2 sum |q|^2             (Tikhonov)
 * is at most min E (weak duality) and equals it at the optimum, so
 * E(u) - D(q) >= E(u) - min E >= |u - u*|^2 / 2 (1-strong convexity): a
 * certificate of the output's accuracy.  Every solver computes a D in the
 * same pass as its step: the primal-dual solver that of q_{n+1} (with q0 in
 * place of the square root, which is no larger), gradient descent that of
 * q = grad y / sqrt(|grad y|^2 + eps^2) (TV; the minimiser's dual field when
 * y is the minimiser) or q = grad y (Tikhonov).  D_k is the largest value
 * so far, and the relative gap of iteration k is (E_k - D_k) / E_k
 * (report.gap; clamped at 0: float rounding can put D a hair above E).
 *
 * Stopping.  Iteration k (k >= 1) yields E_k; params.stop says what the
 * tolerance bounds:
 *   FG_STOP_GAP (default): stop with converged = 1 at the first k with
 *     E_k - D_k <= tolerance E_k.  The same accuracy whatever the solver:
 *     the output's energy is within tolerance (relative) of the minimum.
 *     On the bench photo (tests/bench/bench_quality.c; sigma 10 .. 50 of
 *     255) tolerance 1e-4 stops within 0.12 dB of the minimiser's PSNR and
 *     1e-5 within 0.04 dB; the primal-dual iterates approach it from above
 *     (their PSNR is higher on the way), the accelerated ones from below.
 *   FG_STOP_ENERGY_CHANGE (the default of earlier versions, with tolerance
 *     FG_DENOISE_ENERGY_CHANGE_TOLERANCE = 1e-6): stop with
 *     converged = 1 once |E_k - E_{k-1}| <= tolerance * E_k for
 *     FG_DENOISE_STOP_WINDOW consecutive iterations (one small change can be
 *     a momentum turning point).  What accuracy that means depends on the
 *     solver: the same tolerance leaves gaps of 2e-6 .. 1e-4 (accelerated)
 *     and 3e-5 (primal-dual) on the bench photo.
 * Either way converged = 0 after max_iterations.  tolerance = 0 stops only
 * on an exact fixed point (E unchanged, or a gap of exactly 0), e.g. a
 * constant image.  Near the minimiser E wanders by about 1e-8 relative (the
 * iterate is float), so tolerances much below that act like 0.
 *
 * Colour and alpha.  Without alpha every channel is colour.  With alpha, the
 * colour channels are premultiplied by alpha (a c) before solving -- fully
 * transparent pixels then have f = 0 and do not bleed colour -- and the
 * result is divided by the original alpha where alpha > FG_DENOISE_ALPHA_TINY;
 * elsewhere the original colour is kept.  Alpha itself is copied unchanged.
 * With alpha = 1 everywhere the result is bit for bit that of the same image
 * without alpha.
 *
 * Precision, memory, threads.  The iterate is kept in float, sums in double.
 * Working memory: 3 float copies of the colour channels (accelerated), 2
 * (plain) or 1 (direct: f premultiplied, transformed in place; 2 when the
 * width is not a multiple of 16, the transforms' row padding), plus a few
 * rows per thread; the iterative solvers read f from the input in place.
 * The primal-dual solver keeps 3 copies and the dual field: 2C + 1 planes
 * (coupled), 3C (per channel), 2C (Tikhonov) -- 16 planes for coupled RGB
 * against the accelerated solver's 9 -- plus two rows per row block.
 * fg_denoise_working_copies gives the total for given parameters.
 * Work is split into row blocks that depend only on the image size, each
 * block's partial sums are added in a fixed order, so the result does not
 * depend on the number of threads, bit for bit.
 *
 * Code paths.  The row kernels exist in a portable scalar form, SSE2, SSE2 in
 * AVX encoding and AVX2 with FMA (8 pixels at a time); each call uses the
 * best its CPU has (checked at run time).  The scalar, SSE2 and AVX paths
 * give the same floats; the AVX2 path fuses multiply-adds, which rounds
 * differently: after the same number of iterations its output is within
 * FG_DENOISE_PATH_TOLERANCE (absolute, every value, 0..1 data) of the
 * portable path's and its energy within FG_DENOISE_PATH_ENERGY_TOLERANCE
 * (relative) -- tested for 60 iterations of every solver on 1..4 channels
 * (with and without alpha), TV and Tikhonov, where the largest differences
 * were 1.3e-6 and 1.2e-8.  (A stopping rule may then stop one iteration
 * earlier or later; both paths converge to the same minimiser.)  Within one
 * path results are bit for bit independent of the
 * thread count and (the iterative solvers) of the crop (fg_denoise_margin).  The environment variable
 * FG_DENOISE_CODE_PATH = scalar, sse2, avx or avx2 (read at every call; for
 * tests and benchmarks) forces a path, or the best available below it.
 *
 * NaN or infinite input pixels are refused (FG_ERR_NONFINITE); so are finite
 * values so large that the energy overflows (same code, output untouched).
 *
 * Signal-dependent noise.  With noise = FG_NOISE_SIGNAL_DEPENDENT the noise
 * model variance a x + b is estimated from the input (fg_noise_model_estimate,
 * fg/noise_estimate.h); when it grows with brightness (a > 0), the colour is
 * mapped through the generalized Anscombe transform
 *     T(x) = s (2/a) sqrt(a x + 3/8 a^2 + b),   s = sqrt(a xm + b), xm the mean colour,
 * under which that noise has about the standard deviation s everywhere (and
 * T'(xm) = 1, so strength and epsilon keep their scale; below x0 >= 0, where
 * the root's argument is 0.01 a, T continues as its tangent), denoised there as
 * above (auto strength estimates the transformed image's noise; the report
 * describes that solve, its sigma and energy in T), and mapped back by the
 * algebraic inverse.  With a <= 0.05 |b| (the variance varies by less than
 * 5% over 0..1) or nothing measured it is the plain solve.  Off by default: README ("Noise estimate") gives what it does to
 * PSNR on photographs with Poisson-Gaussian noise.
 *
 * ==== Luma and chroma =========================================================
 *
 * With colour_space = FG_COLOUR_SPACE_LUMA_CHROMA and exactly three colour
 * channels, the (premultiplied) colour is first rotated into an opponent
 * space by the orthonormal matrix M:
 *     Y  = (R + G + B) / sqrt 3,   C1 = (R - G) / sqrt 2,   C2 = (R + G - 2 B) / sqrt 6,
 * M M^T = I, so the inverse is M^T:
 *     R = Y / sqrt 3 + C1 / sqrt 2 + C2 / sqrt 6,
 *     G = Y / sqrt 3 - C1 / sqrt 2 + C2 / sqrt 6,
 *     B = Y / sqrt 3               - 2 C2 / sqrt 6.
 * A rotation keeps sums of squares: 1/2 |u - f|^2 is the same in both spaces,
 * and white noise of standard deviation sigma in each of R, G, B (independent)
 * is white noise of sigma in each of Y, C1, C2.  The energy is
 *     E(u) = 1/2 |u - f|^2  +  lambda R(Y)  +  lambda_chroma R(C1, C2)
 * with R the regulariser above (the chroma pair coupled or per channel as
 * `colour` says; Y is one channel), i.e. two independent solves of the model
 * above -- luma with lambda, chroma with lambda_chroma -- mapped back by M^T.
 * Camera noise is often stronger and coarser in colour than in brightness
 * ("colour blotches"), and colour carries less detail, so lambda_chroma can
 * be larger than lambda without blurring what the eye sees as detail.  For
 * Tikhonov with lambda_chroma = lambda the energy is exactly that of RGB
 * (sum_c |grad u_c|^2 is rotation invariant), so is the minimiser (tested).
 * Alpha as above: the rotation is linear, so rotating straight colour and
 * premultiplying equals premultiplying and rotating (up to float rounding).
 * Images with 1, 2 or 4 colour channels (grey, grey + alpha, CMYK-like) have
 * no such split: the setting is ignored there and the result is bit for bit
 * that of FG_COLOUR_SPACE_RGB (report.lambda_chroma = sigma_chroma = NAN).
 * With auto strength, sigma and the texture measure tau (fg/texture_estimate.h)
 * are estimated on Y (report.sigma, report.texture) and sigma_chroma, tau_chroma
 * on (C1, C2) (report.sigma_chroma, report.texture_chroma; fg_estimate_luma_chroma);
 * lambda is the texture rule fg_auto_lambda_luma_texture of sigma and tau, and, when
 * auto_chroma_strength is set, lambda_chroma = fg_auto_lambda_chroma_texture of
 * sigma_chroma and tau_chroma (see "Auto strength").  auto_strength and auto_chroma_strength are
 * independent: either strength may be given by hand.  The report: energy
 * and iterations are the sums over both solves, converged is 1 only if both
 * converged, gap the relative gap of the sum (E_Y - D_Y + E_C - D_C) / E,
 * step the luma solve's; on_iteration and on_iteration_gap see the luma
 * solve's iterations 0 .. n_Y and then the chroma solve's as n_Y + 1 + k,
 * with max_iterations 2 max_iterations + 1 and each solve's own energy and
 * gap.  The margin
 * (fg_denoise_margin with colour_space luma-chroma and 3 colour channels) is
 * the larger of the margins of the luma solve (lambda, 1 channel) and of the
 * chroma solve (params->lambda_chroma, 2 channels), each for the tolerance
 * divided by 1/sqrt3 + 1/sqrt2 + 1/sqrt6 (how far an error per opponent
 * channel can add up in R, G or B) and the value range times sqrt 3 (the
 * opponent values' range); callers fixing the strengths for tiles set both
 * lambda and lambda_chroma (fg_noise_estimate_luma_chroma gives the sigmas
 * of the whole image).  Memory: one float copy of the image in the opponent
 * space (plus alpha) on top of each solve's own working set.
 *
 * ==== Defaults and why =========================================================
 *
 *   energy TV, coupled colour: keeps edges, no colour fringes.
 *   epsilon 0.01: differences below about 2.5 grey levels are smoothed
 *     quadratically (no staircasing on gentle shading), larger ones are
 *     treated as edges.  Smaller eps is closer to true TV -- on the
 *     calibration scenes the best PSNR averages 37.3, 36.6, 35.6, 34.2 dB at
 *     eps 0.005, 0.01, 0.02, 0.05 -- but L grows like 1/eps and the
 *     iterations like 1/sqrt(eps); 0.01 is the compromise.
 *   auto strength on, lambda from the estimated noise (see below).
 *   solver auto, stop at a relative duality gap of 3e-5, max_iterations 300:
 *     the gap bounds the output's energy error whatever the solver.  On the
 *     twelve calibration photos (512x320, noise sigma 10, 25, 50 of 255,
 *     automatic strength; tests/bench/compare_stop_rules.c) TV stopped after
 *     a median of 34, 65 (accelerated) and 72.5 (primal-dual) iterations --
 *     the accelerated solver with the energy-change rule at 1e-6, the
 *     defaults of earlier versions: 43.5, 70, 156.5 -- and Tikhonov after 7,
 *     14, 28.5 (11, 19, 36), each within 0.05 dB of the PSNR of the
 *     minimiser (a primal-dual solve to a gap of 1e-8); a gap of 1e-4 strays
 *     up to 0.083 dB.
 *   step 0 (automatic: 1/L, or tau_0 as above), threads 0 (all cores).
 *
 * ==== Parameter ranges (else FG_ERR_PARAM with a message) =====================
 *
 *   energy, colour, solver       one of the enum values
 *   lambda (auto_strength == 0)  0 .. FG_DENOISE_MAX_LAMBDA (0 returns f unchanged)
 *   epsilon                      FG_DENOISE_MIN_EPSILON .. FG_DENOISE_MAX_EPSILON
 *                                (checked for Tikhonov too, which ignores it)
 *   max_iterations               1 .. FG_DENOISE_MAX_ITERATIONS_LIMIT
 *   tolerance                    finite, >= 0
 *   solver                       also FG_SOLVER_PRIMAL_DUAL, FG_SOLVER_AUTO
 *   stop                         FG_STOP_ENERGY_CHANGE or FG_STOP_GAP
 *   step                         0 (automatic) or > 0 and <= 1/L (accelerated),
 *                                < 2/L (plain), any finite > 0 (primal-dual:
 *                                tau_0), L from the lambda actually used;
 *                                the message gives the limit
 *   threads                      0 (all cores) .. FG_MAX_THREADS
 *   noise                        FG_NOISE_UNIFORM or FG_NOISE_SIGNAL_DEPENDENT
 *   colour_space                 FG_COLOUR_SPACE_RGB or FG_COLOUR_SPACE_LUMA_CHROMA
 *   lambda_chroma                0 .. FG_DENOISE_MAX_LAMBDA when auto_chroma_strength
 *                                is 0 (checked whatever the colour space)
 * Other errors: FG_ERR_NULL (in, out, params), FG_ERR_SIZE / FG_ERR_MISMATCH
 * (views, see fg_image_check_pair; in == out is allowed), FG_ERR_NONFINITE,
 * FG_ERR_NOMEM, FG_ERR_CANCELLED (on_iteration returned non-zero).
 */
#ifndef FG_GRADIENT_DENOISE_H
#define FG_GRADIENT_DENOISE_H

#include "fg/common.h"
#include "fg/gradient_map.h"
#include "fg/noise_estimate.h"
#include "fg/texture_estimate.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum fg_energy { FG_ENERGY_TIKHONOV, FG_ENERGY_TV } fg_energy;
typedef enum fg_colour_mode { FG_COLOUR_PER_CHANNEL, FG_COLOUR_COUPLED } fg_colour_mode;
typedef enum fg_solver {
    FG_SOLVER_ACCELERATED,
    FG_SOLVER_PLAIN,
    FG_SOLVER_PRIMAL_DUAL,
    FG_SOLVER_AUTO,             /* the faster for the strength (and for Tikhonov the size) */
    FG_SOLVER_DIRECT            /* Tikhonov only: the minimiser by the DCT, no iterations */
} fg_solver;
typedef enum fg_stop_rule { FG_STOP_ENERGY_CHANGE, FG_STOP_GAP } fg_stop_rule;
/* What the noise is taken to be (see "Signal-dependent noise" below). */
typedef enum fg_noise_mode { FG_NOISE_UNIFORM, FG_NOISE_SIGNAL_DEPENDENT } fg_noise_mode;
/* Where the colour is smoothed (see "Luma and chroma" above). */
typedef enum fg_colour_space { FG_COLOUR_SPACE_RGB, FG_COLOUR_SPACE_LUMA_CHROMA } fg_colour_space;

#define FG_DENOISE_DEFAULT_EPSILON 0.01
#define FG_DENOISE_DEFAULT_LAMBDA 0.1           /* used only when auto_strength is 0 */
#define FG_DENOISE_DEFAULT_MAX_ITERATIONS 300
#define FG_DENOISE_DEFAULT_TOLERANCE 3e-5           /* a relative duality gap (FG_STOP_GAP) */
#define FG_DENOISE_ENERGY_CHANGE_TOLERANCE 1e-6     /* the default of earlier versions, for FG_STOP_ENERGY_CHANGE */
#define FG_DENOISE_MAX_ITERATIONS_LIMIT 100000
#define FG_DENOISE_MIN_EPSILON 1e-6
#define FG_DENOISE_MAX_EPSILON 1e3
#define FG_DENOISE_MAX_LAMBDA 1e6
#define FG_DENOISE_STOP_WINDOW 3
#define FG_DENOISE_PD_STEP 1.0             /* primal-dual: tau_0 = this / (sqrt(8) lambda) */
#define FG_DENOISE_AUTO_THRESHOLD 0.014            /* FG_SOLVER_AUTO, see "The solvers" */
#define FG_DENOISE_AUTO_TOLERANCE_EXPONENT (2.0 / 3.0)
#define FG_DENOISE_ALPHA_TINY (1.0 / 1024.0)
#define FG_DENOISE_COARSE_MIN_SIDE 256           /* the coarse start's smallest level, see "The coarse start" */
#define FG_DENOISE_PATH_TOLERANCE 1e-5          /* AVX2/FMA against the portable path, see "Code paths" */
#define FG_DENOISE_DIRECT_TOLERANCE 1e-5        /* FG_SOLVER_DIRECT against the minimiser, see "The solvers" */
#define FG_DENOISE_DIRECT_MIN_PIXELS (1 << 20)   /* FG_SOLVER_AUTO takes the direct solver from here ... */
#define FG_DENOISE_DIRECT_MIN_LAMBDA 100.0       /* ... or from this strength, see "The solvers" */
#define FG_DENOISE_PATH_ENERGY_TOLERANCE 1e-7

/* Called after every iteration k = 0 .. iterations from the calling thread
 * (k = 0 reports E(f)), with the energy of iteration k as defined above.
 * Return non-zero to cancel: the function returns FG_ERR_CANCELLED and
 * leaves the output untouched. */
typedef int (*fg_iteration_fn)(void *user_data, int iteration, int max_iterations, double energy);

/* The same with the relative duality gap of iteration k, (E_k - D_k) / E_k
 * as defined above (what FG_STOP_GAP compares with the tolerance; it falls
 * about geometrically, so a progress bar can follow its logarithm).  Called
 * after on_iteration, with the same user_data. */
typedef int (*fg_iteration_gap_fn)(void *user_data, int iteration, int max_iterations, double energy, double gap);

typedef struct fg_denoise_params {
    fg_energy energy;          /* default FG_ENERGY_TV */
    int auto_strength;         /* non-zero: lambda from the estimated noise (default 1) */
    double lambda;             /* strength when auto_strength == 0 (default FG_DENOISE_DEFAULT_LAMBDA) */
    double epsilon;            /* TV smoothing (default FG_DENOISE_DEFAULT_EPSILON) */
    fg_colour_mode colour;     /* default FG_COLOUR_COUPLED */
    fg_solver solver;          /* default FG_SOLVER_AUTO */
    int max_iterations;        /* default FG_DENOISE_DEFAULT_MAX_ITERATIONS */
    double tolerance;          /* default FG_DENOISE_DEFAULT_TOLERANCE */
    fg_stop_rule stop;         /* what tolerance bounds (default FG_STOP_GAP) */
    double step;               /* 0 = 1/L (default); see the ranges above */
    fg_noise_mode noise;       /* default FG_NOISE_UNIFORM */
    int threads;               /* 0 = all cores (default) */
    fg_iteration_fn on_iteration;   /* may be NULL (default) */
    void *user_data;
    fg_iteration_gap_fn on_iteration_gap;   /* may be NULL (default) */
    /* Luma and chroma (see above); the defaults change nothing. */
    fg_colour_space colour_space;   /* default FG_COLOUR_SPACE_RGB */
    int auto_chroma_strength;       /* non-zero: lambda_chroma from the chroma noise (default 1) */
    double lambda_chroma;           /* chroma strength when auto_chroma_strength == 0 (default FG_DENOISE_DEFAULT_LAMBDA) */
    int coarse_start;          /* non-zero: large images start from a solve at half size (default 1; see
                                  "The coarse start") */
} fg_denoise_params;

/* Fills in the defaults above (NULL is ignored). */
void fg_denoise_params_init(fg_denoise_params *params);

/* Written only when fg_gradient_denoise returns FG_OK. */
typedef struct fg_denoise_report {
    int iterations;       /* iterations done (0 when lambda is 0) */
    double energy;        /* E of the output (premultiplied colour, as above) */
    int converged;        /* 1 if the tolerance stopped it, 0 if max_iterations did */
    double lambda;        /* lambda actually used (after auto strength) */
    double step;          /* step actually used */
    double sigma;         /* the noise estimate used by auto strength; NAN without it */
    fg_solver solver;     /* the solver actually used (FG_SOLVER_AUTO resolved) */
    double gap;           /* relative duality gap of the output, (E - D) / E >= 0 (0 when lambda is 0) */
    double texture;       /* the texture measure auto strength used (fg/texture_estimate.h); NAN
                             without auto strength or where it is not defined */
    double lambda_chroma; /* luma-chroma: the chroma strength used; NAN in RGB (or for 1, 2, 4 colour channels) */
    double sigma_chroma;  /* luma-chroma with auto chroma strength: the chroma noise estimate; else NAN */
    double texture_chroma; /* luma-chroma with auto chroma strength: the texture measure of (C1, C2);
                              else NAN (texture is then that of Y, with auto strength) */
    int coarse_levels;    /* half-size solves the first iterate came from (0: none; "The coarse start") */
    double coarse_iterations; /* their iterations, each weighted by its pixels over the image's: their
                                 cost in iterations of this solve (0 without) */
} fg_denoise_report;

/* Denoises `in` into `out` (same geometry; in == out allowed).  `report` may
 * be NULL. */
fg_status fg_gradient_denoise(const fg_image *in, const fg_image *out, const fg_denoise_params *params,
                              fg_denoise_report *report, fg_error *error);

/* fg_gradient_denoise started from `start` instead of f: warm start.
 * `start` is the first iterate u_0 (colour premultiplied by start's own
 * alpha, like f; e.g. an earlier output for the same input with other
 * parameters), same geometry as `in` (width, height, channels, alpha; else
 * FG_ERR_MISMATCH), finite (else FG_ERR_NONFINITE); it may be `in` or
 * `out`, and NULL gives exactly fg_gradient_denoise.  The energy and so the
 * minimiser are the same; only the path to it changes:
 *   accelerated and plain solvers: x_0 = start (no momentum at first);
 *   primal-dual: u_0 = ubar_0 = start, and the dual field starts at the one
 *     that is optimal when start is the minimiser, q = grad u_0 /
 *     sqrt(|grad u_0|^2 + eps^2), q0 = eps / sqrt(...) (TV, the norm per
 *     pixel when coupled, per channel otherwise; inside the unit ball),
 *     q = grad u_0 (Tikhonov), instead of 0.  (With q = 0 the first steps
 *     undo most of the warm start: from the minimiser itself it took 30 .. 61
 *     iterations to the default gap instead of 1, after a 1.5x strength
 *     change 62 instead of 25 on tests/core/test_denoise_warm.c's RGB scene,
 *     the same as cold.)
 * The duality gap (FG_STOP_GAP) certifies the output whatever the start,
 * so a start near the minimiser stops after fewer iterations with the same
 * guarantee; FG_STOP_ENERGY_CHANGE makes no such promise.  Iteration 0
 * reports E(start).  Signal-dependent noise (FG_NOISE_SIGNAL_DEPENDENT) and
 * luma-chroma on three colour channels solve in another space: there
 * `start` is checked and then ignored (a cold solve, same result as
 * fg_gradient_denoise).  Locality (fg_denoise_margin) assumes a cold start:
 * a warm start from a tile's own earlier result is within the stopping
 * tolerance of the same minimiser, but not bit for bit a crop of a whole
 * image warm solve. */
fg_status fg_gradient_denoise_warm(const fg_image *in, const fg_image *start, const fg_image *out,
                                   const fg_denoise_params *params, fg_denoise_report *report,
                                   fg_error *error);

/* E(u) for the data f with the given lambda and the model of params (energy,
 * colour, epsilon, threads; the rest is ignored): colour premultiplied by each
 * image's own alpha, as in the solver.  u and f must have the same geometry.
 * Energy of fg_gradient_denoise's output equals its report.energy up to float
 * rounding of the un-premultiplication, where alpha > FG_DENOISE_ALPHA_TINY
 * everywhere (elsewhere the solved colour is discarded, see above). */
fg_status fg_denoise_energy(const fg_image *u, const fg_image *f, const fg_denoise_params *params,
                            double lambda, double *energy, fg_error *error);

/* The Lipschitz bound L above (NAN for invalid arguments), and the largest
 * step the solver accepts: 1/L for the accelerated solver; for plain descent
 * steps must stay strictly below the returned 2/L; INFINITY for the
 * primal-dual one and for the direct one (Tikhonov; it takes no steps, NAN
 * for TV); 1/L for FG_SOLVER_AUTO (a step every solver accepts;
 * fg_gradient_denoise checks a given step against the solver it chose). */
double fg_denoise_lipschitz(fg_energy energy, double lambda, double epsilon);
double fg_denoise_max_step(fg_energy energy, fg_solver solver, double lambda, double epsilon);

/* The solver params->solver stands for with the strength lambda on an
 * image of width x height (see FG_SOLVER_AUTO in "The solvers": for
 * Tikhonov the choice depends on the size; others are returned unchanged);
 * FG_SOLVER_AUTO for NULL. */
fg_solver fg_denoise_resolve_solver(const fg_denoise_params *params, double lambda, int width, int height);

/* The most working memory fg_gradient_denoise (and _warm) holds at once for
 * an image of `channels` channels (1..4; has_alpha non-zero: the last is
 * alpha, channels >= 2), in copies of the image: one copy is width x height
 * x channels floats, the input as a packed float image.  It counts what
 * grows with the image's area -- for large images nearly all:
 *   the solver's image copies of the colour channels (C of them): 3 C planes
 *     (accelerated, primal-dual), 2 C (plain descent) or, for the direct
 *     solver, 2 C (an upper bound: C when the width is a multiple of 16), see
 *     "Precision, memory, threads";
 *   primal-dual: the dual field, 2 C + 1 planes (coupled TV, C > 1), 3 C
 *     (TV otherwise) or 2 C (Tikhonov), and its halo rows, at most 2 C / 16
 *     planes (two rows per row block of at least 16 rows);
 *   luma-chroma on three colour channels: the opponent copy, 3 floats per
 *     pixel (5 with alpha), while the luma (1 channel) and then the chroma
 *     solve (2 coupled or separate channels) run, so the larger of the two;
 *   signal-dependent noise: the transformed copy (1 copy), held while the
 *     solve runs, when the noise model calls for the transform.
 * A fixed strength of 0 solves nothing.  FG_SOLVER_AUTO counts the solver
 * its strength picks (fg_denoise_resolve_solver; for Tikhonov, whose choice
 * depends on the size, the accelerated one, which holds more); with an automatic
 * strength, not known before the run, the primal-dual solver wherever some
 * strength would pick it.  Not counted: a few rows per thread and per row
 * block, the noise estimate's histograms (a few hundred KiB per thread), the
 * direct solver's column blocks (three of at most 64 columns of the image's
 * height per thread) and the threads themselves; the input and output are the caller's.  E.g.
 * coupled TV on RGBA with the defaults: (9 + 7 + 0.375) / 4 = 4.09 copies;
 * accelerated: 9 / 4 = 2.25.  Measured against the allocations by
 * tests/core/test_denoise_memory.c.  NAN for NULL params, an invalid model,
 * solver, colour space or noise mode, or invalid channels. */
double fg_denoise_working_copies(const fg_denoise_params *params, int channels, int has_alpha);

/* ==== Locality: denoising part of an image =====================================
 *
 * The result at a pixel depends on the input far away only weakly, so a
 * preview or a tile can be denoised on its own rectangle plus a margin.
 * fg_denoise_margin returns a margin m (pixels) with this guarantee: for a
 * region R of the image and any rectangle that contains R grown by m pixels
 * on every side (clipped to the image), the minimiser of E on the rectangle
 * differs from the minimiser of E on the whole image, inside R, by at most
 * `tolerance` in every colour channel (premultiplied by alpha, on the 0..1
 * scale) -- for the same lambda, which callers must fix beforehand (auto
 * strength would estimate the noise of the rectangle alone).
 *
 * Why (the full argument is in src/denoise_locality.c): the cut removes only
 * energy terms on the rectangle's outermost ring of pixels, and the inverse
 * of E's Hessian, whose eigenvalues lie in [1, L], decays like
 * q^distance with q = (sqrt L - 1) / (sqrt L + 1).  So the margin grows like
 * sqrt(L) log(1 / tolerance): about sqrt(2 lambda / eps) times a log factor
 * for TV.  With the defaults (eps 0.01) and lambda 0.14 (auto strength for
 * RGB with sigma 0.08), tolerance 1e-3 gives 71 pixels; the bound is
 * conservative, measured differences are far smaller
 * (tests/core/test_denoise_locality.c).
 *
 * The solver's iterates are local too: iteration k at a pixel reads the
 * input only within k pixels -- apart from three numbers shared by the whole
 * image, the momentum restart, the stopping test and (auto strength) lambda
 * (the primal-dual solver has no restart: its step schedule is fixed).
 * The bound above is about minimisers, so it holds for every solver.
 * With fewer iterations than the margin, a margin of max_iterations thus
 * gives the rectangle's iterates the whole image's local steps.  A solve
 * stopped by the tolerance is near, not at, the minimiser; the stopping error
 * adds to the bound above.
 *
 * Arguments: the model of params (energy, colour, epsilon; with 3 colour
 * channels also colour_space and lambda_chroma, see "Luma and chroma"; the
 * rest is ignored), colour_channels 1..4, lambda >= 0, value_range = max - min of the
 * input's premultiplied colour values (1 for any image on 0..1; used by
 * Tikhonov only), tolerance > 0.  Returns -1 for invalid arguments, 0 when
 * lambda is 0, and at most 2^30 (take the whole image then). */
int fg_denoise_margin(const fg_denoise_params *params, int colour_channels, double lambda,
                      double value_range, double tolerance);

/* The margin a crop solved with params (all of it: the solver, the
 * iteration limit) needs: fg_denoise_margin, capped at max_iterations where
 * the solver iterates (see above: a margin of max_iterations then gives the
 * crop the whole image's local steps), not where it may be FG_SOLVER_DIRECT
 * (Tikhonov with the direct or the automatic solver), whose result at a
 * pixel depends on the whole crop.  max_iterations itself where
 * fg_denoise_margin returns -1. */
int fg_denoise_crop_margin(const fg_denoise_params *params, int colour_channels, double lambda,
                           double value_range, double tolerance);

/* ==== Auto strength ============================================================
 *
 * The lambda auto strength uses for a noise sigma (0..1 scale; the estimate
 * of fg/noise_estimate.h):
 *     TV:        lambda = sigma (A + B eps) C^G  x  K_tv sigma^Q_tv   (C = colour channels if coupled, else 1)
 *     Tikhonov:  lambda = T sigma^P  x  K_tik sigma^Q_tik
 * The first factor is the synthetic-scene rule, the second the correction
 * for real photographs.
 *
 * Synthetic scenes (tests/bench/calibrate_lambda.c, 192x192 scenes of
 * bench_scene kinds 0 -- piecewise constant --, 1 -- the same over smooth
 * shading -- and 2 -- with a patch of texture --, sigma 0.02 .. 0.2; for each
 * case a golden-section search for the lambda whose converged result has the
 * best PSNR, then least squares):
 *   TV, one channel: the best lambda is close to proportional to sigma (free
 *     exponent 1.05 .. 1.12) and rises mildly with eps: lambda / sigma
 *     averages 1.17, 1.23, 1.38, 1.95 at eps 0.005, 0.01, 0.02, 0.05 (spread
 *     over scenes and sigmas 0.8 .. 2.8), fitted A = 1.055, B = 17.7.
 *   TV, C coupled channels (eps 0.01): lambda / sigma 1.54, 1.80, 2.02 for
 *     C = 2, 3, 4, i.e. C^0.348 times the one-channel rule.
 *   Tikhonov: the best lambda grows like sigma^1.42 (fitted T = 88.9,
 *     P = 1.416), not like sigma^2.
 * Photographs (tests/bench/calibrate_photos.c --fit on the twelve photos of
 * tests/data/photos, 256x256 centre crops, noise sigma 10, 17, 25, 35, 50 of
 * 255 clipped to 0..1, sigma from the estimate; README "Automatic strength"):
 * textured photos want less smoothing than the synthetic scenes -- the best
 * TV lambda is 0.3 .. 0.9 times the synthetic rule, the best Tikhonov lambda
 * 0.07 .. 1.06 times -- and least squares of log(best / synthetic rule) on
 * log sigma_est gives K_tv = 0.744, Q_tv = 0.085, K_tik = 0.247,
 * Q_tik = -0.050.  README gives what the rule loses against the best lambda
 * of each photo, per sigma, on these photos and on six standard photos
 * never used for fitting.  The PSNR optimum still differs from photo to
 * photo by a factor of 2 (TV) to 8 (Tikhonov) at the same sigma: a rule of
 * sigma alone cannot follow that, hence the texture rule below, which
 * fg_gradient_denoise uses; these K, Q remain the rule of sigma alone
 * (fg_auto_lambda, fg_auto_lambda_colour, and the fallback where the texture
 * measure is not defined).
 */
#define FG_AUTO_TV_A 1.05
#define FG_AUTO_TV_B 17.7
#define FG_AUTO_TV_G 0.35
#define FG_AUTO_TIKHONOV_T 89.0
#define FG_AUTO_TIKHONOV_P 1.42
#define FG_AUTO_PHOTO_TV_K 0.744
#define FG_AUTO_PHOTO_TV_Q 0.085
#define FG_AUTO_PHOTO_TIKHONOV_K 0.247
#define FG_AUTO_PHOTO_TIKHONOV_Q (-0.050)

/* Luma and chroma (luma-chroma colour space, see "Luma and chroma"):
 *     lambda        = fg_auto_lambda_colour(energy, colour, 1, sigma_luma, eps)    x  K_Y sigma_luma^Q_Y
 *     lambda_chroma = fg_auto_lambda_colour(energy, colour, 2, sigma_chroma, eps)  x  K_C sigma_chroma^Q_C
 * the rules for one and for two (coupled) channels times corrections fitted
 * on the twelve photos of tests/data/photos (tests/bench/calibrate_chroma.c
 * --fit; README "Luma and chroma"): 256x256 centre crops, seeded Gaussian
 * noise of sigma 10, 20, 35 of 255, either independent in R, G, B or with
 * twice that sigma in C1, C2 (colour noise stronger than brightness noise),
 * clipped to 0..1; sigma_luma and sigma_chroma from the estimate
 * (fg_noise_estimate_luma_chroma); golden-section searches for the
 * PSNR-best lambda of luma alone and of chroma alone (the squared error
 * splits into theirs); least squares of log(best / rule) on log sigma over
 * the 72 cases of each model.  Chroma wants about twice (TV) to four times
 * (Tikhonov) the two-channel rule: colour holds less detail than
 * brightness.  These rules of sigma alone are what the texture rules below
 * fall back to, left as they were; fitted again with the current solvers
 * TV luma gives K 1.2245, Q 0.135 (the others agree within 0.3%). */
#define FG_AUTO_LUMA_TV_K 1.186
#define FG_AUTO_LUMA_TV_Q 0.117
#define FG_AUTO_LUMA_TIKHONOV_K 0.876
#define FG_AUTO_LUMA_TIKHONOV_Q 0.211
#define FG_AUTO_CHROMA_TV_K 2.125
#define FG_AUTO_CHROMA_TV_Q (-0.011)
#define FG_AUTO_CHROMA_TIKHONOV_K 4.136
#define FG_AUTO_CHROMA_TIKHONOV_Q (-0.076)

/* Luma and chroma, texture.  As for RGB below, the rules of sigma alone
 * above are multiplied instead by K sigma^Q tau^S, tau the texture measure
 * (fg/texture_estimate.h) of Y at sigma_luma for lambda and of the pair
 * (C1, C2) at sigma_chroma for lambda_chroma:
 *     lambda        = R1(sigma_luma)   K_Y sigma_luma^Q_Y     tau_luma^S_Y
 *     lambda_chroma = R2(sigma_chroma) K_C sigma_chroma^Q_C   tau_chroma^S_C
 * (Rn = fg_auto_lambda_colour(energy, colour, n, sigma, eps)); K, Q, S by least
 * squares of log(best / Rn) on log sigma and log tau over the same 72 cases
 * per model (tests/bench/calibrate_chroma.c --fit; a second run gives the
 * same constants).  S < 0 as for RGB.  The rms residual of log lambda falls
 * from 0.323 to 0.282 (TV luma), 0.995 to 0.900 (TV chroma), 0.772 to
 * 0.382 (Tikhonov luma), 0.814 to 0.615 (Tikhonov chroma); the mean loss of the
 * automatic luma-chroma solve against its best strengths falls from
 * 0.33 .. 0.68 to 0.28 .. 0.54 dB (TV) and from 0.41 .. 0.79 to
 * 0.15 .. 0.23 dB (Tikhonov) over the noise kinds and sigmas, though for
 * TV the worst photo loses more at some sigmas (up to 1.62 dB), and on
 * chelsea (independent check) TV loses 0.38 dB at sigma 10/255 where the
 * rule of sigma alone lost 0.03 (README).  Measured
 * gains over the automatic RGB solve (the default, coupled) are in README
 * "Luma and chroma"; per photo they range from -0.87 to +4.91 dB (TV) --
 * the losses on photos with fine coloured texture and independent noise in
 * R, G, B.  Where tau is not defined the rules of sigma alone above are used. */
#define FG_AUTO_LUMA_TEXTURE_TV_K 0.7487
#define FG_AUTO_LUMA_TEXTURE_TV_Q (-0.1990)
#define FG_AUTO_LUMA_TEXTURE_TV_S (-0.1500)
#define FG_AUTO_LUMA_TEXTURE_TIKHONOV_K 0.1079
#define FG_AUTO_LUMA_TEXTURE_TIKHONOV_Q (-1.2121)
#define FG_AUTO_LUMA_TEXTURE_TIKHONOV_S (-0.6386)
#define FG_AUTO_CHROMA_TEXTURE_TV_K 0.6479
#define FG_AUTO_CHROMA_TEXTURE_TV_Q (-0.5515)
#define FG_AUTO_CHROMA_TEXTURE_TV_S (-0.5215)
#define FG_AUTO_CHROMA_TEXTURE_TIKHONOV_K 0.9272
#define FG_AUTO_CHROMA_TEXTURE_TIKHONOV_Q (-0.7568)
#define FG_AUTO_CHROMA_TEXTURE_TIKHONOV_S (-0.6573)

/* Texture (fg/texture_estimate.h).  The rule above, of sigma alone, cannot
 * follow how much smoothing a photo wants.  The automatic strength of
 * fg_gradient_denoise multiplies the synthetic-scene rule R(sigma) by
 *     K sigma^Q tau^S        (log lambda = log R + log K + Q log sigma + S log tau)
 * with tau the texture measure of the noisy image at the estimated sigma;
 * K, Q, S fitted per energy by least squares of log(best lambda / R) on
 * log sigma_est and log tau over the same 60 photograph cases as above
 * (tests/bench/calibrate_photos.c --fit; README "Noise estimate and
 * automatic strength"; the test calibration_reproduces runs the fit and
 * holds these constants to it, to their four decimals).  S < 0: more
 * structure, less smoothing.  The rms
 * residual of log lambda falls from 0.21 to 0.19 (TV) and from 0.70 to 0.32
 * (Tikhonov); the mean loss against the best lambda of each photo is at most
 * 0.23 dB (TV) and 0.15 dB (Tikhonov) at every sigma on those photos, the
 * worst 0.88 and 0.57 dB; README gives the losses per sigma there and on the
 * six standard photos (where the very smooth `moon` still gets far too
 * little smoothing from sigma 25/255 up).  Where tau is not defined (no
 * usable 3x3 window: images under 3 pixels wide or high, transparent or
 * constant) the rule of sigma alone (fg_auto_lambda_colour) is used. */
#define FG_AUTO_TEXTURE_TV_K 0.4408
#define FG_AUTO_TEXTURE_TV_Q (-0.1890)
#define FG_AUTO_TEXTURE_TV_S (-0.1270)
#define FG_AUTO_TEXTURE_TIKHONOV_K 0.0159
#define FG_AUTO_TEXTURE_TIKHONOV_Q (-1.4851)
#define FG_AUTO_TEXTURE_TIKHONOV_S (-0.6341)

/* The rule of sigma alone, for one channel (or per-channel colour), kept for
 * callers that have only a sigma; fg_gradient_denoise uses
 * fg_auto_lambda_texture.  NAN for sigma < 0, NaN
 * or infinite, an unknown energy, or (TV) eps <= 0. */
double fg_auto_lambda(fg_energy energy, double sigma, double epsilon);

/* The rule for colour_channels (1..4) channels in the given colour mode:
 * what fg_gradient_denoise uses. */
double fg_auto_lambda_colour(fg_energy energy, fg_colour_mode colour, int colour_channels,
                             double sigma, double epsilon);

/* The texture rule: R(sigma) K sigma^Q tau^S as above, for colour_channels
 * (1..4) channels in the given colour mode; tau = NAN gives
 * fg_auto_lambda_colour.  NAN for invalid arguments as fg_auto_lambda_colour,
 * or tau finite but < FG_TEXTURE_FLOOR (fg/texture_estimate.h). */
double fg_auto_lambda_texture(fg_energy energy, fg_colour_mode colour, int colour_channels,
                              double sigma, double tau, double epsilon);

/* What fg_gradient_denoise's automatic strength picks for `in`: the noise
 * estimate sigma (fg_noise_estimate_threads), the texture tau
 * (fg_texture_estimate at that sigma) and lambda =
 * fg_auto_lambda_texture(params->energy, params->colour, colour channels of
 * in, sigma, tau, params->epsilon), all with params->threads; the result
 * does not depend on the thread count.  lambda, sigma and texture may each
 * be NULL if not wanted; they are written only on success (texture NAN where
 * it is not defined; lambda 0 when sigma is 0).  params->auto_strength and
 * params->lambda are not looked at.  Errors: FG_ERR_NULL (in, params),
 * FG_ERR_SIZE, FG_ERR_PARAM (a parameter fg_gradient_denoise would refuse,
 * or a lambda above FG_DENOISE_MAX_LAMBDA), FG_ERR_NONFINITE, FG_ERR_NOMEM. */
fg_status fg_denoise_auto_lambda(const fg_image *in, const fg_denoise_params *params, double *lambda,
                                 double *sigma, double *texture, fg_error *error);

/* The luma and the chroma rule of sigma alone above for their noise
 * estimates; NAN as above.  fg_gradient_denoise uses the texture rules below;
 * these remain their fallback where tau is not defined. */
double fg_auto_lambda_luma(fg_energy energy, fg_colour_mode colour, double sigma_luma, double epsilon);
double fg_auto_lambda_chroma(fg_energy energy, fg_colour_mode colour, double sigma_chroma, double epsilon);

/* The luma and the chroma texture rules ("Luma and chroma, texture" above):
 * what fg_gradient_denoise uses in luma-chroma.  tau NAN gives
 * fg_auto_lambda_luma / fg_auto_lambda_chroma; NAN for invalid arguments as
 * those, or tau finite but < FG_TEXTURE_FLOOR. */
double fg_auto_lambda_luma_texture(fg_energy energy, fg_colour_mode colour, double sigma_luma, double tau_luma,
                                   double epsilon);
double fg_auto_lambda_chroma_texture(fg_energy energy, fg_colour_mode colour, double sigma_chroma,
                                     double tau_chroma, double epsilon);

/* The noise estimates auto strength uses in luma-chroma (fg_noise_estimate
 * of the Y and of the (C1, C2) image, straight colour, alpha as there) of
 * an image with exactly three colour channels (else FG_ERR_SIZE); for
 * callers that fix both strengths for tiles.  Writes both only on success. */
fg_status fg_noise_estimate_luma_chroma(const fg_image *in, int threads, double *sigma_luma,
                                        double *sigma_chroma, fg_error *error);

/* The same noise estimates and the texture measures at them
 * (fg_texture_estimate of Y at sigma_luma and of (C1, C2) at sigma_chroma;
 * NAN where not defined): everything the luma-chroma automatic strengths
 * use, for callers that fix both strengths for tiles.  Errors as
 * fg_noise_estimate_luma_chroma; writes all four only on success. */
fg_status fg_estimate_luma_chroma(const fg_image *in, int threads, double *sigma_luma, double *sigma_chroma,
                                  double *tau_luma, double *tau_chroma, fg_error *error);

/* The opponent rotation M of "Luma and chroma" and its inverse M^T, one
 * pixel (in may equal out). */
void fg_rgb_to_luma_chroma(const double rgb[3], double ylc[3]);
void fg_luma_chroma_to_rgb(const double ylc[3], double rgb[3]);

#ifdef __cplusplus
}
#endif
#endif /* FG_GRADIENT_DENOISE_H */
