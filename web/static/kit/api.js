// JSON requests against /api/v1. Errors arrive as {"error": {"code", "message", ...}} and are
// thrown as ApiError, so callers can show `message` next to the field concerned.

import { t } from "./i18n.js";


/**
 * The error body of the API: a code, a message in the page's language, and what else it names
 * (e.g. `field`, `max_bytes`).
 * @typedef {{code?: string, message?: string, field?: string, [key: string]: unknown}} ErrorBody
 */

export class ApiError extends Error {
  /**
   * @param {number} status  The HTTP status; 0 when the server could not be reached.
   * @param {ErrorBody} error
   */
  constructor(status, error) {
    super(error.message || t("Da ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal."));
    this.status = status;
    this.code = error.code || "unknown";
    this.details = error;
  }
}

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta instanceof HTMLMetaElement ? meta.content : "";
}

/**
 * @typedef {object} RequestOptions
 * @property {unknown} [body]  Sent as JSON; a Blob (a file) as it is.
 * @property {string | null} [token]  The customer's bearer token.
 * @property {boolean} [csrf]  A staff page's write: carries the page's CSRF token.
 * @property {AbortSignal} [signal]
 */

/**
 * Sends a request and returns the parsed JSON body (or null for an empty answer), with the
 * response itself as `.response` on the result's wrapper: `{data, response}`.
 * @param {string} method
 * @param {string} url
 * @param {RequestOptions} [options]
 * @returns {Promise<{data: any, response: Response}>}
 */
export async function request(method, url, { body, token, csrf = false, signal } = {}) {
  // The page's own language decides the language of error messages, not the browser's.
  /** @type {Record<string, string>} */
  const headers = { Accept: "application/json", "Accept-Language": document.documentElement.lang || "de" };
  // A file (a Blob) goes as it is, e.g. a CSV upload; anything else as JSON.
  const file = body instanceof Blob;
  if (body !== undefined) headers["Content-Type"] = file ? body.type || "text/csv" : "application/json";
  if (csrf) headers["X-CSRF-Token"] = csrfToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined || file ? /** @type {Blob | undefined} */ (body) : JSON.stringify(body),
      credentials: "same-origin",
      signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, { code: "network", message: t("Keine Verbindung zum Server. Bitte prüfen Sie die Internetverbindung und versuchen Sie es erneut.") });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = data && typeof data.error === "object" ? data.error : {};
    throw new ApiError(response.status, {
      code: error.code || `http_${response.status}`,
      message: error.message || t("Da ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal."),
      ...error,
    });
  }
  return { data, response };
}

/**
 * Staff-side JSON call: the session cookie authenticates, writes carry the CSRF header.
 * @param {string} method
 * @param {string} url
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function staffApi(method, url, body) {
  const write = method !== "GET" && method !== "HEAD";
  const { data } = await request(method, url, { body, csrf: write });
  return data;
}
