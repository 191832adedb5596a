// System calls Swift's Glibc module leaves out: glibc declares them only under _GNU_SOURCE, which
// the module is built without. Declared here with glibc's own prototypes.
#include <unistd.h>

#ifdef __linux__
// Flushes every dirty file of the filesystem holding `fd` in one go: a build syncs its output once
// per batch of files instead of once per file (see Sources/Plenary/Write/OutputBatch.swift).
int syncfs(int fd);
#endif
