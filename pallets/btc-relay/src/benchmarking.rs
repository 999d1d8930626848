//! Benchmarks of every call at the worst case within the bounds.
