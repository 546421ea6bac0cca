//! The wasm module returns `presets()` and `discountPresets()` as JSON texts
//! parsed by JS (`src/wasm/static/*.json`) rather than building and
//! serializing them at run time: the same objects, and 3 KB less gzipped
//! `.wasm`. This test keeps the texts equal to what the Rust presets
//! serialize to. After changing a preset, regenerate them with
//!
//!     UPDATE_STATIC_PRESETS=1 cargo test --test static_presets
#![cfg(not(target_arch = "wasm32"))]

use restake_calc::presets::presets;
use restake_calc::simulation::discount_presets;
use std::path::Path;

fn check(file: &str, json: String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/wasm/static").join(file);
    if std::env::var_os("UPDATE_STATIC_PRESETS").is_some() {
        std::fs::write(&path, &json).unwrap();
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == json,
        "src/wasm/static/{file} is not what the Rust presets serialize to: run \
         UPDATE_STATIC_PRESETS=1 cargo test --test static_presets"
    );
}

#[test]
fn presets_json_is_up_to_date() {
    check("presets.json", serde_json::to_string(&presets()).unwrap());
}

#[test]
fn discount_presets_json_is_up_to_date() {
    check("discount_presets.json", serde_json::to_string(&discount_presets()).unwrap());
}
