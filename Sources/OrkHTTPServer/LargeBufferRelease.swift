import CMallocTuning

/// Request bodies go back to the system when they are freed. glibc serves an allocation of
/// 128 KiB or more from its own mapping, but after the first such mapping is freed it raises that
/// threshold (up to 32 MiB), and from then on large bodies come from its arenas and stay resident
/// after they are freed: eight 3.5 MiB reviews left the gateway up to 80 MiB larger, at random.
/// Fixed at 1 MiB, every body that large is unmapped when its request ends. Process-wide; every
/// listener applies it once (`GuardedListener`).
package enum LargeBufferRelease {
    package static let threshold: Int32 = 1 << 20

    /// Applied on first use; true when the C library took the setting (glibc).
    package static let applied: Bool = ork_fix_mmap_threshold(threshold) == 1
}
