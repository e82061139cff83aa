import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { roles } from '../../shared/users.js';
import { unitLevels } from '../../shared/units.js';
import { auditActions, auditEntityTypes } from '../features/audit/actions.js';

const here = dirname(fileURLToPath(import.meta.url));
const webRoot = join(here, '..');
const languages = ['vi', 'en'] as const;
const pluralSuffix = /_(zero|one|two|few|many|other)$/;

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : flatten(v, `${prefix}${k}.`)));
}

/** Every key of every namespace, plural forms folded into their base key ("count_one" → "count"). */
function loadKeys(lang: string): Map<string, Set<string>> {
  const dir = join(here, lang);
  const out = new Map<string, Set<string>>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const tree = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Tree;
    out.set(file.replace(/\.json$/, ''), new Set(flatten(tree).map((k) => k.replace(pluralSuffix, ''))));
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : sourceFiles(path);
    return /\.(tsx?|jsx?)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const keys = Object.fromEntries(languages.map((l) => [l, loadKeys(l)])) as Record<(typeof languages)[number], Map<string, Set<string>>>;

function has(lang: (typeof languages)[number], ns: string, key: string): boolean {
  return keys[lang].get(ns)?.has(key) ?? false;
}

function missingIn(ns: string, wanted: string[]): string[] {
  return languages.flatMap((lang) => wanted.filter((k) => !has(lang, ns, k)).map((k) => `${lang}/${ns}.json: ${k}`));
}

describe('translations', () => {
  it('has the same namespaces in every language', () => {
    expect([...keys.en.keys()].sort()).toEqual([...keys.vi.keys()].sort());
  });

  it('has every key in every language', () => {
    const problems: string[] = [];
    for (const [ns, viKeys] of keys.vi) {
      const enKeys = keys.en.get(ns) ?? new Set<string>();
      for (const k of viKeys) if (!enKeys.has(k)) problems.push(`en/${ns}.json lacks ${k}`);
      for (const k of enKeys) if (!viKeys.has(k)) problems.push(`vi/${ns}.json lacks ${k}`);
    }
    expect(problems).toEqual([]);
  });

  it('has every key the source code asks for', () => {
    const problems: string[] = [];
    let seen = 0;
    for (const file of sourceFiles(webRoot)) {
      const text = readFileSync(file, 'utf8');
      const nsMatch = /useTranslation\(\s*\[?\s*['"]([\w-]+)['"]/.exec(text);
      const defaultNs = nsMatch?.[1] ?? 'common';
      const calls = text.matchAll(/\bt\(\s*(?:'([^'\n]+)'|"([^"\n]+)"|`([^`$\n]+)`)/g);
      for (const m of calls) {
        const literal = (m[1] ?? m[2] ?? m[3])!;
        const [ns, key] = literal.includes(':') ? (literal.split(':', 2) as [string, string]) : [defaultNs, literal];
        seen++;
        for (const lang of languages) {
          if (!has(lang, ns, key)) problems.push(`${relative(webRoot, file)}: t('${literal}') missing in ${lang}/${ns}.json`);
        }
      }
    }
    expect(seen).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('labels every role, level, audit action and entity type', () => {
    expect(missingIn('common', roles.map((r) => `role.${r}`))).toEqual([]);
    expect(missingIn('common', unitLevels.map((l) => `level.${l}`))).toEqual([]);
    expect(missingIn('roles', roles.flatMap((r) => [`descriptions.${r}`, `permissions.${r}`]))).toEqual([]);
    expect(missingIn('audit', auditActions.map((a) => `actions.${a.replace(/\./g, '_')}`))).toEqual([]);
    expect(missingIn('audit', auditEntityTypes.map((e) => `entityTypes.${e}`))).toEqual([]);
    expect(missingIn('audit', ['added', 'removed', 'changed'].map((k) => `diff.kind.${k}`))).toEqual([]);
    expect(missingIn('common', ['first', 'previous', 'next', 'last'].map((c) => `pagination.${c}`))).toEqual([]);
    expect(missingIn('home', ['morning', 'afternoon', 'evening'].map((g) => `greeting.${g}`))).toEqual([]);
    expect(missingIn('units', ['validate', 'units', 'close', 'links', 'done'].map((p) => `import.phase.${p}`))).toEqual([]);
    expect(missingIn('units', ['official_list', 'reform'].map((k) => `import.kind.${k}`))).toEqual([]);
    expect(missingIn('units', ['create', 'rename', 'unchanged', 'error'].map((a) => `villages.action.${a}`))).toEqual([]);
    expect(missingIn('units', ['history.full', 'history.partial', 'browser.childrenShort', 'childCountShort'])).toEqual([]);
    expect(missingIn('users', ['endedScopes.full', 'endedScopes.partial'])).toEqual([]);
  });

  it('has the error messages that the forms name', () => {
    for (const [file, ns] of [
      ['features/users/userForm.ts', 'users'],
      ['features/units/unitForm.ts', 'units'],
    ] as const) {
      const text = readFileSync(join(webRoot, file), 'utf8');
      const wanted = [...text.matchAll(/'(form\.errors\.\w+)'/g)].map((m) => m[1]!);
      expect(wanted.length).toBeGreaterThan(3);
      expect(missingIn(ns, wanted)).toEqual([]);
    }
  });
});
