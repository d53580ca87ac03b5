//! The release wasm keeps its relocations (`--emit-relocs`): `wasm-split-cli` needs them to cut
//! the lazy pages (src/pages/lazy.rs) into chunks after the build (scripts/build.sh). Only the
//! final link of the release wasm changes; the dependencies are built as before.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    if wasm && release {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
