//! The API table (`restake_calc::api`): it lists every wasm export once, each
//! entry reads its input as the wasm boundary does, and its errors name fields
//! of its input schema.
#![cfg(not(target_arch = "wasm32"))]

use restake_calc::api::{entry_point, entry_points};
use restake_calc::input;
use restake_calc::read::without_indices;
use restake_calc::tree::Value;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::path::Path;

/// The JS names of the `#[wasm_bindgen]` functions and classes in
/// `src/wasm/*.rs` (items at the start of a line; methods are indented).
fn wasm_exports() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/wasm");
    let mut names = BTreeSet::new();
    for file in std::fs::read_dir(dir).unwrap() {
        let path = file.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let mut js_name = None;
        let mut exported = false;
        for line in text.lines() {
            if line.starts_with("#[wasm_bindgen") {
                exported = !line.contains("typescript_custom_section");
                js_name =
                    line.split("js_name = ").nth(1).map(|r| r.split([',', ')']).next().unwrap().trim().to_string());
            } else if exported {
                let item = line.strip_prefix("pub fn ").or_else(|| line.strip_prefix("pub struct "));
                if let Some(item) = item {
                    let rust_name: String = item.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    names.insert(js_name.take().unwrap_or(rust_name));
                    exported = false;
                } else if !line.starts_with(['#', '/', ' ']) && !line.is_empty() {
                    // An attributed item that is no export (`extern "C" { … }` imports).
                    exported = false;
                }
            }
        }
    }
    names
}

#[test]
fn the_table_lists_every_wasm_export_once() {
    let exports = wasm_exports();
    let table: Vec<&str> = entry_points().iter().map(|e| e.name).collect();
    let listed: BTreeSet<String> = table.iter().map(|s| s.to_string()).collect();
    assert_eq!(listed.len(), table.len(), "a name appears twice in the table: {table:?}");
    assert!(exports.len() >= 20, "found only {exports:?} in src/wasm");
    assert_eq!(listed, exports, "src/api.rs and the #[wasm_bindgen] exports of src/wasm differ");
}

#[test]
fn every_entry_with_an_input_has_a_schema_and_names_a_missing_field() {
    for entry in entry_points() {
        let paths = (entry.input_paths)();
        let empty = (entry.run)(&Value::Object(vec![]));
        if paths.is_empty() {
            assert!(empty.is_ok(), "{} takes no input and cannot fail", entry.name);
            continue;
        }
        let e = empty.expect_err(entry.name);
        assert!(paths.contains(&without_indices(&e.path)), "{}: error at {:?} outside {paths:?}", entry.name, e.path);
        assert!(e.to_string().starts_with(&format!("{}: ", e.path)), "{e}");
    }
}

#[test]
fn a_non_object_input_is_an_error_at_input() {
    for entry in entry_points().iter().filter(|e| !(e.input_paths)().is_empty()) {
        for input in [Value::Null, Value::Number(f64::NAN), Value::String("{}".into()), Value::Array(vec![])] {
            let e = (entry.run)(&input).expect_err(entry.name);
            assert_eq!(e.path, "input", "{}: {e}", entry.name);
        }
    }
}

#[test]
fn entries_are_found_by_their_js_name() {
    assert_eq!(entry_point("loopPosition").map(|e| e.name), Some("loopPosition"));
    assert!(entry_point("loop_position").is_none());
}

/// A number with 17 significant digits in JSON text reads as the `f64` JS's
/// `JSON.parse` gives (serde_json's `float_roundtrip`; its default parser may
/// be one ulp off), so a native caller and the page read the same Decimal.
#[test]
fn json_text_numbers_read_exactly() {
    struct X {
        x: restake_calc::num::Num,
    }
    restake_calc::read_struct!(X { x: "x" });
    for (text, f) in [
        ("0.055171989517199996", 0.055171989517199996_f64),
        ("1.9715053763440862", 1.9715053763440862),
        ("4.905103815466834", 4.905103815466834),
    ] {
        let json = format!(r#"{{ "x": {text} }}"#);
        let parsed: X = input::parse(&mut serde_json::Deserializer::from_str(&json)).unwrap();
        assert_eq!(parsed.x.get(), text.parse::<Decimal>().unwrap(), "{text}");
        assert_eq!(parsed.x.get(), restake_calc::num::decimal_from_f64(f).unwrap(), "{text}");
    }
}
