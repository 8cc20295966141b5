/** Shared shapes of `npm run init`: what probing a running application found, and the profile drafted from it. */
import type { OpenApiDocument } from '../openapi/types.ts';

/** One GET against the application: its answer, or why there was none. */
export type ProbeAnswer =
  | {
      ok: true;
      url: string;
      status: number;
      /** Lower-case header names. */
      headers: Record<string, string>;
      /** The body, cut at the probe's byte limit. */
      text: string;
    }
  | {
      ok: false;
      url: string;
      /** ECONNREFUSED, ENOTFOUND, "no answer within 3000 ms", ... */
      error: string;
    };

/** The first health path that answered 200. */
export interface HealthFinding {
  path: string;
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
}

/** How a protected metrics endpoint most likely wants its credential. */
export type MetricsAuthHint = { kind: 'bearer' } | { kind: 'header'; name: string };

export interface MetricsFinding {
  path: string;
  /** 200 (served), 401 or 403 (needs a credential). */
  status: number;
  /** A few family names seen in the exposition (empty when the endpoint refused). */
  series: string[];
  /** Set when the endpoint refused without credentials. */
  authHint?: MetricsAuthHint;
  /** Where the hint came from ("WWW-Authenticate: Bearer", "the OpenAPI document", ...). */
  authHintSource?: string;
}

export interface OpenApiFinding {
  /** What the profile's `openapi.document` says: a file relative to the profile, a path on the api or a URL. */
  documentRef: string;
  /** Where it was read from, for messages (absolute file or URL). */
  source: string;
  document: OpenApiDocument;
  /** True when --openapi named it, false when it was found on the application. */
  given: boolean;
}

export interface Findings {
  /** The base URL as given, without a trailing slash. */
  url: string;
  health?: HealthFinding;
  metrics?: MetricsFinding;
  openapi?: OpenApiFinding;
  /** Public GET routes of the OpenAPI document that answered 2xx without credentials ("METHOD path"). */
  verifiedPublic?: string[];
  /** Things worth telling the user that are not TODOs of the profile. */
  notes: string[];
  /** Every request made, for the summary (bounded by MAX_PROBES). */
  probes: ProbeAnswer[];
}

/** A thing a person must fill or decide, shown next to its field and in the printed list. */
export interface Todo {
  /** The profile field (dotted) or variable it is about. */
  field: string;
  text: string;
}
