/**
 * Credentials, as `ApiDef.auth` describes them: which options hold them, where they travel, which
 * header names hooks must mask, and which strings must be scrubbed from anything shown to the caller.
 */
import { ConfigurationError } from "./errors.js";
import { base64 } from "./redact.js";
import { isValidHeaderName, isValidHeaderValue } from "./request.js";
import type { AuthDef, ClientOptions } from "./types.js";

export interface ResolvedAuth {
  scheme: AuthDef["scheme"];
  /** Headers carrying the credential (set last, so nothing can replace them). */
  headers: Readonly<Record<string, string>>;
  /** The query parameter carrying an API key. */
  query?: { name: string; value: string };
  /** Header names (lower case) that hooks show as `***`. */
  sensitiveHeaders: readonly string[];
  /** The raw secrets; `secretVariants` derives their other spellings. */
  secrets: readonly string[];
}

/**
 * Reads and checks the credentials the scheme needs. Errors name the option, never its value: a value
 * fetch would refuse (a CR/LF, a control character) is refused here instead of inside fetch, whose
 * error would quote it.
 */
export function resolveAuth(auth: AuthDef, options: ClientOptions): ResolvedAuth {
  switch (auth.scheme) {
    case "none":
      return { scheme: "none", headers: {}, sensitiveHeaders: [], secrets: [] };
    case "bearer": {
      const token = credential(options, "token", "a bearer token");
      return {
        scheme: "bearer",
        headers: { Authorization: `Bearer ${token}` },
        sensitiveHeaders: ["authorization"],
        secrets: [token],
      };
    }
    case "basic": {
      const username = credential(options, "username", "the user name for basic authentication", true);
      if (username.includes(":")) throw new ConfigurationError('username must not contain ":"');
      const password = options.password;
      if (typeof password !== "string") {
        throw new ConfigurationError("password is required: the password for basic authentication");
      }
      if (/[\0-\x1f\x7f]/.test(password)) {
        throw new ConfigurationError("password must not contain control characters");
      }
      const pair = `${username}:${password}`;
      // With an empty password the user name is the secret (API keys sent as `key:`).
      const secrets = password === "" ? [pair, username] : [pair, password];
      return {
        scheme: "basic",
        headers: { Authorization: `Basic ${base64(pair)}` },
        sensitiveHeaders: ["authorization"],
        secrets,
      };
    }
    case "apiKey": {
      if (typeof auth.name !== "string" || auth.name === "") {
        throw new ConfigurationError("the API definition's apiKey auth has no parameter name");
      }
      const apiKey = credential(options, "apiKey", "an API key");
      if (auth.in === "header") {
        if (!isValidHeaderName(auth.name)) {
          throw new ConfigurationError(
            `the API key header name ${JSON.stringify(auth.name)} is not a valid header name`,
          );
        }
        return {
          scheme: "apiKey",
          headers: { [auth.name]: apiKey },
          sensitiveHeaders: [auth.name.toLowerCase()],
          secrets: [apiKey],
        };
      }
      if (auth.in === "query") {
        return {
          scheme: "apiKey",
          headers: {},
          query: { name: auth.name, value: apiKey },
          sensitiveHeaders: [],
          secrets: [apiKey],
        };
      }
      throw new ConfigurationError('the API definition\'s apiKey auth must be "in" "header" or "query"');
    }
    default: {
      const scheme: unknown = (auth as { scheme?: unknown }).scheme;
      throw new ConfigurationError(`unknown auth scheme ${JSON.stringify(scheme)} in the API definition`);
    }
  }
}

/** `encoded`: the value travels base64-encoded (basic auth), so any character but a control one is fine. */
function credential(options: ClientOptions, option: string, what: string, encoded = false): string {
  const value = options[option];
  if (typeof value !== "string" || value.trim() === "") {
    throw new ConfigurationError(`${option} is required: ${what}`);
  }
  if (value !== value.trim() || (encoded ? /[\0-\x1f\x7f]/.test(value) : !isValidHeaderValue(value))) {
    throw new ConfigurationError(
      encoded
        ? `${option} contains whitespace at its ends or control characters`
        : `${option} contains whitespace at its ends, control characters or characters above U+00FF`,
    );
  }
  return value;
}

/**
 * The URL with the API key as its only `name` parameter: any copy the server echoed into a next-page
 * link is removed first, so the key is never sent twice. Other parameters are kept byte for byte.
 */
export function withQueryKey(url: string, query: { name: string; value: string } | undefined): string {
  if (!query) return url;
  const hashAt = url.indexOf("#");
  const withoutHash = hashAt < 0 ? url : url.slice(0, hashAt);
  const queryAt = withoutHash.indexOf("?");
  const base = queryAt < 0 ? withoutHash : withoutHash.slice(0, queryAt);
  const search = queryAt < 0 ? "" : withoutHash.slice(queryAt + 1);
  const kept = search.split("&").filter((pair) => {
    if (pair === "") return false;
    const rawName = pair.split("=", 1)[0] ?? "";
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, " "));
    } catch {
      name = rawName;
    }
    return name !== query.name;
  });
  kept.push(new URLSearchParams({ [query.name]: query.value }).toString());
  return `${base}?${kept.join("&")}`;
}
