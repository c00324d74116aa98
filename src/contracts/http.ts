/** An HTTP request to an app route (/apps/<app>/…), as the gateway hands it over. */
export interface HttpRequest {
  method: string;
  /** Path below /apps/<app>, starting with '/'. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON when the body was JSON, else the raw text. */
  body: unknown;
}

export interface HttpResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}
