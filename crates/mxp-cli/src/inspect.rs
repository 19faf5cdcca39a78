//! `mxp id <string>`: tells a person what kind of Matrix identifier a string
//! is, its parts, and why it is invalid if it is.

use std::fmt::Write;

use mxp_ids::{
    DeviceId, EventId, EventIdFormat, HostKind, IdError, KeyId, MatrixId, MatrixToUri, MatrixUri,
    MxcUri, OwnedServerName, RoomAliasId, RoomId, RoomVersionId, ServerName, UserId,
};

/// The answer of `mxp id`: a report for people, and whether the string is a
/// valid identifier of some kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdReport {
    /// Whether at least one kind accepts the string.
    pub valid: bool,
    /// Human-readable report, several lines, ending with a newline.
    pub text: String,
}

/// Describes `input` as a Matrix identifier.
///
/// The sigil or scheme decides the kind (`@` user, `!` room, `$` event, `#`
/// alias, `mxc://`, `matrix:`, `https://matrix.to/`); other strings are
/// tried as server name, room version, key ID and device ID.
///
/// ```
/// let report = mxp_cli::describe_id("@Alice:example.org");
/// assert!(report.valid);
/// assert!(report.text.contains("historical"));
/// let report = mxp_cli::describe_id("@alice:example.org:99999");
/// assert!(!report.valid);
/// assert!(report.text.contains("port 99999 is out of range"));
/// ```
pub fn describe_id(input: &str) -> IdReport {
    let mut out = Report::default();
    let _ = writeln!(out.text, "{input:?}");
    match input.as_bytes().first() {
        Some(b'@') => user_id(&mut out, input),
        Some(b'!') => room_id(&mut out, input),
        Some(b'$') => event_id(&mut out, input),
        Some(b'#') => room_alias(&mut out, input),
        Some(b'+') => out.invalid("group ID", "group IDs (`+`) are no longer part of the spec"),
        _ if input.starts_with("mxc:") => mxc_uri(&mut out, input),
        _ if input.starts_with("matrix:") => matrix_uri(&mut out, input),
        _ if input.starts_with("https://matrix.to/") => matrix_to(&mut out, input),
        _ => unsigilled(&mut out, input),
    }
    IdReport {
        valid: out.valid,
        text: out.text,
    }
}

#[derive(Default)]
struct Report {
    valid: bool,
    text: String,
}

impl Report {
    fn kind(&mut self, kind: &str, note: &str) {
        self.valid = true;
        if note.is_empty() {
            let _ = writeln!(self.text, "  valid {kind}");
        } else {
            let _ = writeln!(self.text, "  valid {kind} ({note})");
        }
    }

    fn part(&mut self, name: &str, value: impl std::fmt::Display) {
        let _ = writeln!(self.text, "    {:<13} {value}", format!("{name}:"));
    }

    fn invalid(&mut self, kind: &str, why: impl std::fmt::Display) {
        let _ = writeln!(self.text, "  not a valid {kind}: {why}");
    }

    fn server(&mut self, name: &ServerName) {
        let kind = match name.host_kind() {
            HostKind::Ipv4 => "IPv4 address",
            HostKind::Ipv6 => "IPv6 address",
            _ => "DNS name",
        };
        match name.port() {
            Some(p) => self.part(
                "server name",
                format_args!("{name} (host {}, {kind}, port {p})", name.host()),
            ),
            None => self.part("server name", format_args!("{name} ({kind}, no port)")),
        }
        if !name.is_valid_hostname() {
            self.part(
                "note",
                "the host breaks the usual hostname rules (empty label, leading or trailing \
                 `-`, label over 63 characters); the grammar allows it (WF-SN-4)",
            );
        }
    }
}

fn user_id(out: &mut Report, input: &str) {
    match UserId::parse(input) {
        Ok(id) => {
            let strict = UserId::parse_strict(input);
            let note = match strict {
                Ok(_) => "current grammar, WF-UID-1",
                Err(_) => "historical localpart, accepted leniently under WF-UID-3",
            };
            out.kind("user ID", note);
            out.part("localpart", format_args!("{:?}", id.localpart()));
            out.server(id.server_name());
            if let Err(e) = strict {
                out.part(
                    "strict",
                    format_args!("not valid for a new ID (WF-UID-1): {e}"),
                );
                if !id.is_compliant() {
                    out.part(
                        "note",
                        "empty or outside U+0021–U+007E: non-compliant, not to be sent to \
                         clients outside an event",
                    );
                }
            }
        }
        Err(e) => out.invalid("user ID", e),
    }
}

fn room_id(out: &mut Report, input: &str) {
    match RoomId::parse(input) {
        Ok(id) => match (id.localpart(), id.server_name(), id.hash()) {
            (Some(local), Some(server), _) => {
                out.kind("room ID", "`!opaque:server_name` form, room versions 1–11");
                out.part("localpart", format_args!("{local:?}"));
                out.server(server);
            }
            (_, _, Some(hash)) => {
                out.kind("room ID", "create event hash form, room version 12");
                out.part("hash", hash);
                if let Some(create) = id.create_event_id() {
                    out.part("create event", create);
                }
            }
            _ => {}
        },
        Err(e) => out.invalid("room ID", e),
    }
}

fn event_id(out: &mut Report, input: &str) {
    match EventId::parse(input) {
        Ok(id) => {
            if let (Some(local), Some(server)) = (id.localpart(), id.server_name()) {
                out.kind("event ID", "`$opaque:server_name` form, room versions 1–2");
                out.part("localpart", format_args!("{local:?}"));
                out.server(server);
                return;
            }
            let standard = id.matches_format(EventIdFormat::StandardHash);
            let url_safe = id.matches_format(EventIdFormat::UrlSafeHash);
            let note = match (standard, url_safe) {
                (true, true) => {
                    "reference hash; only characters common to both base64 alphabets, so \
                     valid in room version 3 and in 4+"
                }
                (true, false) => "reference hash, standard base64: room version 3",
                _ => "reference hash, URL-safe base64: room versions 4+",
            };
            out.kind("event ID", note);
            out.part("hash", id.hash().unwrap_or(""));
            if let Some(room) = id.to_room_id() {
                out.part(
                    "as room ID",
                    format_args!("{room} (if this is a v12 create event)"),
                );
            }
        }
        Err(e) => out.invalid("event ID", e),
    }
}

fn room_alias(out: &mut Report, input: &str) {
    match RoomAliasId::parse(input) {
        Ok(alias) => {
            out.kind("room alias", "");
            out.part("localpart", format_args!("{:?}", alias.alias()));
            out.server(alias.server_name());
        }
        Err(e) => out.invalid("room alias", e),
    }
}

fn mxc_uri(out: &mut Report, input: &str) {
    match MxcUri::parse(input) {
        Ok(uri) => {
            out.kind("MXC content URI", "");
            out.server(uri.server_name());
            out.part("media ID", uri.media_id());
        }
        Err(e) => out.invalid("MXC URI", e),
    }
}

fn link_parts(
    out: &mut Report,
    id: &MatrixId,
    event: Option<&EventId>,
    via: &[OwnedServerName],
    action: Option<&str>,
) {
    let kind = match id {
        MatrixId::User(_) => "user",
        MatrixId::RoomAlias(_) => "room alias",
        _ => "room ID",
    };
    out.part("points to", format_args!("{kind} {id}"));
    if let Some(event) = event {
        out.part("event", event);
    }
    if !via.is_empty() {
        let list: Vec<&str> = via.iter().map(|s| s.as_str()).collect();
        out.part("via", list.join(", "));
    }
    if let Some(action) = action {
        out.part("action", action);
    }
}

fn matrix_uri(out: &mut Report, input: &str) {
    match MatrixUri::parse(input) {
        Ok(uri) => {
            out.kind("matrix: URI", "");
            link_parts(
                out,
                uri.id(),
                uri.event_id(),
                uri.via(),
                uri.action().map(|a| a.as_str()),
            );
            let link = MatrixToUri::from(&uri);
            out.part("matrix.to", link);
        }
        Err(e) => out.invalid("matrix: URI", e),
    }
}

fn matrix_to(out: &mut Report, input: &str) {
    match MatrixToUri::parse(input) {
        Ok(link) => {
            out.kind("matrix.to link", "");
            link_parts(out, link.id(), link.event_id(), link.via(), None);
            out.part("matrix: URI", MatrixUri::from(link));
        }
        Err(e) => out.invalid("matrix.to link", e),
    }
}

/// Strings without a sigil: every kind that accepts them.
fn unsigilled(out: &mut Report, input: &str) {
    let mut errors: Vec<(&str, IdError)> = Vec::new();
    match ServerName::parse(input) {
        Ok(name) => {
            out.kind("server name", "");
            out.server(name);
        }
        Err(e) => errors.push(("server name", e)),
    }
    match RoomVersionId::parse(input) {
        Ok(v) => {
            let note = if v.is_spec_reserved() {
                "digits and dots: reserved for versions the spec defines"
            } else {
                "custom version"
            };
            out.kind("room version", note);
        }
        Err(e) => errors.push(("room version", e)),
    }
    match KeyId::parse(input) {
        Ok(key) => {
            let note = if KeyId::parse_strict(input).is_ok() {
                "server key grammar, WF-KEY-2"
            } else {
                "lenient: its version breaks the server key grammar of WF-KEY-2"
            };
            out.kind("key ID", note);
            out.part("algorithm", key.algorithm_str());
            out.part("version", key.version());
        }
        Err(e) => errors.push(("key ID", e)),
    }
    match DeviceId::parse(input) {
        Ok(_) => out.kind("device ID", ""),
        Err(e) => errors.push(("device ID", e)),
    }
    if !out.valid {
        let _ = writeln!(
            out.text,
            "  no sigil (`@`, `!`, `$`, `#`) or URI scheme, and no other kind accepts it:"
        );
        for (kind, e) in errors {
            out.invalid(kind, e);
        }
    }
}
