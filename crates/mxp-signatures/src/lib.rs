//! Matrix signing: unpadded base64, ed25519, signed JSON, content and reference hashes, event IDs, X-Matrix request signatures and server key documents.
