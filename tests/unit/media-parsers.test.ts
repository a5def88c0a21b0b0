import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { asciiFallbackName, contentDisposition } from '../../src/lib/content-disposition.js';
import { sanitizeFileName, titleFromFileName } from '../../src/lib/file-names.js';
import { ifRangeHolds, parseRange } from '../../src/lib/http-range.js';
import { extractMetadata } from '../../src/metadata/extract.js';
import { sniffFile } from '../../src/metadata/sniff.js';
import { readMp4Facts } from '../../src/metadata/mp4-boxes.js';
import { extractPdf } from '../../src/metadata/pdf.metadata.js';
import { fixture } from '../helpers/media.js';

// Pure parsing and naming rules: no database involved, so no dialect loop.

describe('byte ranges', () => {
  it('reads single ranges and refuses what cannot be served', () => {
    assert.deepEqual(parseRange('bytes=0-99', 1000), { kind: 'partial', start: 0, end: 99 });
    assert.deepEqual(parseRange('bytes=900-', 1000), { kind: 'partial', start: 900, end: 999 });
    assert.deepEqual(parseRange('bytes=-10', 1000), { kind: 'partial', start: 990, end: 999 });
    assert.deepEqual(parseRange('bytes=-5000', 1000), { kind: 'partial', start: 0, end: 999 });
    assert.deepEqual(parseRange('bytes=10-5000', 1000), { kind: 'partial', start: 10, end: 999 });
    assert.deepEqual(parseRange('bytes=1000-', 1000), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRange('bytes=-0', 1000), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRange('bytes=0-0', 0), { kind: 'unsatisfiable' });
    for (const ignored of [
      undefined,
      '',
      'bytes=',
      'bytes=a-b',
      'bytes=5-1',
      'lines=0-1',
      'bytes=0-1,3-4',
      'bytes=1.5-2',
    ]) {
      assert.deepEqual(parseRange(ignored, 1000), { kind: 'full' }, String(ignored));
    }
  });

  it('never answers a range outside the file, whatever the header', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(10_000), (header, size) => {
        const outcome = parseRange(`bytes=${header}`, size);
        if (outcome.kind === 'partial') {
          assert.ok(outcome.start >= 0 && outcome.start <= outcome.end && outcome.end < size);
        }
      }),
    );
  });

  it('applies If-Range only to an exact validator', () => {
    const modified = new Date('2026-01-02T03:04:05.678Z');
    assert.equal(ifRangeHolds(undefined, '"abc"', modified), true);
    assert.equal(ifRangeHolds('"abc"', '"abc"', modified), true);
    assert.equal(ifRangeHolds('W/"abc"', '"abc"', modified), false);
    assert.equal(ifRangeHolds('"other"', '"abc"', modified), false);
    assert.equal(ifRangeHolds(modified.toUTCString(), '"abc"', modified), true);
    assert.equal(ifRangeHolds('Thu, 01 Jan 2026 00:00:00 GMT', '"abc"', modified), false);
    assert.equal(ifRangeHolds('garbage', '"abc"', modified), false);
  });
});

describe('file names', () => {
  it('keeps only a safe display name', () => {
    assert.equal(sanitizeFileName('../../etc/passwd'), 'passwd');
    assert.equal(sanitizeFileName('C:\\Users\\me\\photo.jpg'), 'photo.jpg');
    assert.equal(sanitizeFileName('a\u0000b\u001fc.txt'), 'abc.txt');
    assert.equal(sanitizeFileName('  spaced.txt  '), 'spaced.txt');
    assert.equal(sanitizeFileName('..'), 'file');
    assert.equal(sanitizeFileName(''), 'file');
    assert.equal(sanitizeFileName(undefined), 'file');
    assert.equal(sanitizeFileName('日本語のファイル.png'), '日本語のファイル.png');
    assert.equal(titleFromFileName('holiday.photo.jpg'), 'holiday.photo');
    assert.equal(titleFromFileName('.bashrc'), '.bashrc');
    assert.equal(titleFromFileName('README'), 'README');
  });

  it('never yields a path, a control character or more than 255 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (raw) => {
        const name = sanitizeFileName(raw);
        assert.ok(name.length > 0);
        assert.ok(Buffer.byteLength(name) <= 255);
        // eslint-disable-next-line no-control-regex
        assert.doesNotMatch(name, /[/\\\u0000-\u001f\u007f]/);
        assert.notEqual(name, '..');
      }),
    );
  });

  it('writes a Content-Disposition any client can read back', () => {
    assert.equal(
      contentDisposition('inline', 'naïve "quote".txt'),
      `inline; filename="naive 'quote'.txt"; filename*=UTF-8''na%C3%AFve%20%22quote%22.txt`,
    );
    assert.equal(asciiFallbackName('日本.txt'), '__.txt');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 100 }), (name) => {
        const header = contentDisposition('attachment', name);
        assert.match(header, /^[\u0020-\u007e]+$/);
        const fallback = /filename="([^"]*)"/.exec(header)?.[1];
        assert.ok(fallback !== undefined && !fallback.includes('\\'));
        const encoded = /filename\*=UTF-8''(\S+)$/.exec(header)?.[1] ?? '';
        assert.equal(decodeURIComponent(encoded), name);
      }),
    );
  });
});

describe('metadata extraction on hostile input', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinakes-fuzz-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const samples = ['photo.jpg', 'icon.png', 'clip.mp4', 'song.mp3', 'tone.flac', 'document.pdf', 'plain.txt'];

  it('survives corrupted copies of every fixture', async () => {
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (name, flips, cut) => {
          const bytes = Buffer.from(fixture(name));
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          const damaged = cut === undefined ? bytes : bytes.subarray(0, cut % bytes.length);
          const file = path.join(dir, `sample-${(counter += 1)}`);
          fs.writeFileSync(file, damaged);
          const sniffed = await sniffFile(file, name);
          const extracted = await extractMetadata(file, sniffed, undefined, 5000);
          assert.ok(extracted.width === null || (Number.isInteger(extracted.width) && extracted.width > 0));
          assert.ok(extracted.duration_secs === null || Number.isFinite(extracted.duration_secs));
          assert.doesNotThrow(() => JSON.stringify(extracted.metadata));
          fs.rmSync(file);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('reads nothing, but does not fail, from random bytes posing as PDF and MP4', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (noise) => {
        const file = path.join(dir, 'noise');
        fs.writeFileSync(
          file,
          Buffer.concat([
            Buffer.from('%PDF-1.7\n'),
            noise,
            Buffer.from('\ntrailer << /Info 2 0 R >>\nstartxref\n9\n%%EOF'),
          ]),
        );
        await extractPdf(file);
        fs.writeFileSync(file, Buffer.concat([Buffer.from([0, 0, 0, 16]), Buffer.from('moov'), noise]));
        await readMp4Facts(file);
      }),
      { numRuns: 100 },
    );
  });
});
