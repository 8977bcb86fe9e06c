// One vocabulary: the words a screen shows before the notice query answers (the catalogue's
// fallback) are the notice's own words, in both languages.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogues } from '../src/i18n/catalogue';
import { DATA_CATEGORIES } from '@shebao/vocabulary';
import { repoDir } from './e2e/harness';

interface NoticeShape {
  purposes: { purpose: string; name: { zh: string; en: string } }[];
}

describe('names people read', () => {
  it('purpose names in the catalogue are the current notice’s', async () => {
    // Loaded at run time: the server's types stay out of the client's type check.
    const url = pathToFileURL(join(repoDir, 'server/src/modules/consent/notice.content.ts')).href;
    const { NOTICE_V1 } = (await import(/* @vite-ignore */ url)) as { NOTICE_V1: NoticeShape };
    for (const p of NOTICE_V1.purposes) {
      expect(catalogues['zh-CN'].purpose[p.purpose as keyof (typeof catalogues)['zh-CN']['purpose']]).toBe(p.name.zh);
      expect(catalogues.en.purpose[p.purpose as keyof (typeof catalogues)['en']['purpose']]).toBe(p.name.en);
    }
  });

  it('category names are the vocabulary’s, which the notice is rendered from', () => {
    for (const [id, c] of Object.entries(DATA_CATEGORIES)) {
      expect(catalogues['zh-CN'].category[id as keyof typeof DATA_CATEGORIES]).toBe(c.zh);
      expect(catalogues.en.category[id as keyof typeof DATA_CATEGORIES]).toBe(c.en);
    }
  });

  it('address the person as 您, never 你', () => {
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (typeof v === 'function') strings.push(String((v as (...a: unknown[]) => unknown)(1, 2, 3)));
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(catalogues['zh-CN']);
    expect(strings.filter((s) => /你(?!们)/.test(s.replace(/您/g, '')))).toEqual([]);
  });
});
