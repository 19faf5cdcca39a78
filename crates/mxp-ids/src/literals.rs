//! Compile-time checked identifier literals.
//!
//! Each macro validates a string literal with the kind's `const fn` parser
//! and fails compilation if it is invalid; the result is a `&'static` borrowed
//! identifier, so there is no runtime cost and no `unwrap`.

/// Declares one literal macro.
macro_rules! literal_macro {
    ($(#[$meta:meta])* $name:ident, $ty:ident) => {
        $(#[$meta])*
        #[macro_export]
        macro_rules! $name {
            ($s:literal) => {
                const {
                    match $crate::$ty::parse($s) {
                        ::core::result::Result::Ok(id) => id,
                        // Evaluated in a `const` block, so this never panics at
                        // run time: an invalid literal is a compile error. The
                        // compiler shows the literal; the message says why.
                        ::core::result::Result::Err(e) => ::core::panic!("{}", e.summary()),
                    }
                }
            };
        }
    };
}

literal_macro!(
    /// A [`UserId`](crate::UserId) literal checked at compile time with the
    /// lenient grammar (`WF-UID-3`).
    ///
    /// ```
    /// let alice: &mxp_ids::UserId = mxp_ids::user_id!("@alice:example.org");
    /// assert_eq!(alice.localpart(), "alice");
    /// ```
    ///
    /// ```compile_fail,E0080
    /// let bad = mxp_ids::user_id!("alice");
    /// ```
    user_id,
    UserId
);

literal_macro!(
    /// A [`RoomId`](crate::RoomId) literal checked at compile time.
    ///
    /// ```
    /// let room = mxp_ids::room_id!("!abc:example.org");
    /// assert!(!room.is_hash_form());
    /// ```
    ///
    /// ```compile_fail,E0080
    /// let bad = mxp_ids::room_id!("!abc");
    /// ```
    room_id,
    RoomId
);

literal_macro!(
    /// An [`EventId`](crate::EventId) literal checked at compile time.
    ///
    /// ```
    /// let id = mxp_ids::event_id!("$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg");
    /// assert!(id.hash().is_some());
    /// ```
    ///
    /// ```compile_fail,E0080
    /// let bad = mxp_ids::event_id!("$short");
    /// ```
    event_id,
    EventId
);

literal_macro!(
    /// A [`RoomAliasId`](crate::RoomAliasId) literal checked at compile time.
    ///
    /// ```
    /// let alias = mxp_ids::room_alias_id!("#room:example.org");
    /// assert_eq!(alias.alias(), "room");
    /// ```
    ///
    /// ```compile_fail,E0080
    /// let bad = mxp_ids::room_alias_id!("#room");
    /// ```
    room_alias_id,
    RoomAliasId
);

literal_macro!(
    /// A [`ServerName`](crate::ServerName) literal checked at compile time.
    ///
    /// ```
    /// let name = mxp_ids::server_name!("example.org:8448");
    /// assert_eq!(name.port(), Some(8448));
    /// ```
    ///
    /// ```compile_fail,E0080
    /// let bad = mxp_ids::server_name!("example.org:0");
    /// ```
    server_name,
    ServerName
);

literal_macro!(
    /// A [`DeviceId`](crate::DeviceId) literal checked at compile time.
    ///
    /// ```
    /// let device = mxp_ids::device_id!("ABCDEFGHIJ");
    /// assert_eq!(device.as_str(), "ABCDEFGHIJ");
    /// ```
    ///
    /// ```compile_fail,E0080
    /// let bad = mxp_ids::device_id!("has space");
    /// ```
    device_id,
    DeviceId
);

literal_macro!(
    /// A [`KeyId`](crate::KeyId) literal checked at compile time (lenient
    /// grammar, `WF-KEY-1`).
    ///
    /// ```
    /// let key = mxp_ids::key_id!("ed25519:abc123");
    /// assert_eq!(key.version(), "abc123");
    /// ```
    ///
    /// ```compile_fail,E0080
    /// let bad = mxp_ids::key_id!("ed25519");
    /// ```
    key_id,
    KeyId
);

literal_macro!(
    /// A [`RoomVersionId`](crate::RoomVersionId) literal checked at compile time.
    ///
    /// ```
    /// let v = mxp_ids::room_version_id!("org.matrix.hydra.11");
    /// assert_eq!(v.as_str(), "org.matrix.hydra.11");
    /// ```
    ///
    /// ```compile_fail,E0080
    /// let bad = mxp_ids::room_version_id!("V1");
    /// ```
    room_version_id,
    RoomVersionId
);

literal_macro!(
    /// An [`MxcUri`](crate::MxcUri) literal checked at compile time.
    ///
    /// ```
    /// let uri = mxp_ids::mxc_uri!("mxc://example.org/abc_DEF-123");
    /// assert_eq!(uri.media_id(), "abc_DEF-123");
    /// ```
    ///
    /// ```compile_fail,E0080
    /// let bad = mxp_ids::mxc_uri!("mxc://127.0.0.1/../../etc/passwd");
    /// ```
    mxc_uri,
    MxcUri
);
