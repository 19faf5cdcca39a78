//! The verification engine shared by JSON-level and event-level checks:
//! collect every signature to check from many objects, verify them all in
//! one batch, then fill in the reports.

use mxp_canonical_json::{CanonicalJsonObject, CanonicalJsonValue};

use crate::batch::{BatchMode, SignatureBatch};
use crate::keyring::KeyRing;
use crate::keys::Signature;
use crate::report::{
    CheckOutcome, EntityReport, EntityStatus, KeyCheck, MalformedSignature, Requirement,
    SignatureReport,
};

/// The `signatures` member is not an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SignaturesNotObject;

/// Where a pending signature's outcome goes.
#[derive(Debug, Clone, Copy)]
struct Slot {
    report: usize,
    entity: usize,
    check: usize,
}

pub(crate) struct Collector<'k> {
    keys: &'k KeyRing,
    batch: SignatureBatch<'static>,
    slots: Vec<Slot>,
    reports: Vec<SignatureReport>,
}

impl<'k> Collector<'k> {
    pub(crate) fn new(keys: &'k KeyRing) -> Self {
        Self {
            keys,
            batch: SignatureBatch::new(),
            slots: Vec::new(),
            reports: Vec::new(),
        }
    }

    /// Plans the checks of `object`'s signatures over `message` (its signing
    /// input). `at`: the event's `origin_server_ts` when key validity is
    /// enforced (`EVAL-4`). Returns the index of the report in
    /// [`Self::finish`]'s output.
    pub(crate) fn add(
        &mut self,
        object: &CanonicalJsonObject,
        message: Vec<u8>,
        requirement: Requirement,
        at: Option<i64>,
    ) -> Result<usize, SignaturesNotObject> {
        let empty = CanonicalJsonObject::new();
        let signatures = match object.get("signatures") {
            None => &empty,
            Some(CanonicalJsonValue::Object(s)) => s,
            Some(_) => return Err(SignaturesNotObject),
        };
        let report_index = self.reports.len();
        let mut message = Some(message);
        let mut message_index = None;
        let mut entities = Vec::new();
        let mut plan_entity = |name: &str, value: Option<&CanonicalJsonValue>, this: &mut Self| {
            let mut report = EntityReport {
                entity: name.to_owned(),
                status: EntityStatus::NoUsableKey,
                checks: Vec::new(),
            };
            match value {
                None => report.status = EntityStatus::NotSigned,
                Some(CanonicalJsonValue::Object(by_key)) => {
                    for (key_id, value) in by_key {
                        let outcome = match this.plan_key(name, key_id, value, at) {
                            Ok((signature, key)) => {
                                let m = *message_index.get_or_insert_with(|| {
                                    this.batch.add_message(message.take().unwrap_or_default())
                                });
                                this.batch.push(m, signature, key);
                                this.slots.push(Slot {
                                    report: report_index,
                                    entity: entities.len(),
                                    check: report.checks.len(),
                                });
                                // Placeholder until the batch has run.
                                CheckOutcome::BadSignature
                            }
                            Err(outcome) => outcome,
                        };
                        report.checks.push(KeyCheck {
                            key_id: key_id.to_string(),
                            outcome,
                        });
                    }
                }
                Some(_) => report.status = EntityStatus::Malformed,
            }
            entities.push(report);
        };
        match &requirement {
            Requirement::All(required) => {
                for name in required {
                    plan_entity(name, signatures.get(name.as_str()), self);
                }
            }
            Requirement::AnyKnown => {
                for (name, value) in signatures {
                    plan_entity(name, Some(value), self);
                }
            }
        }
        self.reports.push(SignatureReport {
            requirement,
            entities,
        });
        Ok(report_index)
    }

    /// Decides what to do with one signature: verify it (the signature and
    /// key) or an outcome without verification. Order per `SIG-3`: algorithm,
    /// then key lookup, then decoding.
    fn plan_key(
        &self,
        entity: &str,
        key_id: &str,
        value: &CanonicalJsonValue,
        at: Option<i64>,
    ) -> Result<(Signature, crate::PublicKey), CheckOutcome> {
        // WF-KEY-5: the algorithm is the part before the first `:`. Key IDs
        // that do not parse are simply not understood (P1-05).
        let algorithm = key_id.split(':').next().unwrap_or_default();
        if algorithm != "ed25519" || !key_id.contains(':') {
            return Err(CheckOutcome::UnsupportedAlgorithm);
        }
        let Some(verify_key) = self.keys.get(entity, key_id) else {
            return Err(CheckOutcome::UnknownKey);
        };
        // A denied key fails whatever its validity (P1-28: fail closed).
        if self.keys.is_denied(&verify_key.key) {
            return Err(CheckOutcome::DeniedKey);
        }
        if let Some(ts) = at
            && !verify_key.validity.is_valid_at(ts)
        {
            return Err(CheckOutcome::ExpiredKey(verify_key.validity));
        }
        let CanonicalJsonValue::String(encoded) = value else {
            return Err(CheckOutcome::Malformed(MalformedSignature::NotAString));
        };
        let signature = Signature::from_base64(encoded)
            .map_err(|e| CheckOutcome::Malformed(MalformedSignature::Base64(e)))?;
        Ok((signature, verify_key.key))
    }

    /// Verifies every planned signature and returns the reports in the order
    /// they were added.
    pub(crate) fn finish(mut self, mode: BatchMode) -> Vec<SignatureReport> {
        let results = self.batch.verify(mode);
        for (i, slot) in self.slots.iter().enumerate() {
            let outcome = if results.is_valid(i) {
                CheckOutcome::Verified
            } else {
                CheckOutcome::BadSignature
            };
            if let Some(check) = self
                .reports
                .get_mut(slot.report)
                .and_then(|r| r.entities.get_mut(slot.entity))
                .and_then(|e| e.checks.get_mut(slot.check))
            {
                check.outcome = outcome;
            }
        }
        for report in &mut self.reports {
            for entity in &mut report.entities {
                entity.finish();
            }
        }
        self.reports
    }
}

/// Removes duplicates from a list of entities, keeping the first occurrence.
pub(crate) fn dedup(entities: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in entities {
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out
}
