//! The `mxp` command.

fn main() {}
