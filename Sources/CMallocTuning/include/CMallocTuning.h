#ifndef ORK_CMALLOC_TUNING_H
#define ORK_CMALLOC_TUNING_H

/// Fixes glibc's mmap threshold at `bytes`: every allocation of at least that size is its own
/// mapping, returned to the system when freed. Without it glibc raises the threshold after the
/// first such free, and later large buffers (request bodies) stay in its arenas after they are
/// freed. Returns 1 on success, 0 when the C library has no such setting (not glibc).
int ork_fix_mmap_threshold(int bytes);

#endif
