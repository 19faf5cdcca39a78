//! What a signature check found, per entity and key (`SIG-3`, `EVAL-3`).

use crate::base64::Base64Error;
use crate::keyring::KeyValidity;

/// The outcome of one signature (one entity, one key ID).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckOutcome {
    /// Checked with a known key: valid.
    Verified,
    /// Checked with a known key: does not verify (`SIG-3` step 7).
    BadSignature,
    /// The value is not a signature: not a string, or not unpadded base64 of
    /// 64 bytes (`SIG-3` step 4). Counts as a failure.
    Malformed(MalformedSignature),
    /// The key is on the caller's deny-list (P1-28). Counts as a failure.
    DeniedKey,
    /// Skipped: the key ID's algorithm is not `ed25519` (`SIG-3` step 2,
    /// `WF-KEY-5`).
    UnsupportedAlgorithm,
    /// Skipped: no key with this ID is known (`SIG-3` step 3, `EVAL-3`,
    /// P1-23). This includes the Policy Server's unpublished key.
    UnknownKey,
    /// Skipped: the key is known but was not valid at the event's
    /// `origin_server_ts` (`EVAL-3`, `EVAL-4`; room versions 5+ only).
    ExpiredKey(KeyValidity),
}

impl CheckOutcome {
    /// Whether the signature was actually verified with a key (successfully
    /// or not). Skipped signatures were not.
    pub fn was_checked(&self) -> bool {
        matches!(self, Self::Verified | Self::BadSignature)
    }

    /// Whether this outcome makes its entity fail.
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            Self::BadSignature | Self::Malformed(_) | Self::DeniedKey
        )
    }
}

/// Why a signature value is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MalformedSignature {
    /// The value under the key ID is not a string.
    #[error("signature is not a string")]
    NotAString,
    /// Not unpadded base64 of 64 bytes.
    #[error("signature is not base64 of 64 bytes: {0}")]
    Base64(#[from] Base64Error),
}

/// One signature in a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCheck {
    /// The key ID, as written in `signatures`.
    pub key_id: String,
    /// What happened to it.
    pub outcome: CheckOutcome,
}

/// The verdict for one entity (a server, or a user for end-to-end keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EntityStatus {
    /// At least one signature verified and none failed.
    Verified {
        /// How many signatures were verified.
        checked: usize,
    },
    /// `signatures` has no entry for the entity (`SIG-3` step 1).
    NotSigned,
    /// The entity signed, but no signature could be checked: unsupported
    /// algorithms, unknown or expired keys only (`SIG-3` steps 2–3, P1-22,
    /// P1-23). Never valid: zero signatures checked.
    NoUsableKey,
    /// At least one signature that had to verify failed.
    Failed,
    /// The entity's entry in `signatures` is not an object.
    Malformed,
}

/// The signatures of one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityReport {
    /// The entity (server name or user ID), as written in `signatures`.
    pub entity: String,
    /// Whether the entity's signature holds.
    pub status: EntityStatus,
    /// Every signature of the entity, in key ID order.
    pub checks: Vec<KeyCheck>,
}

impl EntityReport {
    pub(crate) fn finish(&mut self) {
        if self.status == EntityStatus::Malformed || self.status == EntityStatus::NotSigned {
            return;
        }
        let checked = self
            .checks
            .iter()
            .filter(|c| c.outcome == CheckOutcome::Verified)
            .count();
        self.status = if self.checks.iter().any(|c| c.outcome.is_failure()) {
            EntityStatus::Failed
        } else if checked > 0 {
            EntityStatus::Verified { checked }
        } else {
            EntityStatus::NoUsableKey
        };
    }
}

/// Which entities a report needs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Requirement {
    /// Every one of these entities must have a verified signature.
    All(Vec<String>),
    /// At least one entity present in `signatures` must have a verified
    /// signature, and none whose signatures were checked may fail. Used for
    /// third-party invites, which the server that sends them signs, whoever
    /// the sender is (`EVAL-2`).
    AnyKnown,
}

/// The result of checking the signatures of one object.
///
/// It lists every signature of the entities it covers with its
/// [`CheckOutcome`], and says whether the object is validly signed:
/// [`is_valid`](Self::is_valid) is never true when zero signatures were
/// checked (P1-22).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureReport {
    pub(crate) requirement: Requirement,
    pub(crate) entities: Vec<EntityReport>,
}

impl SignatureReport {
    /// Whether the object is validly signed: every required entity is
    /// [`EntityStatus::Verified`] (for [`Requirement::AnyKnown`]: at least one
    /// is, and no checked one failed).
    pub fn is_valid(&self) -> bool {
        match &self.requirement {
            Requirement::All(required) => {
                !required.is_empty()
                    && self.entities.len() == required.len()
                    && self
                        .entities
                        .iter()
                        .all(|e| matches!(e.status, EntityStatus::Verified { .. }))
            }
            Requirement::AnyKnown => {
                self.entities
                    .iter()
                    .any(|e| matches!(e.status, EntityStatus::Verified { .. }))
                    && !self
                        .entities
                        .iter()
                        .any(|e| matches!(e.status, EntityStatus::Failed | EntityStatus::Malformed))
            }
        }
    }

    /// What the report required.
    pub fn requirement(&self) -> &Requirement {
        &self.requirement
    }

    /// One report per entity covered.
    pub fn entities(&self) -> &[EntityReport] {
        &self.entities
    }

    /// The report for one entity, if covered.
    pub fn entity(&self, entity: &str) -> Option<&EntityReport> {
        self.entities.iter().find(|e| e.entity == entity)
    }

    /// How many signatures were verified with a key (successfully or not).
    pub fn checked(&self) -> usize {
        self.entities
            .iter()
            .flat_map(|e| &e.checks)
            .filter(|c| c.outcome.was_checked())
            .count()
    }

    /// Every signature that failed: `(entity, key ID, outcome)`.
    pub fn failures(&self) -> impl Iterator<Item = (&str, &str, &CheckOutcome)> {
        self.entities.iter().flat_map(|e| {
            e.checks
                .iter()
                .filter(|c| c.outcome.is_failure())
                .map(move |c| (e.entity.as_str(), c.key_id.as_str(), &c.outcome))
        })
    }

    /// Every signature that was skipped (unsupported algorithm, unknown or
    /// expired key): `(entity, key ID, outcome)`.
    pub fn skipped(&self) -> impl Iterator<Item = (&str, &str, &CheckOutcome)> {
        self.entities.iter().flat_map(|e| {
            e.checks
                .iter()
                .filter(|c| !c.outcome.was_checked() && !c.outcome.is_failure())
                .map(move |c| (e.entity.as_str(), c.key_id.as_str(), &c.outcome))
        })
    }
}
