#ifndef ORK_CPROCESS_SPAWN_H
#define ORK_CPROCESS_SPAWN_H

#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): both ends close on exec, atomically (no other thread's spawn inherits
/// them). Returns 0, or -1 with errno set.
int ork_pipe_cloexec(int fds[2]);

/// Adds "close every descriptor from `lowest` up" to spawn file actions (glibc 2.34+); returns 0, or
/// an error number when the C library cannot (the child then keeps the descriptors without
/// close-on-exec).
int ork_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

#endif
