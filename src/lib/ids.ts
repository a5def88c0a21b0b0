import { v7 as uuidv7, validate } from 'uuid';

/** Time-ordered ids (UUID v7): they index well and sort by creation. */
export const newId = (): string => uuidv7();

export const isUuid = (value: string): boolean => validate(value);
