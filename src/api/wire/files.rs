//! The workspace file service on the wire (api.md, "Workspace file service"): stores, entries,
//! an upload's plan and a part's receipt, mapped to [`crate::domain::files`].
use serde::{Deserialize, Deserializer, Serialize};

use super::common::Fields;
use crate::domain::files::{Entry, Store, StoreStatus};

/// `WorkspaceFileStoreInfo`.
#[derive(Clone, Debug)]
pub struct StoreDto(pub Store);

impl<'de> Deserialize<'de> for StoreDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self(Store {
            name: f.string(&["name"]),
            kind: f.string(&["type"]),
            description: f.string(&["description"]),
            status: StoreStatus::parse(&f.string(&["status"])),
        }))
    }
}

#[derive(Clone, Debug, Default)]
pub struct StoresResult {
    pub stores: Vec<StoreDto>,
}

impl<'de> Deserialize<'de> for StoresResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            stores: Fields::of(d)?.or_default("stores")?,
        })
    }
}

/// `WorkspaceFile` (without `content`: the console never asks for it, and CHORUS's REST reply
/// has none).
#[derive(Clone, Debug)]
pub struct FileDto(pub Entry);

impl<'de> Deserialize<'de> for FileDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        let path = f.string(&["path"]);
        let is_folder = f.bool(&["isDirectory"]) || path.ends_with('/');
        let mut name = f.string(&["name"]);
        if name.is_empty() {
            name = path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned();
        }
        Ok(Self(Entry {
            path,
            name,
            is_folder,
            size: f.opt_i64(&["size"]).map_or(0, |s| s.max(0) as u64),
            mime_type: f.string(&["mimeType"]),
            updated_at: f.string(&["updatedAt"]),
        }))
    }
}

#[derive(Clone, Debug, Default)]
pub struct FilesResult {
    pub files: Vec<FileDto>,
}

impl<'de> Deserialize<'de> for FilesResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            files: Fields::of(d)?.or_default("files")?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct FileResult {
    pub file: FileDto,
}

impl<'de> Deserialize<'de> for FileResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            file: Fields::of(d)?.required("file")?,
        })
    }
}

/// The reply of `InitiateWorkspaceFileUpload`.
#[derive(Clone, Debug, Default)]
pub struct InitiateResult {
    pub upload_id: String,
    pub part_size: u64,
    pub total_parts: u64,
}

impl<'de> Deserialize<'de> for InitiateResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            upload_id: f.string(&["uploadId"]),
            part_size: f.opt_i64(&["partSize"]).map_or(0, |s| s.max(0) as u64),
            total_parts: f.opt_i64(&["totalParts"]).map_or(0, |s| s.max(0) as u64),
        })
    }
}

/// A part's receipt (`{"part": {"partNumber", "etag"}}`).
#[derive(Clone, Debug, Default)]
pub struct PartDto {
    pub part_number: u64,
    pub etag: String,
}

impl<'de> Deserialize<'de> for PartDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            part_number: f.opt_i64(&["partNumber"]).map_or(0, |s| s.max(0) as u64),
            etag: f.string(&["etag"]),
        })
    }
}

#[derive(Clone, Debug)]
pub struct PartResult {
    pub part: PartDto,
}

impl<'de> Deserialize<'de> for PartResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            part: Fields::of(d)?.required("part")?,
        })
    }
}

/// Body of `CreateWorkspaceFile` for a folder, and of `UpdateWorkspaceFile` (a rename).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPath<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub is_directory: bool,
}

/// Body of `CreateWorkspaceFile` for an empty file (CHORUS cannot start an upload of 0 bytes).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmptyFile<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub mime_type: &'a str,
    pub content: &'a str,
}

/// Body of `InitiateWorkspaceFileUpload` (`size` as a string: a `uint64`).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Initiate<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub size: String,
    pub mime_type: &'a str,
}

/// One item of `CompleteWorkspaceFileUpload`'s bare array.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompletedPart {
    pub part_number: String,
    pub etag: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_chorus_0978bc77_answered_decodes() {
        let stores: super::super::common::Envelope<StoresResult> = serde_json::from_str(
            r#"{"result":{"stores":[{"name":"archive", "type":"minio", "description":"Object storage backed file store", "status":"Disabled"}, {"name":"disk", "type":"disk", "description":"Local disk storage - intended for local development only", "status":"Ready"}]}}"#,
        )
        .unwrap();
        assert_eq!(stores.result.stores[0].0.status, StoreStatus::Disabled);
        assert_eq!(stores.result.stores[1].0.status, StoreStatus::Ready);
        let files: super::super::common::Envelope<FilesResult> = serde_json::from_str(
            r#"{"result":{"files":[{"path":"/disk/docs/", "name":"docs", "isDirectory":true, "size":"0", "mimeType":"application/octet-stream", "updatedAt":"2026-11-25T06:17:02.769502572Z"},{"path":"/disk/docs/big file.bin", "name":"big file.bin", "isDirectory":false, "size":"12582912"}]}}"#,
        )
        .unwrap();
        assert!(files.result.files[0].0.is_folder);
        assert_eq!(files.result.files[1].0.size, 12_582_912);
        let init: super::super::common::Envelope<InitiateResult> = serde_json::from_str(
            r#"{"result":{"uploadId":"2482ba1d517cdbb366fdab6b71a13ebb", "partSize":"5242880", "totalParts":"3"}}"#,
        )
        .unwrap();
        assert_eq!(init.result.total_parts, 3);
        let part: super::super::common::Envelope<PartResult> = serde_json::from_str(
            r#"{"result":{"part":{"partNumber":"1", "data":"", "etag":"a7522cbeabcbe7e81c58105cfc13f530"}}}"#,
        )
        .unwrap();
        assert_eq!(part.result.part.part_number, 1);
    }

    #[test]
    fn odd_values_do_not_fail() {
        let f: FileDto =
            serde_json::from_str(r#"{"path":"/disk/x/","size":-4,"isDirectory":"yes"}"#).unwrap();
        assert_eq!((f.0.name.as_str(), f.0.is_folder, f.0.size), ("x", true, 0));
        let s: StoreDto = serde_json::from_str(r#"{"name":1,"status":null}"#).unwrap();
        assert_eq!(s.0.name, "1");
    }
}
