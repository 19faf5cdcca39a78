//! Op `parse_id`: every identifier kind of `PROTOCOL.md`, answered with the
//! parts it names (a key is absent where the form has no such part).
//!
//! Fields: `kind`, `input`; optional `strict` (user IDs: `WF-UID-1` instead
//! of the lenient `WF-UID-3`, the default; key IDs: `WF-KEY-2`); optional
//! `room_version`, which restricts the form of room IDs (`WF-RID-1`/`-2`)
//! and event IDs (`WF-EID-1`/`-2`/`-3`) to the version's, and is checked to
//! be a known version for every kind.

use mxp_ids::{
    DeviceId, EventId, EventIdFormat, IdError, KeyId, MatrixId, MatrixToUri, MatrixUri, MxcUri,
    OwnedServerName, RoomAliasId, RoomId, RoomIdFormat, RoomVersionId, ServerName, UserId,
};
use mxp_room_versions::{EventIdFormat as VersionEventIds, RoomIdFormat as VersionRoomIds};
use serde_json::{Map, Value, json};

use super::{BatchError, Output, Request, RoomVersion};

/// The kinds `parse_id` knows, as listed in `PROTOCOL.md`.
pub(crate) const KINDS: [&str; 11] = [
    "user_id",
    "room_id",
    "event_id",
    "room_alias",
    "server_name",
    "device_id",
    "key_id",
    "mxc_uri",
    "matrix_uri",
    "matrix_to",
    "room_version_id",
];

pub(super) fn parse_id(req: &Request<'_>) -> Result<Output, BatchError> {
    let kind = req.str("kind")?;
    let input = req.str("input")?;
    let strict = req.opt_bool("strict")?.unwrap_or(false);
    let version = req.opt_room_version()?;
    let invalid = |e: IdError| {
        BatchError::new(
            "invalid_identifier",
            format!("invalid {}: {e}", human(&kind)),
        )
    };
    let parts = match &*kind {
        "user_id" => user_id(&input, strict).map_err(invalid)?,
        "room_id" => room_id(&input, version.as_ref())?.map_err(invalid)?,
        "event_id" => event_id(&input, version.as_ref())?.map_err(invalid)?,
        "room_alias" => room_alias(&input).map_err(invalid)?,
        "server_name" => server_name(&input).map_err(invalid)?,
        "device_id" => json!({ "device_id": DeviceId::parse(&input).map_err(invalid)?.as_str() }),
        "key_id" => key_id(&input, strict).map_err(invalid)?,
        "mxc_uri" => mxc_uri(&input).map_err(invalid)?,
        "matrix_uri" => {
            let uri = MatrixUri::parse(&input).map_err(invalid)?;
            matrix_link(
                uri.id(),
                uri.event_id(),
                uri.via(),
                uri.action().map(|a| a.as_str()),
            )
        }
        "matrix_to" => {
            let link = MatrixToUri::parse(&input).map_err(invalid)?;
            matrix_link(link.id(), link.event_id(), link.via(), None)
        }
        "room_version_id" => {
            json!({ "room_version_id": RoomVersionId::parse(&input).map_err(invalid)?.as_str() })
        }
        other => {
            return Err(BatchError::bad_request(format!(
                "unknown kind {other:?}; expected one of {}",
                KINDS.join(", ")
            )));
        }
    };
    Ok(Output::Json(parts))
}

/// A kind's name for messages.
fn human(kind: &str) -> &str {
    match kind {
        "user_id" => "user ID",
        "room_id" => "room ID",
        "event_id" => "event ID",
        "room_alias" => "room alias",
        "server_name" => "server name",
        "device_id" => "device ID",
        "key_id" => "key ID",
        "mxc_uri" => "MXC URI",
        "matrix_uri" => "matrix: URI",
        "matrix_to" => "matrix.to link",
        "room_version_id" => "room version ID",
        other => other,
    }
}

fn user_id(input: &str, strict: bool) -> Result<Value, IdError> {
    let id = if strict {
        UserId::parse_strict(input)?
    } else {
        UserId::parse(input)?
    };
    Ok(json!({
        "localpart": id.localpart(),
        "server_name": id.server_name().as_str(),
        "historical": id.is_historical(),
    }))
}

/// The room ID form of a room version (`WF-RID-1`, `WF-RID-2`).
fn room_id_format(version: &RoomVersion) -> Result<RoomIdFormat, BatchError> {
    match version.rules.room_id_format {
        VersionRoomIds::ServerNamed => Ok(RoomIdFormat::Opaque),
        VersionRoomIds::CreateEventHash => Ok(RoomIdFormat::Hash),
        _ => Err(unknown_form(version)),
    }
}

/// The event ID form of a room version (`WF-EID-1` … `WF-EID-3`).
fn event_id_format(version: &RoomVersion) -> Result<EventIdFormat, BatchError> {
    match version.rules.event_id_format {
        VersionEventIds::Opaque => Ok(EventIdFormat::Opaque),
        VersionEventIds::StandardBase64 => Ok(EventIdFormat::StandardHash),
        VersionEventIds::UrlSafeBase64 => Ok(EventIdFormat::UrlSafeHash),
        _ => Err(unknown_form(version)),
    }
}

fn unknown_form(version: &RoomVersion) -> BatchError {
    BatchError::new(
        "unsupported_room_version",
        format!(
            "room version {} uses an identifier form mxp does not know",
            version.id
        ),
    )
}

/// The outer `Result` is the request's error, the inner the identifier's.
fn room_id(
    input: &str,
    version: Option<&RoomVersion>,
) -> Result<Result<Value, IdError>, BatchError> {
    let parsed = match version {
        Some(v) => RoomId::parse_as(input, room_id_format(v)?),
        None => RoomId::parse(input),
    };
    Ok(parsed.map(|id| match (id.localpart(), id.server_name()) {
        (Some(local), Some(server)) => {
            json!({ "localpart": local, "server_name": server.as_str() })
        }
        _ => json!({ "hash": id.hash() }),
    }))
}

fn event_id(
    input: &str,
    version: Option<&RoomVersion>,
) -> Result<Result<Value, IdError>, BatchError> {
    let parsed = match version {
        Some(v) => EventId::parse_as(input, event_id_format(v)?),
        None => EventId::parse(input),
    };
    Ok(parsed.map(|id| match (id.localpart(), id.server_name()) {
        (Some(local), Some(server)) => {
            json!({ "localpart": local, "server_name": server.as_str() })
        }
        _ => json!({ "hash": id.hash() }),
    }))
}

fn room_alias(input: &str) -> Result<Value, IdError> {
    let alias = RoomAliasId::parse(input)?;
    Ok(json!({ "localpart": alias.alias(), "server_name": alias.server_name().as_str() }))
}

fn server_name(input: &str) -> Result<Value, IdError> {
    let name = ServerName::parse(input)?;
    let mut parts = Map::new();
    parts.insert("host".into(), name.host().into());
    if let Some(port) = name.port() {
        parts.insert("port".into(), port.into());
    }
    parts.insert("host_kind".into(), name.host_kind().as_str().into());
    Ok(Value::Object(parts))
}

fn key_id(input: &str, strict: bool) -> Result<Value, IdError> {
    let id = if strict {
        KeyId::parse_strict(input)?
    } else {
        KeyId::parse(input)?
    };
    Ok(json!({ "algorithm": id.algorithm_str(), "version": id.version() }))
}

fn mxc_uri(input: &str) -> Result<Value, IdError> {
    let uri = MxcUri::parse(input)?;
    Ok(json!({ "server_name": uri.server_name().as_str(), "media_id": uri.media_id() }))
}

fn matrix_link(
    id: &MatrixId,
    event_id: Option<&EventId>,
    via: &[OwnedServerName],
    action: Option<&str>,
) -> Value {
    let mut parts = Map::new();
    parts.insert("kind".into(), id.kind_str().into());
    parts.insert("id".into(), id.as_str().into());
    if let Some(event) = event_id {
        parts.insert("event_id".into(), event.as_str().into());
    }
    parts.insert(
        "via".into(),
        via.iter().map(|s| Value::from(s.as_str())).collect(),
    );
    if let Some(action) = action {
        parts.insert("action".into(), action.into());
    }
    Value::Object(parts)
}
