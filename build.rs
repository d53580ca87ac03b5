//! The release wasm is split (issue 20): `cfg(console_split)` turns the lazy pages of
//! src/pages/lazy.rs into split points, and the wasm keeps its relocations (`--emit-relocs`),
//! which `wasm-split-cli` needs to cut them into chunks after the build (scripts/build.sh). Only
//! this crate and the final link change; the dependencies are built as before. Debug builds
//! (`trunk serve`, the browser tests) and native builds are one module, without split points.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo::rustc-check-cfg=cfg(console_split)");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    if wasm && release {
        println!("cargo:rustc-cfg=console_split");
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
