import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { randomToken, seal, sha256 } from '../../src/lib/secrets.js';
import { bulkWriter, type Column, type Value } from './bulk-writer.js';
import { benchPasswordHash } from './fixtures.js';
import type { Target } from './target.js';

/** The documented P3 sizes at scale 1; every count scales with BENCH_SCALE. */
export const FULL_SIZES = {
  users: 100_000,
  groups: 10_000,
  shares: 1_000_000,
  activity: 5_000_000,
  bigOwnerShares: 200_000,
  recipientGroups: 50,
  recipientIncoming: 10_000,
  hotLinkActivity: 1_000_000,
  /** Media items of the big owner (each shared with many recipients) and of every other owner. */
  bigOwnerMedia: 2_000,
  mediaPerOwner: 5,
  owners: 10_000,
};

export type Sizes = typeof FULL_SIZES;

export function scaledSizes(scale: number): Sizes {
  const scaled = (value: number, minimum: number) => Math.max(minimum, Math.round(value * scale));
  const sizes: Sizes = {
    users: scaled(FULL_SIZES.users, 200),
    groups: scaled(FULL_SIZES.groups, 60),
    shares: scaled(FULL_SIZES.shares, 2_000),
    activity: scaled(FULL_SIZES.activity, 10_000),
    bigOwnerShares: scaled(FULL_SIZES.bigOwnerShares, 400),
    recipientGroups: Math.min(FULL_SIZES.recipientGroups, scaled(FULL_SIZES.groups, 60) - 10),
    recipientIncoming: scaled(FULL_SIZES.recipientIncoming, 100),
    hotLinkActivity: scaled(FULL_SIZES.hotLinkActivity, 2_000),
    bigOwnerMedia: scaled(FULL_SIZES.bigOwnerMedia, 20),
    mediaPerOwner: FULL_SIZES.mediaPerOwner,
    owners: scaled(FULL_SIZES.owners, 100),
  };
  return sizes;
}

export interface SeedManifest {
  scale: number;
  sizes: Sizes;
  bigOwner: { id: string; sessionId: string };
  recipient: { id: string; sessionId: string };
  hotLink: { id: string; token: string };
  seconds: Record<string, number>;
  totalSeconds: number;
}

/*
 * Ids: UUID v7 layout (48-bit millisecond time first, version 7, RFC 4122 variant) built from
 * the row's own time plus a counter, so ids sort like created_at and are unique without a
 * random draw per row (millions of rows).
 */
let idCounter = 0;
const idSalt = crypto.randomBytes(4).readUInt32BE(0);
function idAt(ms: number): string {
  idCounter++;
  const time = ms.toString(16).padStart(12, '0');
  const counter = idCounter.toString(16).padStart(12, '0');
  const salt = idSalt.toString(16).padStart(8, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${salt.slice(0, 3)}-8${salt.slice(3, 6)}-${counter}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

const USER_COLUMNS: Column[] = [
  { name: 'id', type: 'text' },
  { name: 'username', type: 'text' },
  { name: 'password_hash', type: 'text' },
  { name: 'role', type: 'text' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
];

const SHARE_COLUMNS: Column[] = [
  'id',
  'owner_id',
  'target_type',
  'target_id',
  'recipient_type',
  'recipient_user_id',
  'recipient_group_id',
  'token_hash',
  'token_sealed',
].map((name) => ({ name, type: 'text' as const }));
SHARE_COLUMNS.push(
  ...['can_view', 'can_download', 'can_edit', 'can_delete', 'can_reshare', 'can_add'].map((name) => ({
    name,
    type: 'integer' as const,
  })),
  { name: 'note', type: 'text' },
  { name: 'expires_at', type: 'timestamptz' },
  { name: 'access_count', type: 'integer' },
  { name: 'inherit_to_children', type: 'integer' },
  { name: 'revoked_at', type: 'timestamptz' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
);

/**
 * Builds the P3 database with bulk inserts. Layout (full scale):
 * - user 0 is the big owner (200,000 outgoing shares of 2,000 media items, 80% to users, 10% to
 *   groups, 10% links; the first is the hot link with 1,000,000 activity rows);
 * - user 1 is the recipient, member of 50 groups, with 10,000 live incoming shares (20% to
 *   them directly, 80% to those groups);
 * - 10,000 other owners hold 5 media items each and the remaining shares, to other users,
 *   other groups and links; 5% of those are expired and 2% revoked;
 * - every other user is in one group (groups of ~10); 5,000,000 activity rows in all.
 */
export async function seedScale(
  target: Target,
  scale: number,
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<SeedManifest> {
  const sizes = scaledSizes(scale);
  const seconds: Record<string, number> = {};
  const began = performance.now();
  // Create the schema through the app's own migrations, then write directly.
  const migrated = await target.open();
  await migrated.close();
  const writer = await bulkWriter(target);
  const sealKey = target.sealKey();
  const passwordHash = await benchPasswordHash();
  const now = Date.now();
  const start = now - 400 * 24 * 3600 * 1000;

  const step = async (name: string, work: () => Promise<number>) => {
    const t0 = performance.now();
    const rows = await work();
    const took = (performance.now() - t0) / 1000;
    seconds[name] = Number(took.toFixed(1));
    log(
      `  ${name}: ${rows.toLocaleString('en-US')} rows in ${took.toFixed(1)} s (${Math.round(rows / Math.max(took, 0.001)).toLocaleString('en-US')}/s)`,
    );
  };

  try {
    // Users: 0 big owner, 1 recipient, 2..owners+1 media owners, the rest viewers.
    const userIds: string[] = [];
    for (let i = 0; i < sizes.users; i++) userIds.push(idAt(start - 1000 * (sizes.users - i)));
    const user = (index: number) => userIds[index] as string;
    await step('users', () =>
      writer.insert(
        'users',
        USER_COLUMNS,
        (function* (): Generator<Value[]> {
          for (let i = 0; i < sizes.users; i++) {
            const name = i === 0 ? 'big-owner' : i === 1 ? 'recipient' : `user-${String(i).padStart(6, '0')}`;
            const time = iso(start - 1000 * (sizes.users - i));
            yield [user(i), name, passwordHash, i <= sizes.owners + 1 ? 'editor' : 'viewer', time, time];
          }
        })(),
      ),
    );
    const bigOwner = { id: user(0), sessionId: idAt(now) };
    const recipient = { id: user(1), sessionId: idAt(now) };
    await step('sessions', () =>
      writer.insert(
        'sessions',
        [
          ...['id', 'user_id', 'user_agent', 'ip'].map((name): Column => ({ name, type: 'text' })),
          ...['created_at', 'last_used_at', 'expires_at'].map((name): Column => ({
            name,
            type: 'timestamptz',
          })),
        ],
        [bigOwner, recipient].map((who) => [
          who.sessionId,
          who.id,
          'bench',
          '127.0.0.1',
          iso(now),
          iso(now),
          iso(now + 365 * 86400_000),
        ]),
      ),
    );

    // Groups: the recipient's are 0..recipientGroups-1; everyone else is in group (i % groups).
    const groupIds: string[] = [];
    for (let g = 0; g < sizes.groups; g++) groupIds.push(idAt(start - 500 * (sizes.groups - g)));
    const group = (index: number) => groupIds[index] as string;
    await step('groups', () =>
      writer.insert(
        'groups',
        [
          { name: 'id', type: 'text' },
          { name: 'name', type: 'text' },
          { name: 'created_at', type: 'timestamptz' },
          { name: 'updated_at', type: 'timestamptz' },
        ],
        groupIds.map((id, g) => [id, `group-${String(g).padStart(5, '0')}`, iso(start), iso(start)]),
      ),
    );
    await step('group_members', () =>
      writer.insert(
        'group_members',
        [
          { name: 'group_id', type: 'text' },
          { name: 'user_id', type: 'text' },
          { name: 'added_at', type: 'timestamptz' },
        ],
        (function* (): Generator<Value[]> {
          for (let g = 0; g < sizes.recipientGroups; g++) yield [group(g), recipient.id, iso(start)];
          for (let i = 2; i < sizes.users; i++) yield [group(i % sizes.groups), user(i), iso(start)];
        })(),
      ),
    );

    // Media: the big owner's first, then `mediaPerOwner` per other owner. Files are not needed
    // for lists; the hot link's answer only reads the row.
    const bigMedia: string[] = [];
    const ownerMedia: string[] = [];
    const mediaOwner: string[] = [];
    const mediaTitle = new Map<string, string>();
    await step('media', () =>
      writer.insert(
        'media',
        [
          ...['id', 'owner_id', 'title', 'file_name', 'media_type', 'mime_type'].map((name): Column => ({
            name,
            type: 'text',
          })),
          { name: 'size_bytes', type: 'bigint' },
          { name: 'content_hash', type: 'text' },
          { name: 'width', type: 'integer' },
          { name: 'height', type: 'integer' },
          { name: 'metadata', type: 'text' },
          { name: 'search_text', type: 'text' },
          { name: 'created_at', type: 'timestamptz' },
          { name: 'updated_at', type: 'timestamptz' },
        ],
        (function* (): Generator<Value[]> {
          const total = sizes.bigOwnerMedia + sizes.owners * sizes.mediaPerOwner;
          for (let m = 0; m < total; m++) {
            const ownerIndex =
              m < sizes.bigOwnerMedia ? 0 : 2 + Math.floor((m - sizes.bigOwnerMedia) / sizes.mediaPerOwner);
            const id = idAt(start - 100_000 + m);
            const owner = user(ownerIndex);
            if (ownerIndex === 0) bigMedia.push(id);
            else {
              ownerMedia.push(id);
              mediaOwner.push(owner);
            }
            const title = `Photo ${m}`;
            mediaTitle.set(id, title);
            const time = iso(start - 100_000 + m);
            yield [
              id,
              owner,
              title,
              `photo-${m}.jpg`,
              'image',
              'image/jpeg',
              250_000 + (m % 1000),
              sha256(`bench-media-${m}`),
              4000,
              3000,
              '{"camera":{"make":"Pinakes","model":"Fixture-1"}}',
              `${title} photo-${m}.jpg harbour`,
              time,
              time,
            ];
          }
        })(),
      ),
    );

    // Shares, interleaved in time: g % 5 == 0 the big owner, g % 100 == 1 the recipient's incoming,
    // the rest general (scaled so each category gets its documented count).
    const bigEvery = Math.max(1, Math.round(sizes.shares / sizes.bigOwnerShares));
    const incomingEvery = Math.max(2, Math.round(sizes.shares / sizes.recipientIncoming));
    const shareIds: string[] = [];
    const stepMs = (now - 60_000 - start) / sizes.shares;
    const hotLinkToken = randomToken(32);
    let hotLinkId = '';
    let big = 0;
    let incoming = 0;
    let general = 0;
    const viewers = sizes.users - 2;
    const otherGroups = sizes.groups - sizes.recipientGroups;
    await step('shares', () =>
      writer.insert(
        'shares',
        SHARE_COLUMNS,
        (function* (): Generator<Value[]> {
          for (let g = 0; g < sizes.shares; g++) {
            const time = Math.round(start + g * stepMs);
            const id = idAt(time);
            shareIds.push(id);
            let owner: string;
            let targetId: string;
            let type: 'user' | 'group' | 'public_link';
            let recipientUser: string | null = null;
            let recipientGroup: string | null = null;
            let expires: string | null = null;
            let revoked: string | null = null;
            let hotLink = false;
            if (g % bigEvery === 0 && big < sizes.bigOwnerShares) {
              const k = big++;
              owner = bigOwner.id;
              targetId = bigMedia[k % bigMedia.length] as string;
              const round = Math.floor(k / bigMedia.length);
              const kind = k % 10;
              hotLink = k === 0;
              if (hotLink || kind === 0) type = 'public_link';
              else if (kind === 1 && round < otherGroups) {
                type = 'group';
                recipientGroup = group(sizes.recipientGroups + round);
              } else {
                type = 'user';
                recipientUser = user(2 + (round % viewers));
              }
            } else if (g % incomingEvery === 1 && incoming < sizes.recipientIncoming) {
              const i = incoming++;
              const m = i % ownerMedia.length;
              owner = mediaOwner[m] as string;
              targetId = ownerMedia[m] as string;
              if (i % 5 === 0) {
                type = 'user';
                recipientUser = recipient.id;
              } else {
                type = 'group';
                recipientGroup = group(i % sizes.recipientGroups);
              }
            } else {
              const j = general++;
              const m = j % ownerMedia.length;
              const round = Math.floor(j / ownerMedia.length);
              owner = mediaOwner[m] as string;
              targetId = ownerMedia[m] as string;
              const kind = j % 10;
              if (kind === 0) type = 'public_link';
              else if (kind <= 2) {
                type = 'group';
                recipientGroup = group(sizes.recipientGroups + ((round * 31 + m) % otherGroups));
              } else {
                type = 'user';
                recipientUser = user(2 + ((round * 7919 + m) % viewers));
                if (recipientUser === owner) recipientUser = user(2 + ((round * 7919 + m + 1) % viewers));
              }
              if (j % 20 === 7) expires = iso(time + 7 * 86400_000 < now ? time + 7 * 86400_000 : now - 1000);
              else if (j % 50 === 13) revoked = iso(time + 1000);
            }
            let tokenHash: string | null = null;
            let tokenSealed: string | null = null;
            if (type === 'public_link') {
              const token = hotLink ? hotLinkToken : `bench-link-${g}`;
              if (hotLink) hotLinkId = id;
              tokenHash = sha256(token);
              tokenSealed = seal(sealKey, token);
            }
            yield [
              id,
              owner,
              'media',
              targetId,
              type,
              recipientUser,
              recipientGroup,
              tokenHash,
              tokenSealed,
              1,
              1,
              0,
              0,
              0,
              0,
              g % 7 === 0 ? 'for the family album' : null,
              expires,
              g % 3,
              1,
              revoked,
              iso(time),
              iso(time),
            ];
          }
        })(),
      ),
    );
    if (!hotLinkId) throw new Error('the hot link was not created');

    // Activity in time order: every fifth row (up to its quota) on the hot link, the rest spread
    // over shares that existed at that time.
    const hotEvery = Math.max(1, Math.round(sizes.activity / sizes.hotLinkActivity));
    const activityStep = (now - 30_000 - start) / sizes.activity;
    let hot = 0;
    const actions = ['accessed', 'accessed', 'accessed', 'downloaded', 'updated', 'password_failed'];
    await step('share_activity', () =>
      writer.insert(
        'share_activity',
        [
          { name: 'id', type: 'text' },
          { name: 'share_id', type: 'text' },
          { name: 'actor_ip', type: 'text' },
          { name: 'action', type: 'text' },
          { name: 'details', type: 'text' },
          { name: 'created_at', type: 'timestamptz' },
        ],
        (function* (): Generator<Value[]> {
          for (let r = 0; r < sizes.activity; r++) {
            const time = Math.round(start + r * activityStep);
            let shareId: string;
            if (r % hotEvery === 0 && hot < sizes.hotLinkActivity) {
              hot++;
              shareId = hotLinkId;
            } else {
              const existing = Math.max(1, Math.floor((r / sizes.activity) * sizes.shares));
              shareId = shareIds[(r * 7919) % existing] as string;
            }
            const action = actions[r % actions.length] as string;
            yield [
              idAt(time),
              shareId,
              `198.51.100.${r % 250}`,
              action,
              action === 'accessed' ? '{"user_agent":"Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}' : '{}',
              iso(time),
            ];
          }
        })(),
      ),
    );

    await step('vacuum analyze', async () => {
      // PostgreSQL's autovacuum would vacuum and analyze these tables on its own soon after (the
      // visibility map makes index-only scans possible); do it now so every run measures the same
      // plans. SQLite gets no statistics: it runs as a fresh instance would.
      if (target.dialect === 'postgres') await writer.exec('vacuum analyze');
      return 0;
    });
    const totalSeconds = Number(((performance.now() - began) / 1000).toFixed(1));
    return {
      scale,
      sizes,
      bigOwner,
      recipient,
      hotLink: { id: hotLinkId, token: hotLinkToken },
      seconds,
      totalSeconds,
    };
  } finally {
    await writer.close();
  }
}
