//! Shared fixtures for the mxp benchmarks.

/// A typical `m.room.message` PDU of room version 11 (about 1.4 KB as compact
/// JSON): 3 auth events, 1 prev event, an HTML body, `unsigned` and a legacy
/// `origin`. Its `hashes` and `signatures` are well-formed placeholders, not
/// valid for its content.
pub fn typical_message_pdu_json() -> String {
    serde_json::json!({
        "auth_events": [
            "$Dm0ym0rBDZsKgkaMwYk2Zc6NkRzf7iqDZgO0GsF6i5o",
            "$oG7CaWDS1Ie7A_g-4Mmq2DAe7pZ4OL0k6ZXVY4rlSeQ",
            "$hGhTq2-KQH0EhRbTY7JMnPTnBVRYqIrjAZnpyyBq-Zw"
        ],
        "content": {
            "body": "Hi Bob, here is the plan for **Thursday**:\n\n * review the `state_res` changes\n * benchmark the receive path\n * ship *room version 12* support\n\n> Make it work, make it right, make it fast.\n\nNotes are in [the doc](https://example.org/notes).",
            "format": "org.matrix.custom.html",
            "formatted_body": "<p>Hi <a href=\"https://matrix.to/#/@bob:example.org\">Bob</a>, here is the plan for <strong>Thursday</strong>:</p><ul><li>review the <code>state_res</code> changes</li><li>benchmark the receive path</li><li>ship <em>room version 12</em> support</li></ul><blockquote><p>Make it work, make it right, make it fast.</p></blockquote><p>Notes are in <a href=\"https://example.org/notes\">the doc</a>.</p>",
            "m.mentions": {"user_ids": ["@bob:example.org"]},
            "msgtype": "m.text"
        },
        "depth": 4242,
        "hashes": {"sha256": "thh7HyPMKGMVgmK3Da+GWgeMGMtRwvvCqVYPHtZn6Ec"},
        "origin": "example.org",
        "origin_server_ts": 1_754_000_000_000i64,
        "prev_events": ["$Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ"],
        "room_id": "!jEsUZKDJdhlrceRyVU:example.org",
        "sender": "@alice:example.org",
        "signatures": {
            "example.org": {
                "ed25519:a_JaEG": "Wm+VzmOUOz08Ds+0NTWb1d4CZrVsJSikkeRxh6aCcUwu6pNC78FunoD7KNWzqFn241eYHYMGCA5McEiVPdhzBA"
            }
        },
        "type": "m.room.message",
        "unsigned": {"age_ts": 1_754_000_000_000i64}
    })
    .to_string()
}

// Side-by-side comparison with ruma (benches/ruma_*.rs).
pub mod ruma_alloc;
pub mod ruma_cputime;
pub mod ruma_fixtures;
pub mod ruma_pdu;
pub mod ruma_report;
