/* memory_check.h — the up-front memory check of a run. */
#ifndef FG_PLUGIN_MEMORY_CHECK_H
#define FG_PLUGIN_MEMORY_CHECK_H

#include <libgimp/gimp.h>

/* FALSE with a message when the run over `drawables` (their selection's
 * bounding boxes, `working_copies` float copies in the core besides the
 * pixels read and the result) would not fit: in the address space left
 * under RLIMIT_AS, or in what the system (MemAvailable) and the cgroup v2
 * limits still give to this process and GIMP's.  On success it bounds
 * GEGL's tile cache to what was counted and, under an address-space limit,
 * holds glibc to one malloc arena. */
gboolean fg_memory_check (GimpDrawable **drawables,
                          gsize          count,
                          const gchar   *label,
                          gdouble        working_copies,
                          GError       **error);

#endif
