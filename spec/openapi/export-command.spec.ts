import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { ExportCommandIo, OpenAPIObject } from '../../src';
import { runOpenApiExport } from '../../src';

const DOCUMENT: OpenAPIObject = { openapi: '3.0.0', info: { title: 'Catalog', version: '1.0.0' }, paths: {} };
const ROOT = path.resolve(__dirname, '../..');

/** An in-memory terminal and file system for the command. */
class FakeIo implements ExportCommandIo {
  out = '';
  err = '';
  readonly files = new Map<string, string>();
  failWrite?: Error;

  stdout(text: string): void {
    this.out += text;
  }

  stderr(text: string): void {
    this.err += text;
  }

  async writeFile(file: string, text: string): Promise<void> {
    if (this.failWrite) throw this.failWrite;
    this.files.set(file, text);
  }
}

function run(argv: string[], io: FakeIo, build: () => OpenAPIObject = () => DOCUMENT): Promise<number> {
  return runOpenApiExport(argv, build, { command: 'openapi-test', io });
}

describe('runOpenApiExport', () => {
  it('--help', async () => {
    const io = new FakeIo();
    let built = false;
    const status = await run(['--help'], io, () => {
      built = true;
      return DOCUMENT;
    });
    expect(status).to.equal(0);
    expect(io.out).to.match(/^Usage: openapi-test \[--out FILE\]/);
    expect(built).to.equal(false);
  });

  it('--out FILE', async () => {
    const io = new FakeIo();
    expect(await run(['--out', 'openapi.json'], io)).to.equal(0);
    expect(JSON.parse(io.files.get('openapi.json') as string)).to.deep.equal(DOCUMENT);
    expect(io.out).to.equal('Wrote the OpenAPI document to openapi.json\n');
  });

  it('--out=FILE and -o FILE', async () => {
    const io = new FakeIo();
    expect(await run(['--out=a.json'], io)).to.equal(0);
    expect(await run(['-o', 'b.json'], io)).to.equal(0);
    expect([...io.files.keys()]).to.deep.equal(['a.json', 'b.json']);
  });

  it('standard output without --out', async () => {
    const io = new FakeIo();
    expect(await run([], io)).to.equal(0);
    expect(JSON.parse(io.out)).to.deep.equal(DOCUMENT);
  });

  it('--indent', async () => {
    const io = new FakeIo();
    expect(await run(['--indent', '0'], io)).to.equal(0);
    expect(io.out).to.equal(`${JSON.stringify(DOCUMENT)}\n`);
  });

  const badArguments: [string[], string][] = [
    [['--bogus'], 'Unknown option --bogus.'],
    [['--out'], '--out needs a file name.'],
    [['--out='], '--out needs a file name.'],
    [['--out', '--help'], '--out needs a file name.'],
    [['--out', 'a.json', '--out', 'b.json'], '--out is given twice'],
    [['openapi.json'], 'Unexpected argument "openapi.json". Name the output file with --out.'],
    [['--indent', 'two'], '--indent must be a whole number from 0 to 10, got "two".'],
    [['--indent', '11'], '--indent must be a whole number from 0 to 10, got "11".'],
  ];

  for (const [argv, message] of badArguments) {
    it(`rejects ${argv.join(' ')}`, async () => {
      const io = new FakeIo();
      expect(await run(argv, io)).to.equal(2);
      expect(io.err).to.contain(message);
      expect(io.err).to.contain('Usage: openapi-test');
      expect(io.files.size).to.equal(0);
    });
  }

  it('build failure', async () => {
    const io = new FakeIo();
    const status = await run(['--out', 'openapi.json'], io, () => {
      throw new TypeError('NotAController is not a routing-controllers controller');
    });
    expect(status).to.equal(1);
    expect(io.err).to.equal('Failed to build the OpenAPI document: NotAController is not a routing-controllers controller\n');
  });

  it('write failure', async () => {
    const io = new FakeIo();
    io.failWrite = new Error('EACCES: permission denied');
    expect(await run(['--out', '/readonly/openapi.json'], io)).to.equal(1);
    expect(io.err).to.equal('Failed to write /readonly/openapi.json: EACCES: permission denied\n');
  });
});

describe('npm run openapi', function () {
  this.timeout(60000);
  let folder: string;

  before(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'koa-authx-openapi-'));
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  function npmRun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { ...process.env, JWT_SECRET_KEY: 'export-command-spec-secret-0123456789abcdef' };
    return new Promise((resolve) => {
      execFile('npm', ['run', '--silent', 'openapi', '--', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      });
    });
  }

  it('writes the example document', async () => {
    const file = path.join(folder, 'openapi.json');
    const result = await npmRun(['--out', file]);
    expect(result.code, result.stderr).to.equal(0);

    const document = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(document.paths)).to.deep.equal(['/login', '/protected', '/me']);
    expect(document.paths['/protected'].get.security).to.deep.equal([{ bearerAuth: [] }]);
  });

  it('bad argument', async () => {
    const result = await npmRun(['--nope']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('Unknown option --nope.');
  });
});
