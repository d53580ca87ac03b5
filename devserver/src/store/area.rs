//! Where the dev server's file areas live: `/dev/shm` when it has room, else the system's
//! temporary directory.

use std::path::{Path, PathBuf};

/// `/dev/shm` is used only with this much room (a container's is often 64 MB).
const SHM_ROOM: u64 = 2 << 30;

/// Where file areas go: `/dev/shm` where there is one to write in with 2 GiB free (Linux; a
/// file made there costs microseconds, on a busy disk's filesystem up to a millisecond: 100,000
/// of them took 9 s in `/tmp` here), the system's temporary directory elsewhere.
pub(crate) fn root() -> PathBuf {
    let shm = Path::new("/dev/shm");
    let writable =
        shm.is_dir() && free_bytes(shm).is_some_and(|b| b >= SHM_ROOM) && tempfile_probe(shm);
    if writable {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// The bytes an unprivileged writer may still use on `dir`'s filesystem.
#[cfg(target_os = "linux")]
#[allow(clippy::useless_conversion)] // the fields are u32 on some 32-bit targets
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `path` is NUL-terminated and outlives the call; `st` is written by `statvfs`
    // and read only when it says it succeeded.
    let st = unsafe {
        if libc::statvfs(path.as_ptr(), st.as_mut_ptr()) != 0 {
            return None;
        }
        st.assume_init()
    };
    Some(u64::from(st.f_bavail).saturating_mul(u64::from(st.f_frsize)))
}

#[cfg(not(target_os = "linux"))]
fn free_bytes(_dir: &Path) -> Option<u64> {
    None
}

/// A directory can be made (and removed) in `dir`.
fn tempfile_probe(dir: &Path) -> bool {
    let probe = dir.join(format!(
        "devserver-probe-{}-{:08x}",
        std::process::id(),
        fastrand::u32(..)
    ));
    let ok = std::fs::create_dir(&probe).is_ok();
    let _ = std::fs::remove_dir(&probe);
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_area_goes_where_it_may_write() {
        let root = root();
        assert!(tempfile_probe(&root), "{}", root.display());
        #[cfg(target_os = "linux")]
        assert!(free_bytes(Path::new("/")).is_some_and(|b| b > 0));
        assert!(free_bytes(Path::new("/no/such/dir")).is_none());
    }
}
