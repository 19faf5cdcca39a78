//! Shared fixtures for the mxp benchmarks.
