//! mxp against ruma on event-level work (issue 4): filled in once the
//! event-level API of mxp-signatures is on main.

fn main() {}
