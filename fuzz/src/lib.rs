//! Shared by the fuzz targets of `fuzz_targets/`:
//! - [`properties`]: what every entry point must hold for every input;
//! - [`generate`]: realistic inputs from arbitrary bytes (the `structured` target);
//! - [`pick`]: the function and JSON text of a raw input (the `json` target).
//!
//! Every function of the API is reached through `restake_calc::api::entry_points()`,
//! so a function added to that table is fuzzed with no change here.

pub mod generate;
pub mod properties;

use restake_calc::api::{entry_point, entry_points, EntryPoint};

/// The function a raw input calls, and the JSON text it passes: either
/// `name\n{json}` (the seed corpus: `loopPosition\n{"equity": 1, …}`), or, for
/// bytes that do not start with a known name, the function chosen by the
/// first byte and the rest as JSON text.
pub fn pick(data: &[u8]) -> Option<(&'static EntryPoint, &[u8])> {
    let (first, rest) = data.split_first()?;
    if let Some(newline) = data.iter().take(40).position(|&b| b == b'\n') {
        let name = std::str::from_utf8(&data[..newline]).ok();
        if let Some(entry) = name.and_then(entry_point) {
            return Some((entry, &data[newline + 1..]));
        }
    }
    let entries = entry_points();
    Some((&entries[usize::from(*first) % entries.len()], rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arbitrary::Unstructured;

    #[test]
    fn a_name_line_picks_its_function() {
        let (entry, json) = pick(b"tailRisk\n{\"method\":\"normal\"}").unwrap();
        assert_eq!((entry.name, json), ("tailRisk", &b"{\"method\":\"normal\"}"[..]));
        let (entry, json) = pick(&[1, b'{', b'}']).unwrap();
        assert_eq!((entry.name, json), (entry_points()[1].name, &b"{}"[..]));
        assert!(pick(&[]).is_none());
    }

    #[test]
    fn each_structured_seed_calls_its_function_on_its_golden_input() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/structured");
        let mut seeds = 0;
        for file in std::fs::read_dir(dir).unwrap() {
            let path = file.unwrap().path();
            let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
            let (name, n) = stem.rsplit_once('-').unwrap();
            let case = generate::case(&mut Unstructured::new(&std::fs::read(&path).unwrap())).unwrap();
            assert_eq!(case.entry.name, name, "{}", path.display());
            assert_eq!(case.input, generate::goldens(name)[n.parse::<usize>().unwrap()], "{}", path.display());
            seeds += 1;
        }
        assert!(seeds >= entry_points().len());
    }

    #[test]
    fn generated_cases_reach_every_function_and_hold_the_properties() {
        let mut seen = std::collections::BTreeSet::new();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..3000 {
            let bytes: Vec<u8> = (0..256)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            let mut case = generate::case(&mut Unstructured::new(&bytes)).unwrap();
            properties::make_affordable(&mut case.input);
            properties::check(case.entry, &case.input);
            seen.insert(case.entry.name);
        }
        assert_eq!(seen.len(), entry_points().len());
    }
}
