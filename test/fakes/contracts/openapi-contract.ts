import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import addFormats from 'ajv-formats';
import { OpenAPIBackend } from 'openapi-backend';
import type { Document, Operation } from 'openapi-backend';
import { parse as parseYaml } from 'yaml';
import { contractFiles, type ContractName } from './contracts-dir';
import type { ContractChecker, ContractRequest } from './contract-checker';


type Json = Record<string, unknown>;

/**
 * Validates requests and responses against an IdP's published OpenAPI document with
 * openapi-backend (Ajv). Three faithful adjustments make the document usable by Ajv:
 * - operations without an operationId (Keycloak's) get `<method> <path>`;
 * - a `oneOf` with a `discriminator` (authentik's challenges) becomes one branch per mapping
 *   value that requires the discriminator property to hold that value, which is what the
 *   OpenAPI discriminator means and what authentik's own serializer dispatches on (Ajv would
 *   otherwise see several branches match, because `component` only has a default);
 * - `nullable` beside `allOf` without `type` (which Ajv rejects) becomes `anyOf [.., null]`.
 */
export class OpenApiContract implements ContractChecker {
  private constructor(
    readonly name: string,
    private readonly api: InstanceType<typeof OpenAPIBackend>,
  ) {}

  static async load(name: Extract<ContractName, 'authentik' | 'keycloak'>): Promise<OpenApiContract> {
    const cached = loaded.get(name);
    if (cached) return cached;
    const promise = (async () => {
      const document = prepare(readDocument(name));
      const api = new OpenAPIBackend({
        definition: document as unknown as Document,
        apiRoot: name === 'authentik' ? '/api/v3' : '/',
        quick: true,
        ignoreTrailingSlashes: false,
        ajvOpts: { strict: false, logger: false },
        customizeAjv: (ajv) => {
          addFormats(ajv);
          return ajv;
        },
      });
      await api.init();
      return new OpenApiContract(name, api);
    })();
    loaded.set(name, promise);
    return promise;
  }

  checkRequest(request: ContractRequest): { operation: string | null; errors: string[] } {
    const req = { method: request.method.toLowerCase(), path: request.path, query: request.query, headers: request.headers, body: request.body };
    const operation = this.api.router.matchOperation(req) as Operation | undefined;
    if (!operation?.operationId) {
      return { operation: null, errors: [`${request.method} ${request.path} is not an operation of the ${this.name} API`] };
    }
    const result = this.api.validator.validateRequest(req, operation);
    return { operation: operation.operationId, errors: result.valid ? [] : describe(result.errors) };
  }

  checkResponse(operation: string, status: number, body: unknown): string[] {
    const op = this.api.router.getOperation(operation);
    if (!op) return [`unknown operation ${operation}`];
    const declared = Object.keys(op.responses ?? {});
    // Error statuses are often left out of these documents (Keycloak's GET user omits 404),
    // so only an undeclared success status is a violation.
    if (!declared.includes(String(status)) && !declared.includes('default')) {
      if (status >= 400) return [];
      return [`${operation} does not declare status ${status} (declared: ${declared.join(', ')})`];
    }
    const result = this.api.validator.validateResponse(body, op, status);
    return result.valid ? [] : describe(result.errors);
  }
}

const loaded = new Map<string, Promise<OpenApiContract>>();

function describe(errors: unknown): string[] {
  if (!Array.isArray(errors)) return ['invalid'];
  return errors.slice(0, 8).map((error: { instancePath?: string; message?: string; params?: unknown }) => `${error.instancePath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params ?? {})}`.trim());
}

/** The 1.7 MB YAML takes seconds to parse; a JSON copy keyed by the file's size and mtime does not. */
function readDocument(name: Extract<ContractName, 'authentik' | 'keycloak'>): Json {
  const file = contractFiles[name];
  if (!file.endsWith('.yml')) return JSON.parse(readFileSync(file, 'utf8')) as Json;
  const stat = statSync(file);
  const key = createHash('sha256').update(`${file}:${stat.size}:${stat.mtimeMs}`).digest('hex').slice(0, 16);
  const cacheDir = join(tmpdir(), 'enrollment-kiosk-contract-cache');
  const cacheFile = join(cacheDir, `${name}-${key}.json`);
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8')) as Json;
  const document = parseYaml(readFileSync(file, 'utf8')) as Json;
  mkdirSync(cacheDir, { recursive: true });
  // Written aside and renamed, so a parallel test file never reads half a cache.
  writeFileSync(`${cacheFile}.${process.pid}`, JSON.stringify(document));
  renameSync(`${cacheFile}.${process.pid}`, cacheFile);
  return document;
}

function prepare(document: Json): Json {
  const paths = document.paths as Record<string, Record<string, Json>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']) {
      const op = item[method];
      if (op && typeof op.operationId !== 'string') op.operationId = `${method} ${path}`;
    }
  }
  return rewrite(document) as Json;
}

function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) out[key] = rewrite(value);
  const discriminator = out.discriminator as { propertyName?: string; mapping?: Record<string, string> } | undefined;
  if (Array.isArray(out.oneOf) && discriminator?.propertyName && discriminator.mapping) {
    const property = discriminator.propertyName;
    const { discriminator: _dropped, oneOf: _branches, ...rest } = out;
    return {
      ...rest,
      oneOf: Object.entries(discriminator.mapping).map(([value, ref]) => ({
        allOf: [{ $ref: ref }, { type: 'object', required: [property], properties: { [property]: { type: 'string', enum: [value] } } }],
      })),
    };
  }
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _nullable, ...rest } = out;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return out;
}
