//! Login tokens shaped like CHORUS's (`pkg/authentication/service/authentication-service.go`
//! `createJWTToken`, claims of `internal/jwt/model/jwt.go`): `header.payload.signature`, each
//! base64url without padding; the payload carries `id`, `tenantId`, `firstName`, `lastName`,
//! `username`, `email`, `source`, `forClient`, `roles` (name and context; CHORUS's issuer
//! leaves it null and packs the roles in `r`, its parser reads both), `r`, `exp` and `iat`.
//! The server keeps every token it issued; the signature is a keyed hash (not HMAC: nobody but
//! this server checks it).

use std::collections::BTreeMap;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

/// Defaults of `--token-ttl-secs` and `--max-refresh-secs`.
pub const DEFAULT_TTL_SECS: f64 = 3600.0;
pub const DEFAULT_MAX_REFRESH_SECS: f64 = 43_200.0;

/// How long a token lives, and how long after the first login a token may be refreshed.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenTimes {
    pub ttl_secs: f64,
    pub max_refresh_secs: f64,
}

impl Default for TokenTimes {
    fn default() -> Self {
        TokenTimes {
            ttl_secs: DEFAULT_TTL_SECS,
            max_refresh_secs: DEFAULT_MAX_REFRESH_SECS,
        }
    }
}

/// Wall-clock seconds since the epoch.
pub fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding (RFC 4648 §5), as JWTs use.
pub fn b64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// The role of a token's `roles` claim.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimRole<'a> {
    pub name: &'a str,
    pub context: &'a BTreeMap<String, String>,
}

/// The payload of a token.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Claims<'a> {
    pub id: u64,
    pub tenant_id: u64,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub roles: Vec<ClaimRole<'a>>,
    /// The roles as CHORUS's issuer packs them: JSON, gzipped, standard base64.
    pub r: String,
    pub username: &'a str,
    pub email: &'a str,
    pub for_client: &'a str,
    pub source: &'a str,
    pub exp: i64,
    pub iat: i64,
}

/// `header.payload.signature`; `key` makes the signature this server's.
pub fn encode(claims: &Claims, key: u64) -> String {
    let header = b64url(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = b64url(&serde_json::to_vec(claims).unwrap_or_default());
    let signed = format!("{header}.{payload}");
    let h = BuildHasherDefault::<DefaultHasher>::default();
    let a = h.hash_one((key, &signed));
    let b = h.hash_one((&signed, key.rotate_left(17)));
    let c = h.hash_one((a, b, key));
    let d = h.hash_one((c, &signed));
    let mut sig = Vec::with_capacity(32);
    for w in [a, b, c, d] {
        sig.extend_from_slice(&w.to_be_bytes());
    }
    format!("{signed}.{}", b64url(&sig))
}

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn b64std(bytes: &[u8]) -> String {
    let url = b64url(bytes);
    let mut out: String = url
        .bytes()
        .map(|b| match b {
            b'-' => '+',
            b'_' => '/',
            b => b as char,
        })
        .collect();
    while !out.len().is_multiple_of(4) {
        out.push('=');
    }
    debug_assert!(out.bytes().all(|b| STD.contains(&b) || b == b'='));
    out
}

/// CRC-32 (IEEE), as gzip's trailer needs.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A gzip stream of `data` in stored (uncompressed) deflate blocks: what `gunzip` reads.
pub fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let mut chunks = data.chunks(65_535).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(chunk) = chunks.next() {
        let last = u8::from(chunks.peek().is_none());
        let len = chunk.len() as u16;
        out.push(last);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// `r`: the roles JSON, gzipped, in standard base64.
pub fn packed_roles(roles: &[ClaimRole]) -> String {
    b64std(&gzip_stored(&serde_json::to_vec(roles).unwrap_or_default()))
}
