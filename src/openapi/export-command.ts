import { writeFile } from 'node:fs/promises';
import type { OpenAPIObject } from 'openapi3-ts';

/** Output streams and file writer of {@link runOpenApiExport}, which tests replace. */
export interface ExportCommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  writeFile(file: string, text: string): Promise<void>;
}

/** Options of {@link runOpenApiExport}. */
export interface ExportCommandOptions {
  /** Command line shown in the usage text. Default `openapi`. */
  command?: string;
  io?: ExportCommandIo;
}

interface ExportArguments {
  help: boolean;
  out?: string;
  indent: number;
}

const processIo: ExportCommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  writeFile: (file, text) => writeFile(file, text, 'utf8'),
};

/**
 * Runs a command line that writes the OpenAPI document from `build` as JSON, to the file named
 * by `--out` or to standard output. Resolves to the exit status: 0 on success, 1 when building
 * or writing fails, 2 for bad arguments. `build` runs only after the arguments are checked, so
 * `--help` never loads the app.
 *
 * @example
 * ```ts
 * // scripts/openapi.ts, run as: ts-node scripts/openapi.ts --out openapi.json
 * runOpenApiExport(process.argv.slice(2), () => buildOpenApiDocument(auth, { controllers }))
 *   .then((status) => { process.exitCode = status; });
 * ```
 */
export async function runOpenApiExport(argv: readonly string[], build: () => OpenAPIObject | Promise<OpenAPIObject>, options: ExportCommandOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  const usage = usageText(options.command ?? 'openapi');

  let args: ExportArguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (args.help) {
    io.stdout(usage);
    return 0;
  }

  let text: string;
  try {
    text = `${JSON.stringify(await build(), null, args.indent)}\n`;
  } catch (error) {
    io.stderr(`Failed to build the OpenAPI document: ${describeError(error)}\n`);
    return 1;
  }

  if (args.out === undefined) {
    io.stdout(text);
    return 0;
  }
  try {
    await io.writeFile(args.out, text);
  } catch (error) {
    io.stderr(`Failed to write ${args.out}: ${describeError(error)}\n`);
    return 1;
  }
  io.stdout(`Wrote the OpenAPI document to ${args.out}\n`);
  return 0;
}

function parseArguments(argv: readonly string[]): ExportArguments {
  const args: ExportArguments = { help: false, indent: 2 };

  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = splitOption(argv[i]);
    switch (name) {
      case '-h':
      case '--help':
        args.help = true;
        break;
      case '-o':
      case '--out':
        if (args.out !== undefined) throw new Error('--out is given twice. Name one output file.');
        args.out = optionValue(name, inline ?? argv[++i], 'a file name');
        break;
      case '--indent':
        args.indent = parseIndent(optionValue(name, inline ?? argv[++i], 'a number of spaces'));
        break;
      default:
        throw new Error(name.startsWith('-') ? `Unknown option ${name}.` : `Unexpected argument ${JSON.stringify(name)}. Name the output file with --out.`);
    }
  }
  return args;
}

function splitOption(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return arg.startsWith('--') && equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
}

function optionValue(name: string, value: string | undefined, expected: string): string {
  if (value === undefined || value === '' || value.startsWith('-')) throw new Error(`${name} needs ${expected}.`);
  return value;
}

function parseIndent(text: string): number {
  const indent = Number(text);
  if (!/^\d+$/.test(text) || indent > 10) throw new Error(`--indent must be a whole number from 0 to 10, got ${JSON.stringify(text)}.`);
  return indent;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function usageText(command: string): string {
  return `Usage: ${command} [--out FILE] [--indent N]

Writes the OpenAPI document of the app as JSON.

Options:
  -o, --out FILE   file to write; default: standard output
      --indent N   spaces per indentation level, 0 to 10; default 2
  -h, --help       print this help and exit
`;
}
