// Sizes for make bench: the .wasm raw and gzipped before and after wasm-opt,
// and its largest contributors by kind (twiggy on a build whose function
// names are kept: wasm-bindgen --keep-debug, then wasm-opt with the release
// flags plus -g). Needs the release build of scripts/build.sh first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
const PATH = `${root}/node_modules/.bin:${process.env.HOME}/.cargo/bin:${process.env.PATH}`;
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, env: { ...process.env, PATH }, maxBuffer: 1 << 28 }).toString();

export const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** The module without its custom sections (names, producers): what wasm-opt
 *  would keep of them, so that before and after compare like with like. */
export function stripCustomSections(bytes) {
  const parts = [bytes.subarray(0, 8)];
  let i = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[i++];
      result |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return result >>> 0;
  };
  while (i < bytes.length) {
    const start = i;
    const id = bytes[i++];
    const end = leb() + i;
    if (id !== 0) parts.push(bytes.subarray(start, end));
    i = end;
  }
  return Buffer.concat(parts);
}

/** wasm-opt's flags from Cargo.toml's [package.metadata.wasm-pack.profile.release]. */
export function wasmOptFlags() {
  const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  const list = cargo.match(/\[package\.metadata\.wasm-pack\.profile\.release\][^[]*?wasm-opt = \[([^\]]*)\]/s)[1];
  return [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
}

// What each function is, by its (demangled) name, crate hashes removed
// (`restake_calc[0123…]::` -> `restake_calc::`); the first match wins.
const GROUPS = [
  ['data: strings and tables', /^data segment|^"?\.rodata/],
  ['input reading (tree, read, Num)', /restake_calc::(read|tree|input)\b|FromTree|decimal_from|wasm::tree_of|wasm::input_tree/],
  ['output writing (serde Serialize, wasm::out)', /Serialize|serde_core::ser|wasm::out|collect_seq/],
  ['f64 printing (ryu, float.rs)', /ryu::|restake_calc::float/],
  ['rust_decimal', /rust_decimal/],
  ['libm (exp, log, erf, lgamma)', /libm|compiler_builtins.*math/],
  ['core::fmt, messages, str', /core::fmt|fmt::|Display|Debug|escape|unicode|pad_integral|write_str|write_fmt|core::str|alloc::str|alloc::string|ToString|slice_error/],
  ['allocator, Vec, sort, iterators', /dlmalloc|alloc::|__rdl|__rust_|memcpy|memset|memmove|memcmp|bcmp|btree|raw_vec|core::slice|core::iter|GenericShunt/],
  ['API: loop (leverage, lending, presets)', /restake_calc::(leverage|lending|presets)|^"?(loopPosition|presets)\b/],
  ['API: de-peg, liquidation, AMM', /restake_calc::(depeg|liquidation|amm)|^"?(liquidate|swapQuote|depegSweep|cascade|exitPlan)\b/],
  ['API: options, perps, tail risk, stats', /restake_calc::(options|perps|tail|stats)|^"?(optionPrice|impliedVol|optionGreeksBatch|perpLiquidationPrice|fundingPayment|tailRisk)\b/],
  ['API: yields and risk', /restake_calc::(yields|risk)|^"?(yieldProjection|pointsValue|riskStack|slashingLoss|concentration)\b/],
  ['API: portfolio and rebalancing', /restake_calc::(portfolio|rebalance)|^"?(portfolioRisk|rebalanceCost)\b/],
  ['API: Monte Carlo (simulation)', /restake_calc::simulation|^"?(liquidationProbability|discountPresets|liquidationsimulation_)/i],
  ['numbers, errors (num, error)', /restake_calc::(num|error)/],
  ['wasm-bindgen glue, exports', /wasm_bindgen|js_sys|externref|shim|__wbg|__wbindgen|restake_calc::wasm|import /],
];

export function groupOf(name) {
  const plain = name.replace(/\[[0-9a-f]{16}\]/g, '');
  return GROUPS.find(([, pattern]) => pattern.test(plain))?.[0] ?? 'core, std, other';
}

/** Sizes before/after wasm-opt and the contributors of a names-kept build. */
export function measureSize() {
  const shipped = readFileSync(join(root, 'www/pkg/restake_calc_bg.wasm'));
  const target = JSON.parse(run('cargo', ['metadata', '--no-deps', '--format-version', '1'])).target_directory;
  const cargoWasm = join(target, 'wasm32-unknown-unknown/release/restake_calc.wasm');
  const dir = mkdtempSync(join(tmpdir(), 'restake-size-'));
  try {
    run('wasm-bindgen', ['--target', 'web', '--keep-debug', '--out-dir', dir, cargoWasm]);
    const bindgen = readFileSync(join(dir, 'restake_calc_bg.wasm'));
    const beforeOpt = stripCustomSections(bindgen);
    const named = join(dir, 'named.wasm');
    run('wasm-opt', [...wasmOptFlags(), '-g', join(dir, 'restake_calc_bg.wasm'), '-o', named]);
    let items = [];
    try {
      items = JSON.parse(run('twiggy', ['top', '-n', '100000', '--format', 'json', named]));
    } catch {
      process.stderr.write('[bench] twiggy is not installed (cargo install twiggy): no breakdown of the .wasm\n');
    }
    const code = items.filter((it) => !/function names|"name" section|custom section|producers|target_features/.test(it.name));
    const total = code.reduce((t, it) => t + it.shallow_size, 0);
    const groups = {};
    for (const it of code) {
      const g = groupOf(it.name);
      groups[g] = (groups[g] ?? 0) + it.shallow_size;
    }
    const top = code.sort((a, b) => b.shallow_size - a.shallow_size).slice(0, 15).map((it) => ({ name: it.name.replace(/\[[0-9a-f]{16}\]/g, ''), bytes: it.shallow_size, group: groupOf(it.name) }));
    return {
      flags: wasmOptFlags(),
      beforeOpt: { raw: beforeOpt.length, gzip: gzip(beforeOpt) },
      afterOpt: { raw: shipped.length, gzip: gzip(shipped) },
      groups: Object.entries(groups).sort((a, b) => b[1] - a[1]).map(([group, bytes]) => ({ group, bytes, share: bytes / total })),
      total,
      top,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
