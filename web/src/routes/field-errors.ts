import { ApiError } from '../api/errors';

/** Field messages from a 400's `details`, keyed by the last part of the field name. */
export function fieldErrorsFrom(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const result: Record<string, string> = {};
  for (const detail of error.details) {
    const key = detail.field.split('.').pop() ?? detail.field;
    const text = detail.message.charAt(0).toUpperCase() + detail.message.slice(1);
    result[key] = text.endsWith('.') ? text : `${text}.`;
  }
  return result;
}
