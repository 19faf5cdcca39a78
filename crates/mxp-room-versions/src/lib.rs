//! The rules of Matrix room versions 1 to 12, as constant data.
