import { invalidField } from '../errors.js';

// Control characters (line breaks included) have no place in a one-line name.
const CONTROL = /\p{Cc}/u;

/** A name as given, trimmed; blank or with control characters is a 400 naming the field. */
export function cleanName(field: string, value: string): string {
  const name = value.trim();
  if (!name) throw invalidField(field, 'must not be blank');
  if (CONTROL.test(name)) throw invalidField(field, 'must not contain control characters');
  return name;
}

/** Free text such as a description, trimmed; blank becomes null. */
export function cleanText(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}
