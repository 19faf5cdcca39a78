//! Redaction of Matrix PDUs for every room version.
