//! Matrix state resolution v1, v2 and v2.1, fast and deterministic.
