/**
 * Pulls what the IdP itself said out of an error body, whatever the IdP's error shape:
 * Graph `{error:{code,message}}`, OAuth `{error, error_description}`, Keycloak
 * `{errorMessage}`, authentik `{detail}` or DRF validation errors `{field: [..]}`.
 */
export function idpMessageFrom(body: unknown, rawText: string): string | null {
  const found = pick(body);
  const text = found ?? rawText.trim();
  if (!text) return null;
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

function pick(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (error && typeof error === 'object') {
    const inner = error as Record<string, unknown>;
    if (typeof inner.message === 'string') return typeof inner.code === 'string' ? `${inner.code}: ${inner.message}` : inner.message;
  }
  if (typeof record.error_description === 'string') return typeof error === 'string' ? `${error}: ${record.error_description}` : record.error_description;
  for (const key of ['errorMessage', 'detail', 'message', 'error']) {
    if (typeof record[key] === 'string') return record[key] as string;
  }
  const fieldErrors = Object.entries(record)
    .filter(([, value]) => Array.isArray(value) && value.every((item) => typeof item === 'string'))
    .map(([field, value]) => `${field}: ${(value as string[]).join(' ')}`);
  return fieldErrors.length > 0 ? fieldErrors.join('; ') : null;
}
