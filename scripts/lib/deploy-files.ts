// What `supabase functions deploy <name>` uploads, assembled into a directory so it can be
// type-checked with the edge runtime's Deno before a real deploy finds out. The CLI's rules
// (supabase/cli, functions deploy): the entrypoint supabase/functions/<name>/index.ts and every
// local file its module graph reaches (relative imports, type-only and JSON ones too), resolved
// with the function's own deno.json / deno.jsonc if it has one, else config.toml's
// [functions.<name>] import_map, else the legacy supabase/functions/import_map.json. The
// repository's root deno.json is NOT read — what works under `deno check --config deno.json` may
// not resolve once deployed.
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type DeploySet = { name: string; entry: string; config: string | null; files: string[] };

const SPEC = /(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importMapFor(root: string, name: string): string | null {
  const fnDir = path.join(root, 'supabase', 'functions', name);
  for (const f of ['deno.json', 'deno.jsonc']) if (existsSync(path.join(fnDir, f))) return path.join(fnDir, f);
  const toml = path.join(root, 'supabase', 'config.toml');
  if (existsSync(toml)) {
    const section = new RegExp(`\\[functions\\.${name}\\]([^[]*)`).exec(readFileSync(toml, 'utf8'))?.[1] ?? '';
    const map = /import_map\s*=\s*"([^"]+)"/.exec(section)?.[1];
    if (map) return path.resolve(path.join(root, 'supabase'), map);
  }
  const legacy = path.join(root, 'supabase', 'functions', 'import_map.json');
  return existsSync(legacy) ? legacy : null;
}

export function deploySet(root: string, name: string): DeploySet {
  const entry = path.join(root, 'supabase', 'functions', name, 'index.ts');
  const config = importMapFor(root, name);
  const imports: Record<string, string> = config ? ((JSON.parse(readFileSync(config, 'utf8')) as { imports?: Record<string, string> }).imports ?? {}) : {};
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!/\.(ts|tsx|js|mjs)$/.test(file)) return;
    for (const m of readFileSync(file, 'utf8').matchAll(SPEC)) {
      let spec = m[1] ?? m[2]!;
      const mapped = imports[spec];
      if (mapped && /^\.{0,2}\//.test(mapped)) spec = path.resolve(path.dirname(config!), mapped);
      else if (!/^\.{1,2}\//.test(spec)) continue; // npm:, jsr:, node:, https:, or a bare name the map sends remote
      const target = path.isAbsolute(spec) ? spec : path.resolve(path.dirname(file), spec);
      if (!existsSync(target)) throw new Error(`${path.relative(root, file)} imports ${spec}, which does not exist`);
      walk(target);
    }
  };
  walk(entry);
  if (config) seen.add(config);
  return { name, entry, config, files: [...seen].map((f) => path.relative(root, f)).sort() };
}

/** Copies one function's deploy set into `dir`, keeping repository-relative paths. */
export function assemble(root: string, set: DeploySet, dir: string): void {
  for (const f of set.files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    cpSync(path.join(root, f), path.join(dir, f));
  }
}
