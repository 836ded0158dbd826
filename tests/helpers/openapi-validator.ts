import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Checks real responses against the served OpenAPI 3.1 document: the status is documented for
 * the operation (405 with Allow for a known path and another method; any Problem for an unknown
 * path), the content type is one the operation declares, and a JSON body matches its schema.
 * One validator per document text; each response schema is compiled once, on first use.
 */
// ajv-formats is CommonJS with `exports.default`; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

type Json = Record<string, unknown>;
interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
  $ref?: string;
}
interface Operation {
  operationId?: string;
  responses: Record<string, ResponseObject>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const DOC_ID = 'tillgate:openapi';
/** Served outside the API contract: the document itself, its human page and Prometheus metrics. */
const NOT_API = [/^\/v1\/openapi\.json$/, /^\/docs(\/|$)/, /^\/metrics$/];

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export interface ResponseCheck {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  body: string;
}

export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly paths: { template: string; pattern: RegExp; item: Record<string, Operation> }[];

  constructor(private readonly doc: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema({ ...doc, $id: DOC_ID });
    const paths = (doc.paths ?? {}) as Record<string, Record<string, Operation>>;
    this.paths = Object.entries(paths).map(([template, item]) => ({
      template,
      pattern: new RegExp(
        `^${template
          .split('/')
          .map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
          .join('/')}$`,
      ),
      item,
    }));
  }

  /** The problems with one response; empty when it matches the document. */
  check(r: ResponseCheck): string[] {
    const path = r.path.split('?')[0] ?? r.path;
    if (NOT_API.some((p) => p.test(path))) return [];
    const where = `${r.method} ${path} → ${r.status}`;
    const match = this.paths.find((p) => p.pattern.test(path));
    const type = (r.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!match) {
      // No such path: the API's 404 (or a refusal before routing), always a Problem.
      return this.validate(
        `${DOC_ID}#/components/schemas/Problem`,
        where,
        type === 'application/problem+json' ? r.body : null,
        'application/problem+json',
        type,
      );
    }
    const method = r.method.toLowerCase();
    // A CORS preflight answered by the CORS middleware (configured origins only) is not an API operation.
    if (method === 'options' && r.status === 204 && r.headers.get('access-control-allow-methods')) return [];
    const op = METHODS.includes(method as (typeof METHODS)[number]) ? match.item[method === 'head' ? 'get' : method] : undefined;
    if (!op) {
      if (r.status === 405) {
        if (!r.headers.get('allow')) return [`${where}: 405 without an Allow header`];
        return this.validate(`${DOC_ID}#/components/schemas/Problem`, where, r.body, 'application/problem+json', type);
      }
      return this.validate(
        `${DOC_ID}#/components/schemas/Problem`,
        where,
        r.body,
        'application/problem+json',
        type,
        [401, 403, 421, 429].includes(r.status) ? [] : [`${where}: ${r.method} is not an operation of ${match.template}; expected 405`],
      );
    }
    const opMethod = method === 'head' ? 'get' : method;
    const key = String(r.status) in op.responses ? String(r.status) : 'default' in op.responses ? 'default' : null;
    if (key === null)
      return [`${where}: status ${r.status} is not documented for ${op.operationId ?? match.template} (documented: ${Object.keys(op.responses).join(', ')})`];
    const resp = op.responses[key]!;
    const content = resp.content ?? {};
    if (Object.keys(content).length === 0) return r.body === '' || method === 'head' ? [] : [`${where}: documented without a body, got ${r.body.length} bytes`];
    if (!(type in content)) return [`${where}: content-type ${type || '(none)'} is not one of ${Object.keys(content).join(', ')}`];
    if (method === 'head' || !/json$/.test(type) || content[type]?.schema === undefined) return [];
    const ref = `${DOC_ID}#/paths/${esc(match.template)}/${opMethod}/responses/${key}/content/${esc(type)}/schema`;
    return this.validate(ref, where, r.body, type, type);
  }

  private validate(ref: string, where: string, body: string | null, want: string, got: string, extra: string[] = []): string[] {
    if (body === null || got !== want) return [...extra, `${where}: content-type ${got || '(none)'}, expected ${want}`];
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return [...extra, `${where}: body is not JSON: ${body.slice(0, 200)}`];
    }
    let fn = this.compiled.get(ref);
    if (!fn) {
      fn = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, fn);
    }
    if (fn(value)) return extra;
    const errs = (fn.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${e.params ? JSON.stringify(e.params) : ''}`);
    return [...extra, `${where}: body does not match ${ref.replace(`${DOC_ID}#`, '')}:\n  ${errs.join('\n  ')}\n  body: ${body.slice(0, 500)}`];
  }
}

const cache = new Map<string, OpenApiValidator>();

/** The validator for a document's text (compiled once per distinct document). */
export function validatorFor(docText: string): OpenApiValidator {
  let v = cache.get(docText);
  if (!v) {
    v = new OpenApiValidator(JSON.parse(docText) as Json);
    cache.set(docText, v);
  }
  return v;
}

/** Throws (failing the test that made the request) when the response does not match the document. */
export async function assertMatchesOpenApi(docText: string, method: string, path: string, res: Response): Promise<void> {
  // Only JSON bodies are read: an SSE stream never ends, a PNG is checked by its type.
  const isJson = /json/i.test(res.headers.get('content-type') ?? '');
  const body = method.toUpperCase() === 'HEAD' || res.body === null ? '' : isJson ? await res.clone().text() : '(not read)';
  const problems = validatorFor(docText).check({ method: method.toUpperCase(), path, status: res.status, headers: res.headers, body });
  if (problems.length) throw new Error(`response does not match /v1/openapi.json:\n${problems.join('\n')}`);
}
