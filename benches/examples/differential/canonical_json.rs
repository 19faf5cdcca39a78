//! Canonical JSON of random JSON text: mxp's strict parser and encoder
//! against ruma's `CanonicalJsonValue` (serde_json) and its encoding.

use super::*;

/// Characters for strings: plain ASCII, non-ASCII in and beyond the BMP,
/// and what must or may be escaped.
const CHARS: [char; 14] = [
    'a', 'Z', '/', 'é', '€', '😀', '\u{1f}', '\u{7f}', '"', '\\', '\n', '\u{2028}', '\u{ffff}',
    '\u{e000}',
];

/// Appends a JSON string holding random characters, each written raw where
/// JSON allows it, or escaped (short escapes, `\u` escapes in either case,
/// surrogate pairs).
fn write_string(rng: &mut u64, out: &mut String) {
    out.push('"');
    for _ in 0..next(rng) % 6 {
        let c = CHARS[(next(rng) % CHARS.len() as u64) as usize];
        let must_escape = c < ' ' || c == '"' || c == '\\';
        match next(rng) % 3 {
            0 if !must_escape => out.push(c),
            1 if matches!(c, '"' | '\\' | '/' | '\n') => {
                out.push('\\');
                out.push(match c {
                    '\n' => 'n',
                    other => other,
                });
            }
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let hex = format!("{unit:04x}");
                    out.push_str("\\u");
                    if next(rng).is_multiple_of(2) {
                        out.push_str(&hex.to_uppercase());
                    } else {
                        out.push_str(&hex);
                    }
                }
            }
        }
    }
    out.push('"');
}

fn space(rng: &mut u64, out: &mut String) {
    if next(rng).is_multiple_of(4) {
        out.push_str([" ", "\n", "\t ", "\r\n"][(next(rng) % 4) as usize]);
    }
}

/// Appends a random JSON value: integers around the canonical limits,
/// strings, literals, and arrays and objects (sometimes with a repeated key).
fn write_value(rng: &mut u64, depth: u32, out: &mut String) {
    space(rng, out);
    match next(rng) % if depth > 3 { 4 } else { 6 } {
        0 => out.push_str(["null", "true", "false"][(next(rng) % 3) as usize]),
        1 => {
            const EDGES: [&str; 8] = [
                "0",
                "-0",
                "9007199254740991",
                "-9007199254740991",
                "9007199254740992",
                "1e3",
                "1.0",
                "-12",
            ];
            if next(rng).is_multiple_of(2) {
                out.push_str(EDGES[(next(rng) % EDGES.len() as u64) as usize]);
            } else {
                out.push_str(&((next(rng) % 2001) as i64 - 1000).to_string());
            }
        }
        2 | 3 => write_string(rng, out),
        4 => {
            out.push('[');
            for i in 0..next(rng) % 4 {
                if i > 0 {
                    out.push(',');
                }
                write_value(rng, depth + 1, out);
            }
            space(rng, out);
            out.push(']');
        }
        _ => {
            out.push('{');
            let mut keys: Vec<String> = Vec::new();
            for i in 0..next(rng) % 5 {
                if i > 0 {
                    out.push(',');
                }
                space(rng, out);
                let key = match keys.last() {
                    Some(k) if next(rng).is_multiple_of(8) => k.clone(),
                    _ => {
                        let mut k = String::new();
                        write_string(rng, &mut k);
                        k
                    }
                };
                out.push_str(&key);
                keys.push(key);
                space(rng, out);
                out.push(':');
                write_value(rng, depth + 1, out);
            }
            space(rng, out);
            out.push('}');
        }
    }
    space(rng, out);
}

/// Why ruma's reading of `text` differs from mxp's, when a known reason does.
fn known_cause(text: &str, mxp_error: Option<&str>) -> Option<&'static str> {
    match mxp_error {
        // P1-14: mxp rejects a repeated key; serde_json keeps the last value.
        Some(e) if e.contains("duplicate") => {
            Some("repeated key: mxp rejects (P1-14), ruma keeps the last")
        }
        // CJ-3: canonical JSON writes zero as `0`; mxp's strict parser
        // refuses `-0`, serde_json reads it as 0.
        Some(e) if e.starts_with("-0 ") => {
            Some("-0: mxp's strict parser refuses it (CJ-3), ruma reads 0")
        }
        // CJ-3: mxp's strict parser refuses what canonical JSON cannot
        // express: `1e3`, `1.0`, and integers beyond ±(2^53 − 1).
        Some(_)
            if text.contains("1e3")
                || text.contains("1.0")
                || text.contains("9007199254740992") =>
        {
            Some("number canonical JSON cannot express (CJ-3)")
        }
        _ => None,
    }
}

pub(super) fn canonical_json_cases(cases: u64, seed: u64) {
    use mxp::canonical_json::{ParseOptions, parse_value, to_canonical_string};
    let mut rng = seed;
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut examples: BTreeMap<String, String> = BTreeMap::new();
    for case in 0..cases {
        let mut text = String::new();
        write_value(&mut rng, 0, &mut text);
        let mxp = parse_value(text.as_bytes(), &ParseOptions::strict())
            .map_err(|e| e.to_string())
            .and_then(|v| to_canonical_string(&v).map_err(|e| e.to_string()));
        let ruma = serde_json::from_str::<ruma_common::CanonicalJsonValue>(&text)
            .map_err(|e| e.to_string())
            .and_then(|v| serde_json::to_string(&v).map_err(|e| e.to_string()));
        let outcome = match (&mxp, &ruma) {
            (Ok(a), Ok(b)) if a == b => "both accept, same encoding".to_owned(),
            (Ok(_), Ok(_)) => "both accept, DIFFERENT ENCODING".to_owned(),
            (Err(_), Err(_)) => "both reject".to_owned(),
            (Ok(_), Err(_)) => "only ruma rejects: UNEXPLAINED".to_owned(),
            (Err(e), Ok(_)) => match known_cause(&text, Some(e)) {
                Some(cause) => format!("only mxp rejects: {cause}"),
                None => "only mxp rejects: UNEXPLAINED".to_owned(),
            },
        };
        *counts.entry(outcome.clone()).or_insert(0) += 1;
        if outcome.contains("DIFFERENT") || outcome.contains("UNEXPLAINED") {
            examples.entry(outcome).or_insert(format!(
                "case {case}: {text:?}\n    mxp  {mxp:?}\n    ruma {ruma:?}"
            ));
        }
    }
    println!("canonical JSON, seed {seed}, {cases} texts");
    for (outcome, n) in &counts {
        println!("{n:>9}  {outcome}");
        if let Some(e) = examples.get(outcome) {
            println!("           e.g. {e}");
        }
    }
}
