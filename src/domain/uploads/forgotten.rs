//! An upload the backend forgot (issue 56): CHORUS's disk store keeps its multipart uploads in
//! memory (`diskfilestore.go`, `multipartUploads`), so after a restart every part, the
//! completion and the abort of an upload started before it are refused, each time, with a 500
//! naming the upload (`workspace-file-service.go`):
//! `Unable to upload part number N for upload ID X at path P`,
//! `Unable to complete multipart upload for upload ID X at path P`. A Retry cannot help then:
//! the row says so in words and offers `Start again` (a new upload of the same file from the first
//! byte) and `Remove`.

/// Whether a refusal (`status`, `message`) of a part or the completion of upload `upload_id` says
/// that the backend no longer has that upload: a 500 whose message names the upload (CHORUS
/// words it so whatever the store's reason: a new upload is then the way on in every case).
pub fn forgotten(status: Option<u16>, message: &str, upload_id: &str) -> bool {
    if status != Some(500) || upload_id.is_empty() {
        return false;
    }
    // The message as the console words it may carry words before CHORUS's own.
    let names_it = message.contains(&format!("for upload ID {upload_id}"));
    let of_a_part_or_the_end = message.contains("Unable to upload part number")
        || message.contains("Unable to complete multipart upload");
    names_it && of_a_part_or_the_end
}

/// What the row of a forgotten upload says.
pub const FORGOTTEN: &str = "The platform no longer has this upload: it dropped the parts it had \
     received (it may have restarted). Retrying cannot finish it. Start again to send the whole \
     file from the first byte, or remove it from the list.";

/// The note once a forgotten upload was started again: what happened before.
pub const STARTED_AGAIN: &str = "Started again from the first byte: the platform had dropped the \
     first attempt.";

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "6f1c0e4a9b2d4c77";

    #[test]
    fn chorus_refusing_a_part_of_an_upload_it_no_longer_has() {
        let m = format!("Unable to upload part number 22 for upload ID {ID} at path /disk/big.bin");
        assert!(forgotten(Some(500), &m, ID));
        let c =
            format!("Unable to complete multipart upload for upload ID {ID} at path /disk/big.bin");
        assert!(forgotten(Some(500), &c, ID));
        // As `ApiError::message` words it (seen in the e2e run of the first build).
        assert!(forgotten(
            Some(500),
            &format!("The server had a problem: {m}"),
            ID
        ));
    }

    #[test]
    fn other_failures_are_not_a_forgotten_upload() {
        let m = format!("Unable to upload part number 22 for upload ID {ID} at path /disk/big.bin");
        // The backend gone (a proxy's 502), a refusal, another upload, another message.
        assert!(!forgotten(Some(502), &m, ID));
        assert!(!forgotten(None, &m, ID));
        assert!(!forgotten(Some(403), &m, ID));
        assert!(!forgotten(Some(500), &m, "another"));
        assert!(!forgotten(Some(500), &m, ""));
        assert!(!forgotten(Some(500), "injected fault: internal error", ID));
        assert!(!forgotten(
            Some(500),
            &format!("Unable to abort multipart upload for upload ID {ID} at path /disk/a"),
            ID
        ));
    }
}
