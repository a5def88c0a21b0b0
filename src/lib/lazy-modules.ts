/*
 * File parsers are loaded on first use, not at start: sharp brings libvips, and with exifr,
 * music-metadata and file-type they add some 50 MB to a server that, until someone uploads
 * or imports a file, only answers links and lists. (The module loader keeps each one once.)
 */

export const loadSharp = async () => (await import('sharp')).default;
export const loadExifr = async () => (await import('exifr')).default;
export const loadMusicMetadata = () => import('music-metadata');
export const loadFileType = () => import('file-type');
