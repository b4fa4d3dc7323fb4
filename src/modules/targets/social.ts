// Social accounts: `<platform>:<handle>` read from a profile URL or written as `platform:handle`.
// Handles are lower-cased where the platform treats them case-insensitively; YouTube channel ids
// keep their case. A URL on a known platform that names no account (a group, a share link, a
// video without its author) is not an account: detection leaves it to the url parser.
import { readPhoneNumber } from './phone.ts';
import type { SocialPlatform, Target } from './types.ts';
import { invalid } from './types.ts';

type Account = { platform: SocialPlatform; handle: string; profileUrl: string };
type Extractor = (segments: string[], query: URLSearchParams) => Account | null;

// Maps, not object literals: host names and user text must never reach Object.prototype.
const HOSTS: ReadonlyMap<string, SocialPlatform> = new Map([
  ['facebook.com', 'facebook'], ['fb.com', 'facebook'], ['fb.me', 'facebook'], ['m.me', 'facebook'],
  ['zalo.me', 'zalo'],
  ['tiktok.com', 'tiktok'],
  ['youtube.com', 'youtube'],
  ['t.me', 'telegram'], ['telegram.me', 'telegram'], ['telegram.dog', 'telegram'],
  ['instagram.com', 'instagram'], ['instagr.am', 'instagram'],
  ['x.com', 'x'], ['twitter.com', 'x'],
]);
const PLATFORM_NAMES: ReadonlyMap<string, SocialPlatform> = new Map([
  ['facebook', 'facebook'], ['fb', 'facebook'], ['zalo', 'zalo'], ['tiktok', 'tiktok'], ['youtube', 'youtube'],
  ['yt', 'youtube'], ['telegram', 'telegram'], ['tg', 'telegram'], ['instagram', 'instagram'], ['ig', 'instagram'],
  ['x', 'x'], ['twitter', 'x'],
]);
// A host of HOSTS, found anywhere in the input. For ASCII input without percent escapes the
// parsed hostname is a lower-cased stretch of the input, so its absence rules a profile URL out
// without parsing (detection asks this of every value).
const HOST_HINT = new RegExp([...HOSTS.keys()].map((host) => host.replaceAll('.', '\\.')).join('|'), 'i');
const ASCII_WITHOUT_ESCAPES = /^[\x21-\x24\x26-\x7e]*$/;

// Sub-domains that serve the same profiles (mobile, basic, language editions).
const MIRROR_PREFIX = /^(?:(?:www|m|mobile|mbasic|web|touch|[a-z]{2}-[a-z]{2})\.)+/;

// First path segments that are features, not accounts.
const RESERVED: Readonly<Record<SocialPlatform, ReadonlySet<string>>> = {
  facebook: new Set(['groups', 'share', 'sharer', 'sharer.php', 'watch', 'events', 'marketplace', 'photo', 'photo.php',
    'photos', 'reel', 'reels', 'stories', 'story.php', 'hashtag', 'search', 'login', 'login.php', 'help', 'policies',
    'privacy', 'ads', 'business', 'gaming', 'settings', 'messages', 'notifications', 'friends', 'bookmarks', 'live',
    'fundraisers', 'media', 'saved', 'home.php', 'index.php', 'dialog', 'plugins', 'l.php', 'video.php', 'videos', 'p',
    'recover', 'checkpoint', 'terms', 'legal', 'about', 'careers', 'games', 'jobs', 'latest', 'memories', 'messenger',
    'notes', 'offers', 'places', 'public', 'reg', 'signup', 'permalink.php', 'profile.php', 'people', 'pages', 'pg', 'tr']),
  zalo: new Set(['g', 's', 'pc', 'download']),
  tiktok: new Set(),
  youtube: new Set(),
  telegram: new Set(['joinchat', 'addstickers', 'addemoji', 'addtheme', 'addlist', 'proxy', 'socks', 'share', 'iv',
    'login', 'setlanguage', 'bg', 'c', 'confirmphone', 'invoice', 'boost', 'giftcode', 'contact', 'nft', 'm', 's']),
  instagram: new Set(['p', 'reel', 'reels', 'tv', 'explore', 'accounts', 'direct', 'about', 'developer', 'legal', 'web',
    'challenge', 'emails', 'stories', 'highlights', 'ar', 'session', 'privacy']),
  x: new Set(['home', 'i', 'intent', 'search', 'explore', 'hashtag', 'settings', 'messages', 'notifications', 'share',
    'login', 'logout', 'signup', 'tos', 'privacy', 'compose', 'account', 'oauth', 'download', 'jobs', 'about', 'help']),
};

const FACEBOOK_HANDLE = /^[a-z0-9][a-z0-9._-]{0,99}$/i;
const TIKTOK_HANDLE = /^[a-z0-9._]{1,24}$/i;
const YOUTUBE_NAME = /^[\p{L}\p{N}._-]{1,100}$/u;
const YOUTUBE_CHANNEL = /^UC[A-Za-z0-9_-]{22}$/;
const TELEGRAM_HANDLE = /^[a-z][a-z0-9_]{3,31}$/i;
const INSTAGRAM_HANDLE = /^[a-z0-9._]{1,30}$/i;
const X_HANDLE = /^[a-z0-9_]{1,15}$/i;
const DIGITS = /^\d{1,25}$/;

const account = (platform: SocialPlatform, handle: string, profileUrl: string): Account => ({ platform, handle, profileUrl });

function facebookAccount(segments: string[], query: URLSearchParams): Account | null {
  const [first = '', second = '', third = ''] = segments;
  const id = (text: string | null): Account | null =>
    text !== null && DIGITS.test(text) ? account('facebook', text, `https://www.facebook.com/profile.php?id=${text}`) : null;
  const lower = first.toLowerCase();
  if (['profile.php', 'permalink.php', 'story.php'].includes(lower)) return id(query.get('id'));
  if (lower === 'people') return id(third);
  if (lower === 'pages') return id(third) ?? id(second);
  if (lower === 'pg') return handleAccount('facebook', second, FACEBOOK_HANDLE);
  if (DIGITS.test(first)) return id(first);
  if (RESERVED.facebook.has(lower) || lower.endsWith('.php')) return null;
  return handleAccount('facebook', first, FACEBOOK_HANDLE);
}

// Handles are checked after lower-casing, so that the value re-parses to itself.
function handleAccount(platform: 'facebook' | 'telegram' | 'instagram' | 'x', text: string, shape: RegExp): Account | null {
  const handle = text.toLowerCase();
  if (!shape.test(handle) || RESERVED[platform].has(handle)) return null;
  const base = { facebook: 'https://www.facebook.com/', telegram: 'https://t.me/', instagram: 'https://www.instagram.com/', x: 'https://x.com/' };
  return account(platform, handle, base[platform] + handle);
}

function zaloAccount(segments: string[]): Account | null {
  const first = segments[0] ?? '';
  if (!/^\+?\d{6,25}$/.test(first)) return null;
  const phone = readPhoneNumber(first, 'valid');
  if (phone !== null) {
    const national = phone.country === 'VN' ? `0${phone.nationalNumber}` : phone.number.slice(1);
    return account('zalo', phone.number, `https://zalo.me/${national}`);
  }
  return first.startsWith('+') ? null : account('zalo', first, `https://zalo.me/${first}`);
}

function tiktokAccount(segments: string[]): Account | null {
  const first = segments[0] ?? '';
  const handle = first.startsWith('@') ? first.slice(1).toLowerCase() : '';
  return TIKTOK_HANDLE.test(handle) ? account('tiktok', handle, `https://www.tiktok.com/@${handle}`) : null;
}

function youtubeAccount(segments: string[]): Account | null {
  const [first = '', second = ''] = segments;
  const at = (handle: string): Account => account('youtube', handle, `https://www.youtube.com/${handle}`);
  const name = (first.startsWith('@') ? first.slice(1) : second).toLowerCase();
  if (first.startsWith('@')) return YOUTUBE_NAME.test(name) ? at(`@${name}`) : null;
  if (first === 'channel') return YOUTUBE_CHANNEL.test(second) ? account('youtube', second, `https://www.youtube.com/channel/${second}`) : null;
  if (first === 'c' || first === 'user') return YOUTUBE_NAME.test(name) ? at(`${first}/${name}`) : null;
  return null;
}

function telegramAccount(segments: string[]): Account | null {
  const [first = '', second = ''] = segments;
  return handleAccount('telegram', first === 's' ? second : first, TELEGRAM_HANDLE);
}

function instagramAccount(segments: string[]): Account | null {
  const [first = '', second = ''] = segments;
  return handleAccount('instagram', first === 'stories' ? second : first, INSTAGRAM_HANDLE);
}

const EXTRACTORS: Readonly<Record<SocialPlatform, Extractor>> = {
  facebook: facebookAccount,
  zalo: zaloAccount,
  tiktok: tiktokAccount,
  youtube: youtubeAccount,
  telegram: telegramAccount,
  instagram: instagramAccount,
  x: (segments) => handleAccount('x', segments[0] ?? '', X_HANDLE),
};

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The account a profile URL on a known platform names, or null (unknown host, no account, not a URL). */
export function socialAccountFromUrl(input: string): Account | null {
  if (ASCII_WITHOUT_ESCAPES.test(input) && !HOST_HINT.test(input)) return null;
  return accountOfProfileUrl(input);
}

/** socialAccountFromUrl without the shortcut that rules most input out unparsed (exported for its test). */
export function accountOfProfileUrl(input: string): Account | null {
  if (/\s/.test(input)) return null;
  const withScheme = /^https?:\/\//i.test(input) ? input : `https://${input.replace(/^\/\//, '')}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  const platform = HOSTS.get(url.hostname) ?? HOSTS.get(url.hostname.replace(MIRROR_PREFIX, ''));
  if (platform === undefined || url.port !== '') return null;
  const segments = url.pathname.split('/').filter((s) => s !== '').map(decodeSegment);
  return EXTRACTORS[platform](segments, url.searchParams);
}

/** The account in the `platform:handle` form (`tiktok:@abc`, `fb:100012345`, `youtube:UC…`), or null. */
export function socialAccountFromHandle(input: string): Account | null {
  const match = /^([a-z]+):(.+)$/i.exec(input);
  const platform = PLATFORM_NAMES.get(match?.[1]?.toLowerCase() ?? '');
  const text = match?.[2];
  if (platform === undefined || text === undefined) return null;
  const bare = text.replace(/^@/, '');
  switch (platform) {
    case 'tiktok':
      return tiktokAccount([`@${bare}`]);
    case 'youtube':
      if (YOUTUBE_CHANNEL.test(text)) return youtubeAccount(['channel', text]);
      if (/^(?:c|user)\//.test(text)) return youtubeAccount(text.split('/'));
      return youtubeAccount([`@${bare}`]);
    default:
      return EXTRACTORS[platform]([bare], new URLSearchParams());
  }
}

/** True when the input is the canonical `platform:handle` form of a known platform. */
export function looksLikeSocialHandle(input: string): boolean {
  return /^(?:facebook|zalo|tiktok|youtube|telegram|instagram|x):\S+$/.test(input);
}

/** Build the target for an account found by the URL or handle readers. */
export function socialTarget(found: Account): Target {
  return {
    type: 'social_account',
    value: `${found.platform}:${found.handle}`,
    display: found.profileUrl,
    flags: [],
    details: { platform: found.platform, handle: found.handle },
  };
}

/** Parse a social_account target from a profile URL or `platform:handle`. */
export function parseSocialAccount(input: string): Target {
  const found = socialAccountFromHandle(input) ?? socialAccountFromUrl(input);
  if (found === null) return invalid('not a profile on a supported social platform');
  return socialTarget(found);
}
