/** Limits of the media API, shared by the route schemas and the services. */
export const TITLE_MAX = 500;
export const DESCRIPTION_MAX = 10_000;
export const MAX_FILES_PER_UPLOAD = 100;

/** The sizes thumbnails come in: the longest side in pixels. */
export const THUMBNAIL_SIZES = [256, 1024] as const;
export type ThumbnailSize = (typeof THUMBNAIL_SIZES)[number];
export const DEFAULT_THUMBNAIL_SIZE: ThumbnailSize = 256;
