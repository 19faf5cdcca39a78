//! The `mxp` command: `mxp batch`, `mxp id <string>`, `mxp --help`.

use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["batch"] => {
            let stdin = io::stdin().lock();
            let stdout = io::BufWriter::new(io::stdout().lock());
            match mxp_cli::run_batch(stdin, stdout) {
                Ok(()) => ExitCode::SUCCESS,
                // A closed stdout (e.g. `mxp batch | head`) is a normal end.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("mxp batch: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        ["id", input] => {
            let report = mxp_cli::describe_id(input);
            print(&report.text);
            if report.valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        ["help" | "-h" | "--help"] => {
            print(mxp_cli::USAGE);
            ExitCode::SUCCESS
        }
        ["version" | "-V" | "--version"] => {
            print(&format!("mxp {}\n", env!("CARGO_PKG_VERSION")));
            ExitCode::SUCCESS
        }
        [] => {
            let _ = write!(
                io::stderr(),
                "mxp: a command is required\n\n{}",
                mxp_cli::USAGE
            );
            ExitCode::from(2)
        }
        _ => {
            let _ = write!(
                io::stderr(),
                "mxp: unknown arguments {args:?}\n\n{}",
                mxp_cli::USAGE
            );
            ExitCode::from(2)
        }
    }
}

/// Prints to stdout, ignoring a closed pipe.
fn print(text: &str) {
    let _ = io::stdout().lock().write_all(text.as_bytes());
}
