import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const OUT_DIR = path.join(ROOT, 'spec/.docs-compiled');

/** Joins the ```ts blocks of a docs/ page into one module that imports the package from src/. */
export function extractModule(page: string): string {
  const markdown = fs.readFileSync(path.join(ROOT, 'docs', page), 'utf8');
  const blocks = [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
  if (blocks.length === 0) throw new Error(`docs/${page} has no \`\`\`ts blocks`);
  return blocks.join('\n').replace(/from 'koa-authx'/g, `from '${path.join(ROOT, 'src').replace(/\\/g, '/')}'`);
}

/**
 * Writes each page's module under spec/.docs-compiled/ and type-checks them all with the
 * project's compiler options. Returns the file of each page; throws with the diagnostics.
 */
export function compileDocs(pages: string[]): Record<string, string> {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const files: Record<string, string> = {};
  for (const page of pages) {
    const file = path.join(OUT_DIR, page.replace(/\.md$/, '.ts'));
    fs.writeFileSync(file, extractModule(page));
    files[page] = file;
  }

  const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const program = ts.createProgram(Object.values(files), { ...options, noEmit: true });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
    throw new Error(ts.formatDiagnostics(diagnostics, host));
  }
  return files;
}

/** Lists the docs/ pages, so a new page cannot skip the check. */
export function docPages(): string[] {
  return fs.readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).sort();
}
