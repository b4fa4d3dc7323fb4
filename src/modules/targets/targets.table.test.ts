import { describe, expect, it } from 'vitest';
import { TargetError, foldAccents, parseTarget, urlLookupExpressions } from './index.ts';
import type { TargetErrorCode, TargetFlag, TargetType } from './index.ts';

// [input, explicit type or undefined (detect), expected type, expected value, expected flags (default none)]
type Case = readonly [string, TargetType | undefined, TargetType, string, TargetFlag[]?];
// [input, explicit type or undefined, expected error code]
type ErrorCase = readonly [string, string | undefined, TargetErrorCode];

// Google Safe Browsing canonicalisation vectors
// (https://developers.google.com/safe-browsing/v4/urls-hashing#canonicalization).
const SAFE_BROWSING: Case[] = [
  ['http://host/%25%32%35', 'url', 'url', 'http://host/%25'],
  ['http://host/%25%32%35%25%32%35', 'url', 'url', 'http://host/%25%25'],
  ['http://host/%2525252525252525', 'url', 'url', 'http://host/%25'],
  ['http://host/asdf%25%32%35asd', 'url', 'url', 'http://host/asdf%25asd'],
  ['http://host/%%%25%32%35asd%%', 'url', 'url', 'http://host/%25%25%25asd%25%25'],
  ['http://www.google.com/', 'url', 'url', 'http://www.google.com/'],
  [
    'http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/',
    'url', 'url', 'http://168.188.99.26/.secure/www.ebay.com/', ['ip_host'],
  ],
  [
    'http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/',
    'url', 'url',
    'http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/',
    ['ip_host'],
  ],
  [
    'http://host%23.com/%257Ea%2521b%2540c%2523d%2524e%25f%255E00%252611%252A22%252833%252944_55%252B',
    'url', 'url', 'http://host%23.com/~a!b@c%23d$e%25f^00&11*22(33)44_55+',
  ],
  ['http://3279880203/blah', 'url', 'url', 'http://195.127.0.11/blah', ['ip_host']],
  ['http://www.google.com/blah/..', 'url', 'url', 'http://www.google.com/'],
  ['www.google.com/', 'url', 'url', 'http://www.google.com/'],
  ['www.google.com', 'url', 'url', 'http://www.google.com/'],
  ['http://www.evil.com/blah#frag', 'url', 'url', 'http://www.evil.com/blah'],
  ['http://www.GOOgle.com/', 'url', 'url', 'http://www.google.com/'],
  ['http://www.google.com.../', 'url', 'url', 'http://www.google.com/'],
  ['http://www.google.com/foo\tbar\rbaz\n2', 'url', 'url', 'http://www.google.com/foobarbaz2'],
  ['http://www.google.com/q?', 'url', 'url', 'http://www.google.com/q?'],
  ['http://www.google.com/q?r?', 'url', 'url', 'http://www.google.com/q?r?'],
  ['http://www.google.com/q?r?s', 'url', 'url', 'http://www.google.com/q?r?s'],
  ['http://evil.com/foo#bar#baz', 'url', 'url', 'http://evil.com/foo'],
  ['http://evil.com/foo;', 'url', 'url', 'http://evil.com/foo;'],
  ['http://evil.com/foo?bar;', 'url', 'url', 'http://evil.com/foo?bar;'],
  // Google writes the raw bytes 0x01 0x80; a JS string can only carry them escaped.
  ['http://%01%80.com/', 'url', 'url', 'http://%01%80.com/', ['idn']],
  ['http://notrailingslash.com', 'url', 'url', 'http://notrailingslash.com/'],
  // Deliberate difference: Google drops every port, we drop only the default one.
  ['http://www.gotaport.com:1234/', 'url', 'url', 'http://www.gotaport.com:1234/'],
  ['  http://www.google.com/  ', 'url', 'url', 'http://www.google.com/'],
  ['http:// leadingspace.com/', 'url', 'url', 'http://%20leadingspace.com/'],
  ['http://%20leadingspace.com/', 'url', 'url', 'http://%20leadingspace.com/'],
  ['%20leadingspace.com/', 'url', 'url', 'http://%20leadingspace.com/'],
  ['https://www.securesite.com/', 'url', 'url', 'https://www.securesite.com/'],
  ['http://host.com/ab%23cd', 'url', 'url', 'http://host.com/ab%23cd'],
  ['http://host.com//twoslashes?more//slashes', 'url', 'url', 'http://host.com/twoslashes?more//slashes'],
];

const URLS: Case[] = [
  ['HTTP://Example.COM/a/../login', undefined, 'url', 'http://example.com/login'],
  ['http://example.com/login', undefined, 'url', 'http://example.com/login'],
  ['example.com/login', undefined, 'url', 'http://example.com/login'],
  ['example.com?x=1', undefined, 'url', 'http://example.com/?x=1'],
  ['https://example.com:443/a', undefined, 'url', 'https://example.com/a'],
  ['http://example.com:80/a', undefined, 'url', 'http://example.com/a'],
  ['http://example.com:0080/a', undefined, 'url', 'http://example.com/a'],
  ['https://example.com:80/a', undefined, 'url', 'https://example.com:80/a'],
  ['example.com:8080/admin', undefined, 'url', 'http://example.com:8080/admin'],
  ['http://user:pass@example.com/x', undefined, 'url', 'http://example.com/x'],
  ['//example.com/x', 'url', 'url', 'http://example.com/x'],
  ['http://example.com/a/./b/../c', undefined, 'url', 'http://example.com/a/c'],
  ['http://example.com/a/b/.', undefined, 'url', 'http://example.com/a/b/'],
  ['http://example.com/../../x', undefined, 'url', 'http://example.com/x'],
  ['http://example.com/%2e%2e/x', undefined, 'url', 'http://example.com/x'],
  ['http://example.com/a b', 'url', 'url', 'http://example.com/a%20b'],
  ['http://example.com/đăng-nhập', undefined, 'url', 'http://example.com/%C4%91%C4%83ng-nh%E1%BA%ADp'],
  ['http://example.com/?q=%41', undefined, 'url', 'http://example.com/?q=A'],
  ['http://example.com/a%3Fb', undefined, 'url', 'http://example.com/a?b'],
  ['http://tên-miền.vn/', undefined, 'url', 'http://xn--tn-min-iva0322d.vn/', ['idn']],
  ['http://xn--tn-min-iva0322d.vn/', undefined, 'url', 'http://xn--tn-min-iva0322d.vn/', ['idn', 'punycode']],
  ['https://bücher.de/katalog', undefined, 'url', 'https://xn--bcher-kva.de/katalog', ['idn']],
  ['http://pаypal.com/login', undefined, 'url', 'http://xn--pypal-4ve.com/login', ['confusable', 'idn', 'mixed_script']],
  ['http://vietcombаnk.com.vn/', undefined, 'url', 'http://xn--vietcombnk-6qi.com.vn/', ['confusable', 'idn', 'mixed_script']],
  ['http://ＥＸＡＭＰＬＥ.com/', undefined, 'url', 'http://example.com/', ['idn']],
  ['http://0x7f.1/', undefined, 'url', 'http://127.0.0.1/', ['ip_host', 'private_ip']],
  ['http://0177.0.0.1/', undefined, 'url', 'http://127.0.0.1/', ['ip_host', 'private_ip']],
  ['http://１２７.０.０.１/', undefined, 'url', 'http://127.0.0.1/', ['ip_host', 'private_ip']],
  ['http://192.168.1.1/admin', undefined, 'url', 'http://192.168.1.1/admin', ['ip_host', 'private_ip']],
  ['8.8.8.8/dns', undefined, 'url', 'http://8.8.8.8/dns', ['ip_host']],
  ['http://[2001:DB8::1]:8080/x', undefined, 'url', 'http://[2001:db8::1]:8080/x', ['ip_host', 'private_ip']],
  ['http://[2606:4700:0:0:0:0:0:1]/', undefined, 'url', 'http://[2606:4700::1]/', ['ip_host']],
  ['http://evil.com\\@bank.com/', undefined, 'url', 'http://evil.com/@bank.com/'],
  ['http://evil.com%2F@bank.com/', undefined, 'url', 'http://bank.com/'],
  ['http://vietcombank.com.vn%2F@evil.com/login', undefined, 'url', 'http://evil.com/login'],
  ['http://example.com%3A8080/', undefined, 'url', 'http://example.com:8080/'],
  ['http://%5B::1%5D/', 'url', 'url', 'http://[::1]/', ['ip_host', 'private_ip']],
  ['http:///path', 'url', 'url', 'http://path/'],
  ['http://example.com/#!/login', undefined, 'url', 'http://example.com/'],
  ['http://localhost/x', undefined, 'url', 'http://localhost/x'],
  ['http:example.com/x', 'url', 'url', 'http://example.com/x'],
  ['https://www.facebook.com/share/abc123', undefined, 'url', 'https://www.facebook.com/share/abc123'],
  ['https://www.facebook.com/groups/12345/', undefined, 'url', 'https://www.facebook.com/groups/12345/'],
  ['https://vt.tiktok.com/ZSabc123/', undefined, 'url', 'https://vt.tiktok.com/ZSabc123/'],
  ['https://www.tiktok.com/video/123', undefined, 'url', 'https://www.tiktok.com/video/123'],
  ['https://zalo.me/g/abcxyz', undefined, 'url', 'https://zalo.me/g/abcxyz'],
  ['https://t.me/+AbCdEf123', undefined, 'url', 'https://t.me/+AbCdEf123'],
  ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', undefined, 'url', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
  ['https://www.instagram.com/p/Cabc123/', undefined, 'url', 'https://www.instagram.com/p/Cabc123/'],
  ['https://facebook.com/profile.php', undefined, 'url', 'https://facebook.com/profile.php'],
  ['https://www.facebook.com/abc', 'url', 'url', 'https://www.facebook.com/abc'],
];

const DOMAINS: Case[] = [
  ['example.com', undefined, 'domain', 'example.com'],
  ['Example.COM.', undefined, 'domain', 'example.com'],
  ['www.example.co.uk', undefined, 'domain', 'www.example.co.uk'],
  ['*.example.com', undefined, 'domain', '*.example.com'],
  ['*.Sub.Example.vn', 'domain', 'domain', '*.sub.example.vn'],
  ['bücher.de', undefined, 'domain', 'xn--bcher-kva.de', ['idn']],
  ['xn--bcher-kva.de', undefined, 'domain', 'xn--bcher-kva.de', ['idn', 'punycode']],
  ['tên-miền.vn', undefined, 'domain', 'xn--tn-min-iva0322d.vn', ['idn']],
  ['vietcombаnk.com', undefined, 'domain', 'xn--vietcombnk-6qi.com', ['confusable', 'idn', 'mixed_script']],
  ['раураl.com', undefined, 'domain', 'xn--l-7sba6dbr.com', ['confusable', 'idn', 'mixed_script']],
  ['аррӏе.com', undefined, 'domain', 'xn--80ak6aa92e.com', ['confusable', 'idn']],
  ['gοοgle.com', undefined, 'domain', 'xn--ggle-0nda.com', ['confusable', 'idn', 'mixed_script']],
  ['аpple.com', 'domain', 'domain', 'xn--pple-43d.com', ['confusable', 'idn', 'mixed_script']],
  ['việt.vn', undefined, 'domain', 'xn--vit-5kz.vn', ['idn']],
  ['cơquan.gov.vn', undefined, 'domain', 'xn--cquan-uob.gov.vn', ['idn']],
  ['пример.рф', undefined, 'domain', 'xn--e1afmkfd.xn--p1ai', ['idn']],
  ['abc.com.vn', undefined, 'domain', 'abc.com.vn'],
  ['shop-123.vn', undefined, 'domain', 'shop-123.vn'],
  ['a.b.c.d.example.org', undefined, 'domain', 'a.b.c.d.example.org'],
  ['foo.blogspot.com', undefined, 'domain', 'foo.blogspot.com'],
  ['EXAMPLE.ORG', 'domain', 'domain', 'example.org'],
  ['x.com', undefined, 'domain', 'x.com'],
  ['facebook.com', undefined, 'domain', 'facebook.com'],
];

const PHONES: Case[] = [
  ['0912 345 678', undefined, 'phone', '+84912345678'],
  ['0912.345.678', undefined, 'phone', '+84912345678'],
  ['0912-345-678', undefined, 'phone', '+84912345678'],
  ['0912345678', undefined, 'phone', '+84912345678'],
  ['+84 912 345 678', undefined, 'phone', '+84912345678'],
  ['+84912345678', undefined, 'phone', '+84912345678'],
  ['84912345678', undefined, 'phone', '+84912345678'],
  ['(+84) 912-345-678', undefined, 'phone', '+84912345678'],
  ['+84 0912 345 678', undefined, 'phone', '+84912345678'],
  ['0084 912 345 678', undefined, 'phone', '+84912345678'],
  ['tel:+84912345678', undefined, 'phone', '+84912345678'],
  ['0987654321', undefined, 'phone', '+84987654321'],
  ['0388 123 456', undefined, 'phone', '+84388123456'],
  ['028 3822 1234', undefined, 'phone', '+842838221234'],
  ['(024) 3825 1234', undefined, 'phone', '+842438251234'],
  ['1900 1234', undefined, 'phone', '+8419001234'],
  ['+1 650 253 0000', undefined, 'phone', '+16502530000'],
  ['+44 20 7946 0958', undefined, 'phone', '+442079460958'],
  ['+86 138 0013 8000', undefined, 'phone', '+8613800138000'],
  ['0912 345 678', 'phone', 'phone', '+84912345678'],
  // Possible but not in a known range: accepted only when the type is given.
  ['0123456789', 'phone', 'phone', '+84123456789'],
];

const BANK_ACCOUNTS: Case[] = [
  ['Vietcombank 0123456789', undefined, 'bank_account', 'VCB:0123456789'],
  ['VCB 0123456789', undefined, 'bank_account', 'VCB:0123456789'],
  ['VCB: 0123-456-789', undefined, 'bank_account', 'VCB:0123456789'],
  ['VCB:0123456789', undefined, 'bank_account', 'VCB:0123456789'],
  ['970436 0123456789', undefined, 'bank_account', 'VCB:0123456789'],
  ['stk 0123456789 ngân hàng Techcombank', undefined, 'bank_account', 'TCB:0123456789'],
  ['STK: 1903 6789 0123 - Techcombank', undefined, 'bank_account', 'TCB:190367890123'],
  ['Số tài khoản 0123456789 Ngân hàng Ngoại thương', undefined, 'bank_account', 'VCB:0123456789'],
  ['vietinbank 123456789012', undefined, 'bank_account', 'ICB:123456789012'],
  ['CTG 123456789012', undefined, 'bank_account', 'ICB:123456789012'],
  ['BIDV 12345678901234', undefined, 'bank_account', 'BIDV:12345678901234'],
  ['Agribank 1234567890123', undefined, 'bank_account', 'VBA:1234567890123'],
  ['MB 0912345678', undefined, 'bank_account', 'MB:0912345678'],
  ['MBBank 0912345678', undefined, 'bank_account', 'MB:0912345678'],
  ['ngân hàng Quân Đội 0912345678', undefined, 'bank_account', 'MB:0912345678'],
  ['ACB 12345678', undefined, 'bank_account', 'ACB:12345678'],
  ['VPBank 123456789', undefined, 'bank_account', 'VPB:123456789'],
  ['TPBank 00012345678', undefined, 'bank_account', 'TPB:00012345678'],
  ['Sacombank 0601 2345 6789', undefined, 'bank_account', 'STB:060123456789'],
  ['ngân hàng Sài Gòn Thương Tín 123456789', undefined, 'bank_account', 'STB:123456789'],
  ['ngân hàng Sài Gòn 123456789', undefined, 'bank_account', 'SCB:123456789'],
  ['ngân hàng Sài Gòn - Hà Nội 1234567', undefined, 'bank_account', 'SHB:1234567'],
  ['HDBank 123456789', undefined, 'bank_account', 'HDB:123456789'],
  ['VIB 123456789', undefined, 'bank_account', 'VIB:123456789'],
  ['Eximbank 123456789', undefined, 'bank_account', 'EIB:123456789'],
  ['MSB 123456789', undefined, 'bank_account', 'MSB:123456789'],
  ['SeABank 123456789', undefined, 'bank_account', 'SEAB:123456789'],
  ['OCB 123456789', undefined, 'bank_account', 'OCB:123456789'],
  ['LienVietPostBank 123456789', undefined, 'bank_account', 'LPB:123456789'],
  ['LPBank 123456789', undefined, 'bank_account', 'LPB:123456789'],
  ['Nam A Bank 123456789', undefined, 'bank_account', 'NAB:123456789'],
  ['ngân hàng Nam Á 123456789', undefined, 'bank_account', 'NAB:123456789'],
  ['ABBANK 123456789', undefined, 'bank_account', 'ABB:123456789'],
  ['Bac A Bank 123456789', undefined, 'bank_account', 'BAB:123456789'],
  ['VietABank 123456789', undefined, 'bank_account', 'VAB:123456789'],
  ['BaoViet Bank 123456789', undefined, 'bank_account', 'BVB:123456789'],
  ['Kienlongbank 123456789', undefined, 'bank_account', 'KLB:123456789'],
  ['NCB 123456789', undefined, 'bank_account', 'NCB:123456789'],
  ['PGBank 123456789', undefined, 'bank_account', 'PGB:123456789'],
  ['Saigonbank 123456789', undefined, 'bank_account', 'SGICB:123456789'],
  ['VietBank 123456789', undefined, 'bank_account', 'VIETBANK:123456789'],
  ['PVcomBank 123456789', undefined, 'bank_account', 'PVCB:123456789'],
  ['GPBank 123456789', undefined, 'bank_account', 'GPB:123456789'],
  ['OceanBank 123456789', undefined, 'bank_account', 'OCEANBANK:123456789'],
  ['CBBank 123456789', undefined, 'bank_account', 'CBB:123456789'],
  ['Viet Capital Bank 123456789', undefined, 'bank_account', 'VCCB:123456789'],
  ['Dong A Bank 123456789', undefined, 'bank_account', 'DOB:123456789'],
  ['Shinhan Bank 123456789', undefined, 'bank_account', 'SHBVN:123456789'],
  ['Woori 123456789', undefined, 'bank_account', 'WVN:123456789'],
  ['UOB 123456789', undefined, 'bank_account', 'UOB:123456789'],
  ['Public Bank 123456789', undefined, 'bank_account', 'PBVN:123456789'],
  ['CIMB 123456789', undefined, 'bank_account', 'CIMB:123456789'],
  ['Cake by VPBank 123456789', undefined, 'bank_account', 'CAKE:123456789'],
  ['Timo 123456789', undefined, 'bank_account', 'TIMO:123456789'],
  ['Ubank 123456789', undefined, 'bank_account', 'UBANK:123456789'],
  ['422589 123456789', undefined, 'bank_account', 'CIMB:123456789'],
  ['970415 123456789012', undefined, 'bank_account', 'ICB:123456789012'],
  ['NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM 0123456789', undefined, 'bank_account', 'VCB:0123456789'],
  ['stk 0123456789', undefined, 'bank_account', 'UNKNOWN:0123456789', ['unknown_bank']],
  ['số tài khoản: 0123.456.789', undefined, 'bank_account', 'UNKNOWN:0123456789', ['unknown_bank']],
  ['0123456789', 'bank_account', 'bank_account', 'UNKNOWN:0123456789', ['unknown_bank']],
  ['UNKNOWN:0123456789', 'bank_account', 'bank_account', 'UNKNOWN:0123456789', ['unknown_bank']],
  ['ACB - 12345678 - NGUYEN VAN A', 'bank_account', 'bank_account', 'ACB:12345678'],
  ['Ngân hàng XYZ 0123456789', 'bank_account', 'bank_account', 'UNKNOWN:0123456789', ['unknown_bank']],
  ['vcb 970436 0123456789', 'bank_account', 'bank_account', 'VCB:0123456789'],
];

const SOCIAL: Case[] = [
  ['https://www.facebook.com/profile.php?id=100012345678', undefined, 'social_account', 'facebook:100012345678'],
  ['https://m.facebook.com/profile.php?id=100012345678&ref=x', undefined, 'social_account', 'facebook:100012345678'],
  ['https://www.facebook.com/Nguyen.Van.A', undefined, 'social_account', 'facebook:nguyen.van.a'],
  ['facebook.com/nguyen.van.a/', undefined, 'social_account', 'facebook:nguyen.van.a'],
  ['fb.com/Some.Name', undefined, 'social_account', 'facebook:some.name'],
  ['https://mbasic.facebook.com/scam.page?ref=bookmarks', undefined, 'social_account', 'facebook:scam.page'],
  ['https://www.facebook.com/people/Nguyen-Van-A/100087654321/', undefined, 'social_account', 'facebook:100087654321'],
  ['https://www.facebook.com/pages/Shop-Online/123456789012345', undefined, 'social_account', 'facebook:123456789012345'],
  ['https://www.facebook.com/100012345678', undefined, 'social_account', 'facebook:100012345678'],
  ['https://www.facebook.com/scam.page/posts/pfbid0abc', undefined, 'social_account', 'facebook:scam.page'],
  ['https://www.facebook.com/permalink.php?story_fbid=1&id=100012345678', undefined, 'social_account', 'facebook:100012345678'],
  ['https://zalo.me/0912345678', undefined, 'social_account', 'zalo:+84912345678'],
  ['zalo.me/84912345678', undefined, 'social_account', 'zalo:+84912345678'],
  ['https://zalo.me/4318432412345678901', undefined, 'social_account', 'zalo:4318432412345678901'],
  ['https://www.tiktok.com/@Scam.Er', undefined, 'social_account', 'tiktok:scam.er'],
  ['https://www.tiktok.com/@Scam.Er/video/7234567890123456789', undefined, 'social_account', 'tiktok:scam.er'],
  ['tiktok.com/@shop_vn?lang=vi', undefined, 'social_account', 'tiktok:shop_vn'],
  ['https://www.youtube.com/@SomeChannel', undefined, 'social_account', 'youtube:@somechannel'],
  ['https://m.youtube.com/@SomeChannel/videos', undefined, 'social_account', 'youtube:@somechannel'],
  ['youtube.com/channel/UCabcdefghijklmnopqrstuv', undefined, 'social_account', 'youtube:UCabcdefghijklmnopqrstuv'],
  ['https://www.youtube.com/c/SomeName', undefined, 'social_account', 'youtube:c/somename'],
  ['https://www.youtube.com/user/OldName', undefined, 'social_account', 'youtube:user/oldname'],
  ['https://t.me/ScamBot', undefined, 'social_account', 'telegram:scambot'],
  ['t.me/s/scam_channel', undefined, 'social_account', 'telegram:scam_channel'],
  ['https://telegram.me/scam_channel/123', undefined, 'social_account', 'telegram:scam_channel'],
  ['https://www.instagram.com/Shop.Fake/', undefined, 'social_account', 'instagram:shop.fake'],
  ['https://www.instagram.com/stories/shop.fake/123/', undefined, 'social_account', 'instagram:shop.fake'],
  ['https://m.me/scam.page', undefined, 'social_account', 'facebook:scam.page'],
  ['https://vi-vn.facebook.com/scam.page', undefined, 'social_account', 'facebook:scam.page'],
  ['https://twitter.com/ScamAcct/status/1', undefined, 'social_account', 'x:scamacct'],
  ['https://x.com/ScamAcct', undefined, 'social_account', 'x:scamacct'],
  ['https://mobile.twitter.com/scamacct', undefined, 'social_account', 'x:scamacct'],
  ['facebook:100012345678', undefined, 'social_account', 'facebook:100012345678'],
  ['tiktok:scam.er', undefined, 'social_account', 'tiktok:scam.er'],
  ['tiktok:@Scam.Er', 'social_account', 'social_account', 'tiktok:scam.er'],
  ['fb:Some.Name', 'social_account', 'social_account', 'facebook:some.name'],
  ['zalo:0912345678', 'social_account', 'social_account', 'zalo:+84912345678'],
  ['ig:@shop.fake', 'social_account', 'social_account', 'instagram:shop.fake'],
  ['twitter:@ScamAcct', 'social_account', 'social_account', 'x:scamacct'],
  ['telegram:@ScamBot', 'social_account', 'social_account', 'telegram:scambot'],
  ['youtube:@SomeChannel', 'social_account', 'social_account', 'youtube:@somechannel'],
  ['youtube:SomeChannel', 'social_account', 'social_account', 'youtube:@somechannel'],
  ['youtube:c/SomeName', 'social_account', 'social_account', 'youtube:c/somename'],
  ['https://www.tiktok.com/@scam.er', 'social_account', 'social_account', 'tiktok:scam.er'],
];

const EMAILS: Case[] = [
  ['Nguyen.A@Gmail.COM', undefined, 'email', 'nguyen.a@gmail.com'],
  ['mailto:lua.dao@example.vn', undefined, 'email', 'lua.dao@example.vn'],
  ['a+tag@sub.example.co.uk', undefined, 'email', 'a+tag@sub.example.co.uk'],
  ['support@tên-miền.vn', undefined, 'email', 'support@xn--tn-min-iva0322d.vn', ['idn']],
  ['support@vietcombаnk.com', undefined, 'email', 'support@xn--vietcombnk-6qi.com', ['confusable', 'idn', 'mixed_script']],
  ['user@example.com.', 'email', 'email', 'user@example.com'],
  ["o'brien@example.ie", undefined, 'email', "o'brien@example.ie"],
  ['user@facebook.com', undefined, 'email', 'user@facebook.com'],
];

const IPS: Case[] = [
  ['1.2.3.4', undefined, 'ip', '1.2.3.4'],
  ['8.8.8.8', undefined, 'ip', '8.8.8.8'],
  ['10.1.2.3', undefined, 'ip', '10.1.2.3', ['private_ip']],
  ['10.1.2.3/8', undefined, 'ip', '10.0.0.0/8', ['private_ip']],
  ['192.168.10.77/24', undefined, 'ip', '192.168.10.0/24', ['private_ip']],
  ['172.16.5.4/12', undefined, 'ip', '172.16.0.0/12', ['private_ip']],
  ['172.32.0.1', undefined, 'ip', '172.32.0.1'],
  ['100.64.1.1', undefined, 'ip', '100.64.1.1', ['private_ip']],
  ['127.0.0.1', undefined, 'ip', '127.0.0.1', ['private_ip']],
  ['169.254.169.254', undefined, 'ip', '169.254.169.254', ['private_ip']],
  ['203.0.113.9/32', undefined, 'ip', '203.0.113.9', ['private_ip']],
  ['1.2.3.4/32', undefined, 'ip', '1.2.3.4'],
  ['1.2.3.4/0', undefined, 'ip', '0.0.0.0/0'],
  ['0.0.0.0/0', 'ip', 'ip', '0.0.0.0/0'],
  ['10.0.0.0/7', undefined, 'ip', '10.0.0.0/7'],
  ['113.160.0.1/16', undefined, 'ip', '113.160.0.0/16'],
  ['255.255.255.255', undefined, 'ip', '255.255.255.255', ['private_ip']],
  ['2001:DB8::1', undefined, 'ip', '2001:db8::1', ['private_ip']],
  ['2001:0db8:0000:0000:0000:0000:0000:0001', undefined, 'ip', '2001:db8::1', ['private_ip']],
  ['2001:db8::1/32', undefined, 'ip', '2001:db8::/32', ['private_ip']],
  ['2606:4700:4700::1111', undefined, 'ip', '2606:4700:4700::1111'],
  ['2606:4700:4700::1111/128', undefined, 'ip', '2606:4700:4700::1111'],
  ['2606:4700::/32', undefined, 'ip', '2606:4700::/32'],
  ['2001:db8:0:0:1:0:0:1', undefined, 'ip', '2001:db8::1:0:0:1', ['private_ip']],
  ['2001:db8:0:1:1:1:1:1', undefined, 'ip', '2001:db8:0:1:1:1:1:1', ['private_ip']],
  ['::1', undefined, 'ip', '::1', ['private_ip']],
  ['::', undefined, 'ip', '::', ['private_ip']],
  ['fe80::1', undefined, 'ip', 'fe80::1', ['private_ip']],
  ['fd12:3456::1', undefined, 'ip', 'fd12:3456::1', ['private_ip']],
  ['::ffff:1.2.3.4', undefined, 'ip', '1.2.3.4'],
  ['::FFFF:192.168.0.1', undefined, 'ip', '192.168.0.1', ['private_ip']],
  ['::ffff:1.2.3.0/120', undefined, 'ip', '1.2.3.0/24'],
  ['[2001:db8::1]', 'ip', 'ip', '2001:db8::1', ['private_ip']],
  ['1:2:3:4:5:6:7::', undefined, 'ip', '1:2:3:4:5:6:7:0'],
  ['1:0:0:2:0:0:0:3', undefined, 'ip', '1:0:0:2::3'],
];

const HASHES: Case[] = [
  ['d41d8cd98f00b204e9800998ecf8427e', undefined, 'file_hash', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['D41D8CD98F00B204E9800998ECF8427E', undefined, 'file_hash', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['md5:D41D8CD98F00B204E9800998ECF8427E', undefined, 'file_hash', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['da39a3ee5e6b4b0d3255bfef95601890afd80709', undefined, 'file_hash', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['SHA1: da39a3ee5e6b4b0d3255bfef95601890afd80709', undefined, 'file_hash', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  [
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', undefined, 'file_hash',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ],
  [
    'sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855', undefined, 'file_hash',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ],
  [
    'SHA-256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'file_hash', 'file_hash',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ],
  ['12345678901234567890123456789012', undefined, 'file_hash', '12345678901234567890123456789012'],
];

const TEXTS: Case[] = [
  ['Lừa đảo   qua  mạng', undefined, 'text', 'Lừa đảo qua mạng'],
  ['  Bạn đã trúng thưởng 100 triệu!\n\nBấm vào link  ', undefined, 'text', 'Bạn đã trúng thưởng 100 triệu! Bấm vào link'],
  ['Lu\u0301a da\u0309o', undefined, 'text', 'Lúa dảo'],
  ['tr\u200búng thưởng', undefined, 'text', 'trúng thưởng'],
  ['a\u0000b', undefined, 'text', 'ab'],
  ['Gọi 0912345678 ngay', undefined, 'text', 'Gọi 0912345678 ngay'],
  ['Chuyển 5000000 vào tài khoản VCB', undefined, 'text', 'Chuyển 5000000 vào tài khoản VCB'],
  ['@scammer', undefined, 'text', '@scammer'],
  ['hello', undefined, 'text', 'hello'],
  ['readme.invalidtld', undefined, 'text', 'readme.invalidtld'],
  ['ftp://example.com/file', undefined, 'text', 'ftp://example.com/file'],
  ['http://', undefined, 'text', 'http://'],
  ['12345', undefined, 'text', '12345'],
  ['2024-01-15', undefined, 'text', '2024-01-15'],
  ['0123456789', undefined, 'text', '0123456789'],
  ['1.2.3.256', undefined, 'text', '1.2.3.256'],
  ['abc:def', undefined, 'text', 'abc:def'],
  ['example.com:8080', undefined, 'text', 'example.com:8080'],
  ['com.vn', undefined, 'text', 'com.vn'],
  ['x'.repeat(3000), undefined, 'text', 'x'.repeat(3000)],
  ['0912345678', 'text', 'text', '0912345678'],
];

const ERRORS: ErrorCase[] = [
  ['', undefined, 'TARGET_EMPTY'],
  ['   \n\t ', 'url', 'TARGET_EMPTY'],
  ['\u200b', undefined, 'TARGET_EMPTY'],
  ['\u0000\u0001', 'text', 'TARGET_EMPTY'],
  ['x'.repeat(5001), undefined, 'TARGET_TOO_LONG'],
  ['x'.repeat(5001), 'text', 'TARGET_TOO_LONG'],
  [`http://example.com/${'a'.repeat(2040)}`, 'url', 'TARGET_TOO_LONG'],
  [`http://example.com/${'ă'.repeat(500)}`, 'url', 'TARGET_TOO_LONG'],
  ['example.com', 'website', 'TARGET_TYPE_UNKNOWN'],
  ['example.com', '', 'TARGET_TYPE_UNKNOWN'],
  ['example.com', 'URL', 'TARGET_TYPE_UNKNOWN'],
  ['example.com', 'toString', 'TARGET_TYPE_UNKNOWN'],
  ['ftp://example.com/', 'url', 'TARGET_INVALID'],
  ['javascript:alert(1)', 'url', 'TARGET_INVALID'],
  ['mailto:a@example.com', 'url', 'TARGET_INVALID'],
  ['http://', 'url', 'TARGET_INVALID'],
  ['http://@/x', 'url', 'TARGET_INVALID'],
  ['http://a%2Fb.com/', 'url', 'TARGET_INVALID'],
  ['http://a%40b.com/', 'url', 'TARGET_INVALID'],
  ['http://example.com:99999/', 'url', 'TARGET_INVALID'],
  ['http://example.com:abc/', 'url', 'TARGET_INVALID'],
  ['http://[::1/', 'url', 'TARGET_INVALID'],
  ['http://[1.2.3]/', 'url', 'TARGET_INVALID'],
  ['http://...../', 'url', 'TARGET_INVALID'],
  ['example', 'domain', 'TARGET_INVALID'],
  ['com', 'domain', 'TARGET_INVALID'],
  ['co.uk', 'domain', 'TARGET_INVALID'],
  ['example.invalidtld', 'domain', 'TARGET_INVALID'],
  ['localhost', 'domain', 'TARGET_INVALID'],
  ['1.2.3.4', 'domain', 'TARGET_INVALID'],
  ['exa mple.com', 'domain', 'TARGET_INVALID'],
  ['-example.com', 'domain', 'TARGET_INVALID'],
  ['example..com', 'domain', 'TARGET_INVALID'],
  [`${'a'.repeat(64)}.com`, 'domain', 'TARGET_INVALID'],
  ['https://example.com', 'domain', 'TARGET_INVALID'],
  ['*.com', 'domain', 'TARGET_INVALID'],
  ['a.*.example.com', 'domain', 'TARGET_INVALID'],
  ['113', 'phone', 'TARGET_INVALID'],
  ['1080', 'phone', 'TARGET_INVALID'],
  ['abc', 'phone', 'TARGET_INVALID'],
  ['0912 345 678 ext', 'phone', 'TARGET_INVALID'],
  ['0912345678901234567', 'phone', 'TARGET_INVALID'],
  ['+84', 'phone', 'TARGET_INVALID'],
  ['09+12345678', 'phone', 'TARGET_INVALID'],
  ['0000 000 00', 'phone', 'TARGET_INVALID'],
  ['VCB', 'bank_account', 'TARGET_INVALID'],
  ['VCB 12345', 'bank_account', 'TARGET_INVALID'],
  ['VCB 12345678901234567890', 'bank_account', 'TARGET_INVALID'],
  ['VCB 0123456789 hoặc 0987654321', 'bank_account', 'TARGET_INVALID'],
  ['VCB 0123456789 Techcombank', 'bank_account', 'TARGET_INVALID'],
  ['https://www.facebook.com/share/abc123', 'social_account', 'TARGET_INVALID'],
  ['https://www.facebook.com/groups/12345', 'social_account', 'TARGET_INVALID'],
  ['https://www.tiktok.com/video/123', 'social_account', 'TARGET_INVALID'],
  ['https://example.com/abc', 'social_account', 'TARGET_INVALID'],
  ['@handle', 'social_account', 'TARGET_INVALID'],
  ['myspace:abc', 'social_account', 'TARGET_INVALID'],
  ['constructor:abc', 'social_account', 'TARGET_INVALID'],
  ['https://zalo.me/g/abc', 'social_account', 'TARGET_INVALID'],
  ['https://www.instagram.com/stories/highlights/123/', 'social_account', 'TARGET_INVALID'],
  ['https://t.me/joinchat/AbCdEf', 'social_account', 'TARGET_INVALID'],
  ['https://x.com/i/status/123', 'social_account', 'TARGET_INVALID'],
  ['https://www.youtube.com/watch?v=abc', 'social_account', 'TARGET_INVALID'],
  ['a@b', 'email', 'TARGET_INVALID'],
  ['a@@example.com', 'email', 'TARGET_INVALID'],
  ['a@b@example.com', 'email', 'TARGET_INVALID'],
  ['@example.com', 'email', 'TARGET_INVALID'],
  ['a..b@example.com', 'email', 'TARGET_INVALID'],
  ['.a@example.com', 'email', 'TARGET_INVALID'],
  ['a b@example.com', 'email', 'TARGET_INVALID'],
  [`${'a'.repeat(65)}@example.com`, 'email', 'TARGET_INVALID'],
  ['user@localhost', 'email', 'TARGET_INVALID'],
  ['user@[1.2.3.4]', 'email', 'TARGET_INVALID'],
  ['256.1.1.1', 'ip', 'TARGET_INVALID'],
  ['1.2.3', 'ip', 'TARGET_INVALID'],
  ['01.2.3.4', 'ip', 'TARGET_INVALID'],
  ['1.2.3.4/33', 'ip', 'TARGET_INVALID'],
  ['1.2.3.4/', 'ip', 'TARGET_INVALID'],
  ['1.2.3.4/a', 'ip', 'TARGET_INVALID'],
  ['2001:db8::/129', 'ip', 'TARGET_INVALID'],
  ['1::2::3', 'ip', 'TARGET_INVALID'],
  ['1:2:3:4:5:6:7:8:9', 'ip', 'TARGET_INVALID'],
  ['fe80::1%eth0', 'ip', 'TARGET_INVALID'],
  ['12345', 'ip', 'TARGET_INVALID'],
  ['abc', 'file_hash', 'TARGET_INVALID'],
  ['d41d8cd98f00b204e9800998ecf8427', 'file_hash', 'TARGET_INVALID'],
  ['md5:da39a3ee5e6b4b0d3255bfef95601890afd80709', 'file_hash', 'TARGET_INVALID'],
  ['g41d8cd98f00b204e9800998ecf8427e', 'file_hash', 'TARGET_INVALID'],
];

const ALL_CASES: Case[] = [...SAFE_BROWSING, ...URLS, ...DOMAINS, ...PHONES, ...BANK_ACCOUNTS, ...SOCIAL, ...EMAILS, ...IPS, ...HASHES, ...TEXTS];
const label = (input: string): string => (input.length > 60 ? `${JSON.stringify(input.slice(0, 57))}…` : JSON.stringify(input));

describe('parseTarget table', () => {
  it('has at least 200 cases', () => {
    expect(ALL_CASES.length + ERRORS.length).toBeGreaterThanOrEqual(200);
  });

  it.each(ALL_CASES.map((c) => [label(c[0]), c[1] ?? 'detect', ...c] as const))(
    '%s as %s',
    (_label, _typeLabel, input, type, expectedType, expectedValue, expectedFlags = []) => {
      const target = parseTarget(input, type);
      expect({ type: target.type, value: target.value, flags: target.flags }).toEqual({
        type: expectedType,
        value: expectedValue,
        flags: expectedFlags,
      });
      // The normal form is a fixed point.
      expect(parseTarget(target.value, target.type).value).toBe(target.value);
    },
  );

  it.each(ERRORS.map((c) => [label(c[0]), c[1] ?? 'detect', ...c] as const))(
    '%s as %s is refused',
    (_label, _typeLabel, input, type, code) => {
      let thrown: unknown;
      try {
        parseTarget(input, type);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TargetError);
      expect(thrown instanceof TargetError ? thrown.code : undefined).toBe(code);
      expect(thrown instanceof TargetError ? thrown.reason.length : 0).toBeGreaterThan(0);
    },
  );
});

describe('details and display', () => {
  it('reads domains and skeletons', () => {
    const spoof = parseTarget('vietcombаnk.com');
    expect(spoof.details).toMatchObject({ registrableDomain: 'xn--vietcombnk-6qi.com', skeleton: 'vietcombank.com' });
    expect(spoof.display).toBe('vietcombаnk.com');
    expect(parseTarget('http://Sub.Example.co.uk:8080/x').details).toEqual({ host: 'sub.example.co.uk', registrableDomain: 'example.co.uk' });
    expect(parseTarget('http://1.2.3.4/').details.registrableDomain).toBeNull();
    expect(parseTarget('*.example.com').details).toMatchObject({ wildcard: true, registrableDomain: 'example.com' });
    expect(parseTarget('http://tên-miền.vn/a').display).toBe('http://tên-miền.vn/a');
  });

  it('keeps Vietnamese letters out of the confusable check', () => {
    for (const host of ['việt.vn', 'đăng-ký.vn', 'ngânhàng.vn']) {
      expect(parseTarget(host).flags).toEqual(['idn']);
      expect(parseTarget(host).details.skeleton).toBeUndefined();
    }
  });

  it('formats phones for people', () => {
    expect(parseTarget('84912345678').display).toBe('0912 345 678');
    expect(parseTarget('+1 650 253 0000').display).toBe('+1 650 253 0000');
    expect(parseTarget('0912345678').details.country).toBe('VN');
  });

  it('names banks, platforms and algorithms', () => {
    expect(parseTarget('970436 0123456789').details).toEqual({
      accountNumber: '0123456789', bankCode: 'VCB', bankBin: '970436', bankName: 'Vietcombank',
    });
    expect(parseTarget('https://zalo.me/0912345678').details).toEqual({ platform: 'zalo', handle: '+84912345678' });
    expect(parseTarget('https://zalo.me/0912345678').display).toBe('https://zalo.me/0912345678');
    expect(parseTarget('da39a3ee5e6b4b0d3255bfef95601890afd80709').details).toEqual({ algorithm: 'sha1' });
    expect(parseTarget('10.1.2.3/8').details).toEqual({ ipVersion: 4, prefixLength: 8 });
    expect(parseTarget('a@Example.com').details).toEqual({ localPart: 'a', host: 'example.com', registrableDomain: 'example.com' });
  });
});

describe('urlLookupExpressions', () => {
  it('follows the Safe Browsing examples', () => {
    expect(urlLookupExpressions('http://a.b.c/1/2.html?param=1')).toEqual([
      'a.b.c/1/2.html?param=1', 'a.b.c/1/2.html', 'a.b.c/', 'a.b.c/1/',
      'b.c/1/2.html?param=1', 'b.c/1/2.html', 'b.c/', 'b.c/1/',
    ]);
    expect(urlLookupExpressions('http://a.b.c.d.e.f.g/1.html')).toEqual([
      'a.b.c.d.e.f.g/1.html', 'a.b.c.d.e.f.g/', 'c.d.e.f.g/1.html', 'c.d.e.f.g/',
      'd.e.f.g/1.html', 'd.e.f.g/', 'e.f.g/1.html', 'e.f.g/', 'f.g/1.html', 'f.g/',
    ]);
    expect(urlLookupExpressions('http://1.2.3.4/1/')).toEqual(['1.2.3.4/1/', '1.2.3.4/']);
  });

  it('caps at 30 expressions and drops the port', () => {
    const expressions = urlLookupExpressions('http://a.b.c.d.e.f.g.h/1/2/3/4/5/6.html?x=1');
    expect(expressions).toHaveLength(30);
    expect(urlLookupExpressions('http://example.com:8080/')).toEqual(['example.com/']);
  });
});

describe('foldAccents', () => {
  it.each([
    ['Lừa Đảo', 'lua dao'],
    ['  NGÂN   HÀNG\tÁ Châu ', 'ngan hang a chau'],
    ['đồng', 'dong'],
    ['Việt Nam', 'viet nam'],
    ['İstanbul', 'istanbul'],
  ])('%s → %s', (input, folded) => {
    expect(foldAccents(input)).toBe(folded);
  });
});
